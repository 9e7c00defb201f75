export declare const minimumNode: { major: number; minor: number };
export declare function unsupportedNodeMessage(version: string): string | undefined;
