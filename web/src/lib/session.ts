/** The API key (this browser's localStorage), the "signed out" mark, and form drafts. */
const storageKey = 'reelgate.apiKey';
const signedOutKey = 'reelgate.signedOut';

function read(storage: 'local' | 'session', key: string): string | undefined {
  try {
    return (storage === 'local' ? window.localStorage : window.sessionStorage).getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function write(storage: 'local' | 'session', key: string, value: string | undefined): void {
  try {
    const store = storage === 'local' ? window.localStorage : window.sessionStorage;
    if (value === undefined) store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    // Private mode: it then lasts for this page only.
  }
}

export const loadKey = (): string | undefined => read('local', storageKey);

export function saveKey(key: string): void {
  write('local', storageKey, key);
  write('local', signedOutKey, undefined);
}

/** Forgets the key and remembers the choice, so a reload does not sign in automatically again. */
export function signOutHere(): void {
  write('local', storageKey, undefined);
  write('local', signedOutKey, '1');
}

export function forgetKey(): void {
  write('local', storageKey, undefined);
}

export const signedOutHere = (): boolean => read('local', signedOutKey) === '1';

export function maskKey(key: string): string {
  return key.length <= 10 ? '••••' : `${key.slice(0, 6)}…${key.slice(-4)}`;
}

/** Saved JSON drafts (storyboard, create form): survive navigation and reloads. */
export function loadDraft<T>(name: string): T | undefined {
  const raw = read('local', `reelgate.draft.${name}`);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export function saveDraft(name: string, value: unknown): void {
  write('local', `reelgate.draft.${name}`, value === undefined ? undefined : JSON.stringify(value));
}

/** A one-shot hand-over to the create form ("edit and try again"), read once. */
export interface Handover {
  prompt: string;
  model?: string;
  output?: string;
  duration?: number;
  /** Asset ids the video was made with. */
  assets?: string[];
}

export function handOver(handover: Handover): void {
  write('session', 'reelgate.handover', JSON.stringify(handover));
}

export function takeHandover(): Handover | undefined {
  const raw = read('session', 'reelgate.handover');
  write('session', 'reelgate.handover', undefined);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Handover;
  } catch {
    return undefined;
  }
}
