/**
 * Human words for reelgate's stable error codes: what happened and what to change. The
 * server's own `hint` wins when it sends one; the code (never the message text) picks the rest.
 */
export interface Explanation {
  title: string;
  /** What to change so the next attempt works. */
  advice: string;
  /** A refusal by content policy (shown with its own style). */
  refusal: boolean;
}

const byCode: Record<string, Explanation> = {
  input_refused: {
    title: 'The prompt was refused by the content policy',
    advice:
      'Describe original subjects instead: no real, named people (celebrities, politicians), no graphic violence, and no copyrighted characters. Then generate again.',
    refusal: true,
  },
  output_refused: {
    title: 'The finished video was blocked by the content policy',
    advice:
      'The provider flagged the result. Reword the prompt to steer clear of real people, violence and copyrighted characters, then try again.',
    refusal: true,
  },
  invalid_request: {
    title: 'The request was not accepted',
    advice: 'Check the highlighted field and try again.',
    refusal: false,
  },
  budget_exceeded: {
    title: 'This would go over your budget',
    advice:
      'Choose a shorter duration, a lower resolution or a cheaper model, or wait for the budget to reset.',
    refusal: false,
  },
  concurrency_limit: {
    title: 'Too many generations are running at once',
    advice: 'Wait for one of them to finish, then submit again.',
    refusal: false,
  },
  rate_limited: {
    title: 'Too many requests',
    advice: 'Wait a moment and try again.',
    refusal: false,
  },
  provider_rate_limited: {
    title: 'The video provider is busy',
    advice: 'reelgate kept retrying. Try again in a few minutes, or pick another model.',
    refusal: false,
  },
  provider_outage: {
    title: 'The video provider is having trouble',
    advice: 'This is not caused by your prompt. Try again in a few minutes, or pick another model.',
    refusal: false,
  },
  timed_out: {
    title: 'The provider did not finish in time',
    advice:
      'Nothing is wrong with your prompt. Try again; a shorter or lower-resolution video finishes sooner.',
    refusal: false,
  },
  result_expired: {
    title: 'The result expired before it could be saved',
    advice: 'The provider deleted the video before reelgate could copy it. Generate it again.',
    refusal: false,
  },
  download_failed: {
    title: 'The finished video could not be saved',
    advice: 'Try generating again.',
    refusal: false,
  },
  canceled: { title: 'Canceled', advice: 'Generate again whenever you like.', refusal: false },
  unauthorized: {
    title: 'That API key was not accepted',
    advice:
      'Check the key (it starts the same way as the one you were given) or create a new one with `reelgate keys create`.',
    refusal: false,
  },
  not_found: { title: 'Not found', advice: 'It may have been deleted.', refusal: false },
  internal: { title: 'Something went wrong on the server', advice: 'Try again in a moment.', refusal: false },
};

export function explain(error: { code?: string; type?: string; hint?: string | undefined }): Explanation {
  const base: Explanation =
    (error.code ? byCode[error.code] : undefined) ??
    (error.type === 'content_policy_violation' ? byCode.input_refused : undefined) ??
    byCode.internal!;
  return error.hint ? { ...base, advice: error.hint } : base;
}
