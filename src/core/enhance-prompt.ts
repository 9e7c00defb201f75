/**
 * Optional prompt enhancement through a configured language model (AI SDK `generateText`). Off
 * by default: it runs only when a model is injected. The enhanced prompt must still pass the
 * pre-flight policy check (the caller checks the result, not just the input).
 */
import { generateText, type LanguageModel } from 'ai';
import { ReelgateError } from './errors.ts';

export interface PromptEnhancer {
  model: LanguageModel;
  /** Replaces the default system instructions. */
  instructions?: string;
  /** Output tokens budget (default 400). */
  maxOutputTokens?: number;
}

export interface EnhancePromptInput {
  prompt: string;
  durationSeconds?: number | undefined;
  /** The video model's prompt length limit; longer answers are cut at a sentence boundary. */
  maxLength?: number | undefined;
  abortSignal?: AbortSignal | undefined;
}

export interface EnhancedPrompt {
  prompt: string;
  original: string;
  /** False when enhancement is off or returned nothing usable (the original is kept). */
  enhanced: boolean;
}

export const defaultEnhancerInstructions = [
  'You rewrite prompts for AI video generation models.',
  'Keep the user\u2019s subject, action and intent exactly; do not add people, brands, real names, violence or text overlays.',
  'Add what is missing among: camera framing and movement, lighting, visual style, mood, and one or two concrete details.',
  'Describe one continuous shot, in the present tense, as plain prose in one paragraph.',
  'Answer with the rewritten prompt only: no preamble, no quotes, no lists, no markdown.',
].join(' ');

/**
 * Rewrites the prompt with the enhancer's model, or returns it unchanged when `enhancer` is null.
 *
 * @example
 * const result = await enhancePrompt(config.enhancer ?? null, { prompt: 'a fox in snow', durationSeconds: 8 });
 */
export async function enhancePrompt(
  enhancer: PromptEnhancer | null,
  input: EnhancePromptInput,
): Promise<EnhancedPrompt> {
  const original = input.prompt;
  if (!enhancer) return { prompt: original, original, enhanced: false };
  const constraints = [
    input.durationSeconds
      ? `The clip is ${input.durationSeconds} seconds long: one or two actions at most.`
      : '',
    input.maxLength ? `Stay under ${input.maxLength} characters.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  let text: string;
  try {
    const result = await generateText({
      model: enhancer.model,
      system: enhancer.instructions ?? defaultEnhancerInstructions,
      prompt: `${constraints ? `${constraints}\n\n` : ''}Prompt to rewrite:\n${original}`,
      maxOutputTokens: enhancer.maxOutputTokens ?? 400,
      temperature: 0.4,
      ...(input.abortSignal ? { abortSignal: input.abortSignal } : {}),
    });
    text = result.text;
  } catch (error) {
    throw new ReelgateError({
      code: 'provider_outage',
      message: 'Prompt enhancement failed: the configured language model did not answer.',
      hint: 'Retry, or submit without enhancement.',
      cause: error,
      details: { stage: 'enhance_prompt' },
    });
  }
  const cleaned = cleanAnswer(text, input.maxLength);
  if (!cleaned) return { prompt: original, original, enhanced: false };
  return { prompt: cleaned, original, enhanced: cleaned !== original };
}

/** Strips wrappers models like to add, and cuts to `maxLength` at a sentence (or word) boundary. */
export function cleanAnswer(text: string, maxLength?: number): string {
  let answer = text
    .trim()
    .replace(/^(?:here(?:'s| is) (?:the |a |your )?(?:rewritten |enhanced |improved )?prompt:?)\s*/iu, '')
    .replace(/^(?:prompt|rewritten prompt|enhanced prompt):\s*/iu, '')
    .replace(/^["'\u201c\u2018`]+|["'\u201d\u2019`]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (maxLength !== undefined && answer.length > maxLength) {
    const cut = answer.slice(0, maxLength);
    const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
    if (sentenceEnd > maxLength / 2) answer = cut.slice(0, sentenceEnd + 1);
    else {
      const space = cut.lastIndexOf(' ');
      answer = (space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '');
    }
  }
  return answer;
}
