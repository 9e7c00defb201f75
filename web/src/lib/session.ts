/** The API key, kept in this browser's localStorage. */
const storageKey = 'reelgate.apiKey';

export function loadKey(): string | undefined {
  try {
    return window.localStorage.getItem(storageKey) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveKey(key: string): void {
  try {
    window.localStorage.setItem(storageKey, key);
  } catch {
    // Private mode: the key then lasts for this page only.
  }
}

export function forgetKey(): void {
  try {
    window.localStorage.removeItem(storageKey);
  } catch {
    // nothing stored
  }
}

export function maskKey(key: string): string {
  return key.length <= 10 ? '••••' : `${key.slice(0, 6)}…${key.slice(-4)}`;
}

/** A prompt handed to the create form ("edit and try again"), read once. */
const draftKey = 'reelgate.draft';

export function saveDraft(draft: { prompt: string; duration?: number }): void {
  try {
    window.sessionStorage.setItem(draftKey, JSON.stringify(draft));
  } catch {
    // unavailable: the form simply starts empty
  }
}

export function takeDraft(): { prompt: string; duration?: number } | undefined {
  try {
    const raw = window.sessionStorage.getItem(draftKey);
    window.sessionStorage.removeItem(draftKey);
    return raw ? (JSON.parse(raw) as { prompt: string; duration?: number }) : undefined;
  } catch {
    return undefined;
  }
}
