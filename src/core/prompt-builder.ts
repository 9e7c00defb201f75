/**
 * A structured prompt builder: the parts video models respond to best (what is seen, what it
 * does, where, how the camera moves, the light, the look, the feel, the specifics), assembled
 * into one prompt in the order the providers' prompting guides recommend. Pure.
 */
import { invalidRequest } from './errors.ts';

export interface PromptParts {
  /** Who or what the shot is about. Required. */
  subject: string;
  /** What the subject does. */
  action?: string | undefined;
  /** Where and when. */
  setting?: string | undefined;
  /** Shot type and camera movement, e.g. "slow dolly-in, low angle". */
  camera?: string | undefined;
  lighting?: string | undefined;
  /** Visual style or medium, e.g. "35mm film, shallow depth of field". */
  style?: string | undefined;
  mood?: string | undefined;
  /** Anything else: textures, small motions, sound. */
  details?: string | undefined;
}

export const promptPartNames = [
  'subject',
  'action',
  'setting',
  'camera',
  'lighting',
  'style',
  'mood',
  'details',
] as const satisfies readonly (keyof PromptParts)[];

/**
 * Assembles the parts into a prompt: one sentence for subject, action and setting, then
 * labelled sentences for camera, lighting, style, mood and details (labels help models keep
 * the camera instructions apart from the scene).
 *
 * @example
 * buildPrompt({ subject: 'a red fox', action: 'trots through fresh snow', setting: 'in a birch forest at dawn',
 *   camera: 'slow tracking shot at ground level', lighting: 'soft golden backlight', style: '35mm film' });
 * // "A red fox trots through fresh snow in a birch forest at dawn. Camera: slow tracking shot at
 * //  ground level. Lighting: soft golden backlight. Style: 35mm film."
 */
export function buildPrompt(parts: PromptParts): string {
  const subject = clean(parts.subject);
  if (!subject) throw invalidRequest('A prompt needs a subject.', 'subject');
  const scene = [subject, clean(parts.action), clean(parts.setting)].filter(Boolean).join(' ');
  const sentences = [sentence(scene)];
  const labelled: Array<[string, string | undefined]> = [
    ['Camera', parts.camera],
    ['Lighting', parts.lighting],
    ['Style', parts.style],
    ['Mood', parts.mood],
  ];
  for (const [label, value] of labelled) {
    const text = clean(value);
    if (text) sentences.push(`${label}: ${sentence(text, false)}`);
  }
  const details = clean(parts.details);
  if (details) sentences.push(sentence(details));
  return sentences.join(' ');
}

/** Whitespace collapsed, trailing punctuation removed. */
function clean(value: string | undefined): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\s.;,]+$/u, '');
}

function sentence(text: string, capitalise = true): string {
  const first = capitalise ? text.charAt(0).toUpperCase() : text.charAt(0);
  return `${first}${text.slice(1)}.`;
}
