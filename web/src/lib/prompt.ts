/**
 * The prompt builder's assembly and a local linter used when the server offers no lint
 * endpoint. Both follow the guide's advice: say the camera movement, lighting, subjects, style.
 */
import type { LintHint } from '../api/types.ts';

export interface PromptParts {
  subject: string;
  action: string;
  setting: string;
  camera: string;
  lighting: string;
  style: string;
  mood: string;
  details: string;
}

export const emptyParts: PromptParts = {
  subject: '',
  action: '',
  setting: '',
  camera: '',
  lighting: '',
  style: '',
  mood: '',
  details: '',
};

export const suggestions: Partial<Record<keyof PromptParts, string[]>> = {
  camera: [
    'slow dolly in',
    'aerial drone shot',
    'handheld tracking shot',
    'static wide shot',
    'slow pan left',
  ],
  lighting: [
    'golden hour sunlight',
    'soft overcast light',
    'neon night lighting',
    'candlelight',
    'high-key studio light',
  ],
  style: ['cinematic 35mm film', 'documentary', 'stop-motion', 'watercolor animation', 'photorealistic'],
  mood: ['calm', 'joyful', 'mysterious', 'tense', 'nostalgic'],
};

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return trimmed ? `${trimmed[0]!.toUpperCase()}${trimmed.slice(1)}.` : '';
};

export function assemblePrompt(parts: PromptParts): string {
  const scene = [parts.subject, parts.action, parts.setting]
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' ');
  const look = [parts.style.trim(), parts.mood.trim() ? `${parts.mood.trim()} mood` : '']
    .filter(Boolean)
    .join(', ');
  return [
    sentence(scene),
    parts.camera.trim() ? sentence(`Camera: ${parts.camera}`) : '',
    parts.lighting.trim() ? sentence(`Lighting: ${parts.lighting}`) : '',
    look ? sentence(`Style: ${look}`) : '',
    sentence(parts.details),
  ]
    .filter(Boolean)
    .join(' ');
}

const cameraWords =
  /\b(camera|shot|dolly|pan|panning|tilt|zoom|tracking|aerial|drone|close-?up|wide|handheld|crane|pov|angle|orbit)\b/i;
const lightingWords =
  /\b(light|lighting|lit|sunlight|sunset|sunrise|golden hour|neon|shadow|shadows|backlit|glow|moonlight|overcast|candle\w*|spotlight|lamp\w*|lantern|sunlit|dusk|dawn|twilight)\b/i;
const styleWords =
  /\b(style|cinematic|film|35mm|documentary|animation|animated|anime|photoreal\w*|watercolor|stop-motion|noir|vintage|realistic|painterly|3d)\b/i;

/** Local, advisory hints. `maxChars` comes from the model when known. */
export function lintPrompt(prompt: string, maxChars = 2000): LintHint[] {
  const text = prompt.trim();
  if (!text) return [];
  const hints: LintHint[] = [];
  const words = text.split(/\s+/).length;
  if (words < 6)
    hints.push({
      rule: 'vague',
      severity: 'warning',
      message: 'Very short prompts give unpredictable results: say who or what, doing what, and where.',
    });
  if (!cameraWords.test(text))
    hints.push({
      rule: 'camera',
      severity: 'warning',
      message:
        'No camera movement: add one (e.g. "slow dolly in", "aerial shot") so the framing is intentional.',
    });
  if (!lightingWords.test(text))
    hints.push({
      rule: 'lighting',
      severity: 'warning',
      message: 'No lighting: say the light (e.g. "golden hour", "soft overcast light"); it sets the look.',
    });
  if (!styleWords.test(text))
    hints.push({
      rule: 'style',
      severity: 'info',
      message:
        'No style: name one (e.g. "cinematic 35mm film", "watercolor animation") for a consistent look.',
    });
  if (text.length > maxChars)
    hints.push({
      rule: 'too_long',
      severity: 'warning',
      message: `The prompt is ${text.length} characters; keep it under ${maxChars} so the model does not ignore the end.`,
    });
  return hints;
}
