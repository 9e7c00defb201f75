// Plain JavaScript on purpose: it must load on any Node, including ones too old for reelgate.
/** The oldest Node that runs reelgate's TypeScript sources directly (type stripping on by default). */
export const minimumNode = { major: 22, minor: 18 };

/** One line for a Node too old to load the sources; undefined when `version` (e.g. "v20.20.2") is fine. */
export function unsupportedNodeMessage(version) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > minimumNode.major || (major === minimumNode.major && minor >= minimumNode.minor)) {
    return undefined;
  }
  return (
    `reelgate needs Node.js ${minimumNode.major}.${minimumNode.minor} or newer (this is ${version}). ` +
    'In the reelgate folder, after `npm install`, run `npm start` or `npx reelgate <command>`: ' +
    'they use the Node 24 that npm install brings. Or upgrade Node.'
  );
}
