/**
 * A prompt linter: warnings, each with a stable code, a reason and a suggestion, for prompts
 * that video models tend to render poorly. Advice only (never blocks a request). Pure.
 *
 * The checks are keyword heuristics in English: a prompt can describe a camera without any of
 * the listed words and still be fine.
 */

export type PromptLintCode =
  | 'empty'
  | 'too_long'
  | 'too_vague'
  | 'missing_camera'
  | 'missing_lighting'
  | 'missing_style'
  | 'negative_phrasing'
  | 'overloaded';

export interface PromptLintWarning {
  code: PromptLintCode;
  message: string;
  /** Why it matters for video generation. */
  reason: string;
  suggestion: string;
}

export interface PromptLintOptions {
  /** The model's prompt length limit in characters, when it has one. */
  maxLength?: number | undefined;
  /** The clip length, to judge whether too much happens for the time. */
  durationSeconds?: number | undefined;
}

const cameraWords = [
  'camera',
  'shot',
  'close up',
  'closeup',
  'close-up',
  'medium shot',
  'establishing',
  'wide shot',
  'wide angle',
  'overhead shot',
  'dolly',
  'pan',
  'panning',
  'tilt',
  'tracking',
  'handheld',
  'hand held',
  'aerial',
  'drone',
  'zoom',
  'crane',
  'pov',
  'point of view',
  'static',
  'top down',
  'low angle',
  'high angle',
  'eye level',
  'push in',
  'pull back',
  'orbit',
  'orbiting',
  'steadicam',
  'gimbal',
  'over the shoulder',
  'macro',
  'lens',
  'telephoto',
  'fisheye',
  'angle',
  'framing',
  'mm',
];
const lightingWords = [
  'light',
  'lights',
  'lighting',
  'lit',
  'sunlight',
  'sunlit',
  'sunset',
  'sunrise',
  'dawn',
  'dusk',
  'golden hour',
  'blue hour',
  'neon',
  'shadow',
  'shadows',
  'backlit',
  'backlight',
  'rim light',
  'glow',
  'glowing',
  'candle',
  'candlelight',
  'moonlight',
  'moonlit',
  'overcast',
  'fluorescent',
  'chiaroscuro',
  'silhouette',
  'volumetric',
  'low key',
  'high key',
  'bright',
  'dim',
  'dark',
  'harsh',
  'diffused',
  'lamp',
];
const styleWords = [
  'style',
  'cinematic',
  'film',
  'filmic',
  'photoreal',
  'photorealistic',
  'realistic',
  'hyperreal',
  'anime',
  'animated',
  'animation',
  'cartoon',
  'watercolor',
  'watercolour',
  'oil painting',
  'painterly',
  '3d',
  'cgi',
  'render',
  'claymation',
  'stop motion',
  'documentary',
  'noir',
  'vintage',
  'retro',
  'vhs',
  'black and white',
  'monochrome',
  'illustration',
  'illustrated',
  'pixel art',
  'surreal',
  'minimalist',
  'aesthetic',
  'shot on',
  '35mm',
  '16mm',
  '70mm',
  'super 8',
  'imax',
  'technicolor',
  'grain',
  'grainy',
];
const vagueWords = [
  'something',
  'stuff',
  'things',
  'thing',
  'cool',
  'nice',
  'awesome',
  'amazing',
  'interesting',
  'random',
  'whatever',
  'some video',
  'a video',
];
const stopWords = new Set(
  'a an the of and or to in on at with for by from into onto over under is are was were be it its this that as very some'.split(
    ' ',
  ),
);
const sequenceWords = ['then', 'after that', 'afterwards', 'next', 'finally', 'meanwhile', 'later'];

/**
 * Lints a prompt.
 *
 * @example
 * lintPrompt('a cat').map((warning) => warning.code); // ['too_vague', 'missing_camera', 'missing_lighting', 'missing_style']
 */
export function lintPrompt(prompt: string, options: PromptLintOptions = {}): PromptLintWarning[] {
  const warnings: PromptLintWarning[] = [];
  const text = ` ${prompt
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  const words = text.trim() === '' ? [] : text.trim().split(' ');
  if (words.length === 0) {
    return [
      {
        code: 'empty',
        message: 'The prompt is empty.',
        reason: 'A video model needs a description to work from.',
        suggestion: 'Describe the subject, what it does and where.',
      },
    ];
  }
  if (options.maxLength !== undefined && prompt.length > options.maxLength) {
    warnings.push({
      code: 'too_long',
      message: `The prompt is ${prompt.length} characters; the model accepts ${options.maxLength}.`,
      reason: 'Over-long prompts are refused or cut by the provider, losing the end of the description.',
      suggestion: `Shorten it to at most ${options.maxLength} characters: keep subject, action, camera and lighting.`,
    });
  }
  const contentWords = words.filter((word) => !stopWords.has(word));
  const vague = vagueWords.filter((word) => has(text, word));
  if (contentWords.length < 5 || (vague.length > 0 && contentWords.length < 12)) {
    warnings.push({
      code: 'too_vague',
      message:
        vague.length > 0
          ? `The prompt is vague (${vague.map((word) => `"${word}"`).join(', ')}).`
          : contentWords.length === 1
            ? 'The prompt has only one descriptive word.'
            : `The prompt has only ${contentWords.length} descriptive words.`,
      reason:
        'Short or generic prompts leave the model to guess, so results vary widely and rarely match intent.',
      suggestion: 'Say who or what is on screen, what they do, where, and the look you want.',
    });
  }
  if (!cameraWords.some((word) => has(text, word))) {
    warnings.push({
      code: 'missing_camera',
      message: 'No camera framing or movement is given.',
      reason: 'Without one the model picks its own framing, often a generic slow push-in.',
      suggestion: 'Add a shot type and movement, e.g. "wide shot, slow dolly-in" or "handheld close-up".',
    });
  }
  if (!lightingWords.some((word) => has(text, word))) {
    warnings.push({
      code: 'missing_lighting',
      message: 'No lighting is described.',
      reason: 'Lighting sets most of the mood; unspecified, it tends to flat, even light.',
      suggestion: 'Add the light, e.g. "golden hour backlight", "neon reflections", "overcast soft light".',
    });
  }
  if (!styleWords.some((word) => has(text, word))) {
    warnings.push({
      code: 'missing_style',
      message: 'No visual style is named.',
      reason: 'The style decides realism, colour and texture; models default to a glossy stock-footage look.',
      suggestion: 'Name a medium or look, e.g. "35mm film, shallow depth of field" or "hand-drawn anime".',
    });
  }
  const negations = text.match(/ (no|without|don t|do not|never|avoid) [\p{L}]+/gu) ?? [];
  if (negations.length > 0) {
    warnings.push({
      code: 'negative_phrasing',
      message: `The prompt uses negations (${negations.map((item) => `"${item.trim()}"`).join(', ')}).`,
      reason: 'Video models often ignore "no"/"without" and may show the very thing named.',
      suggestion: 'Describe what should be there instead (e.g. "an empty street" rather than "no cars").',
    });
  }
  // Action beats: sequence words, or scene sentences (labelled "Camera:"/"Lighting:"... ones excluded).
  const sceneSentences = prompt
    .split(/[.!?]+/u)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !/^(camera|lighting|style|mood)\s*:/iu.test(part)).length;
  const steps = sequenceWords.filter((word) => has(text, word)).length;
  const beats = Math.max(steps + 1, sceneSentences);
  const duration = options.durationSeconds;
  if (duration !== undefined && duration > 0 && beats > Math.max(2, duration / 3)) {
    warnings.push({
      code: 'overloaded',
      message: `About ${beats} actions for ${duration} s.`,
      reason: 'Short clips render one or two actions well; long sequences get skipped or blurred together.',
      suggestion:
        'Keep one main action per clip (about one per 3 s), or split the sequence into storyboard shots.',
    });
  }
  return warnings;
}

function has(text: string, word: string): boolean {
  return text.includes(` ${word.replace(/[^\p{L}\p{N}]+/gu, ' ')} `);
}
