/**
 * A deterministic stand-in for a provider's content moderation. It refuses prompts naming
 * real public figures, asking for graphic violence, or naming well-known copyrighted
 * characters, and reference media carrying the human-face marker bytes. Pure.
 */

export type PolicyCategory = 'public_figure' | 'graphic_violence' | 'copyrighted_character' | 'human_face';

export interface PolicyVerdict {
  category: PolicyCategory;
  /** The term that matched (for logs and docs; never shown to callers as the reason). */
  matched: string;
}

/** Bytes that mark a reference image or video as "shows a human face". */
export const HUMAN_FACE_MARKER = 'REELGATE_HUMAN_FACE';

export const PUBLIC_FIGURES = [
  'taylor swift',
  'barack obama',
  'michelle obama',
  'donald trump',
  'joe biden',
  'kamala harris',
  'elon musk',
  'mark zuckerberg',
  'jeff bezos',
  'bill gates',
  'beyonce',
  'kim kardashian',
  'tom cruise',
  'scarlett johansson',
  'leonardo dicaprio',
  'oprah winfrey',
  'pope francis',
  'king charles',
  'vladimir putin',
  'xi jinping',
  'emmanuel macron',
  'cristiano ronaldo',
  'lionel messi',
  'lebron james',
  'albert einstein',
  'marilyn monroe',
  'michael jackson',
];

export const GRAPHIC_VIOLENCE = [
  'gore',
  'gory',
  'decapitate',
  'decapitated',
  'decapitation',
  'beheading',
  'beheaded',
  'dismember',
  'dismembered',
  'dismemberment',
  'disembowel',
  'disemboweled',
  'mutilate',
  'mutilated',
  'mutilation',
  'massacre',
  'bloodbath',
  'blood bath',
  'torture',
  'tortured',
  'execution style',
  'mass shooting',
];

export const COPYRIGHTED_CHARACTERS = [
  'mickey mouse',
  'minnie mouse',
  'donald duck',
  'spider-man',
  'spiderman',
  'batman',
  'superman',
  'wonder woman',
  'iron man',
  'darth vader',
  'yoda',
  'harry potter',
  'pikachu',
  'super mario',
  'luigi',
  'sonic the hedgehog',
  'homer simpson',
  'bart simpson',
  'shrek',
  'elsa from frozen',
  'buzz lightyear',
  'hello kitty',
  'james bond',
  'mario bros',
];

const rules: Array<{ category: PolicyCategory; terms: string[] }> = [
  { category: 'public_figure', terms: PUBLIC_FIGURES },
  { category: 'graphic_violence', terms: GRAPHIC_VIOLENCE },
  { category: 'copyrighted_character', terms: COPYRIGHTED_CHARACTERS },
];

/** Lower case, accents removed, punctuation (except hyphens) turned into spaces. */
function normalise(text: string): string {
  return ` ${text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, ' ')} `;
}

/** The first rule a prompt breaks, or null when it is acceptable. Whole words only. */
export function checkPrompt(prompt: string): PolicyVerdict | null {
  const text = normalise(prompt);
  for (const rule of rules) {
    for (const term of rule.terms) {
      if (text.includes(` ${term} `)) return { category: rule.category, matched: term };
    }
  }
  return null;
}

/** Whether uploaded media carries the human-face marker anywhere in its bytes. */
export function checkMediaBytes(bytes: Uint8Array): PolicyVerdict | null {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(HUMAN_FACE_MARKER)
    ? { category: 'human_face', matched: HUMAN_FACE_MARKER }
    : null;
}
