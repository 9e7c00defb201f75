/**
 * Human words for reelgate's stable error codes: what happened and what to change. The
 * server's own `hint` wins when it sends one; the code (never the message text) picks the rest.
 */
export interface Explanation {
  title: string;
  /** A word or two for a chip. */
  short: string;
  /** What to change so the next attempt works ('' when nothing needs changing). */
  advice: string;
  /** A refusal by content policy, another error, or not an error at all (the user's own cancel). */
  kind: 'refusal' | 'error' | 'neutral';
}

const byCode: Record<string, Explanation> = {
  input_refused: {
    short: 'Refused',
    title: 'The prompt was refused by the content policy',
    advice:
      'Describe original subjects instead: no real, named people (celebrities, politicians), no graphic violence, and no copyrighted characters. Then generate again.',
    kind: 'refusal',
  },
  output_refused: {
    short: 'Blocked',
    title: 'The finished video was blocked by the content policy',
    advice:
      'The provider flagged the result. Reword the prompt to steer clear of real people, violence and copyrighted characters, then try again.',
    kind: 'refusal',
  },
  invalid_request: {
    short: 'Not accepted',
    title: 'The request was not accepted',
    advice: 'Check the highlighted field and try again.',
    kind: 'error',
  },
  budget_exceeded: {
    short: 'Over budget',
    title: 'This would go over your budget',
    advice:
      'Choose a shorter duration, a lower resolution or a cheaper model, or wait for the budget to reset.',
    kind: 'error',
  },
  concurrency_limit: {
    short: 'Too many running',
    title: 'Too many generations are running at once',
    advice: 'Wait for one of them to finish, then submit again.',
    kind: 'error',
  },
  rate_limited: {
    short: 'Rate limited',
    title: 'Too many requests',
    advice: 'Wait a moment and try again.',
    kind: 'error',
  },
  provider_rate_limited: {
    short: 'Provider busy',
    title: 'The video provider is busy',
    advice: 'reelgate kept retrying. Try again in a few minutes, or pick another model.',
    kind: 'error',
  },
  provider_outage: {
    short: 'Provider down',
    title: 'The video provider is having trouble',
    advice: 'This is not caused by your prompt. Try again in a few minutes, or pick another model.',
    kind: 'error',
  },
  timed_out: {
    short: 'Timed out',
    title: 'The provider did not finish in time',
    advice:
      'Nothing is wrong with your prompt. Try again; a shorter or lower-resolution video finishes sooner.',
    kind: 'error',
  },
  result_expired: {
    short: 'Expired',
    title: 'The result expired before it could be saved',
    advice: 'The provider deleted the video before reelgate could copy it. Generate it again.',
    kind: 'error',
  },
  download_failed: {
    short: 'Save failed',
    title: 'The finished video could not be saved',
    advice: 'Try generating again.',
    kind: 'error',
  },
  canceled: { short: 'Canceled', title: 'You canceled this video.', advice: '', kind: 'neutral' },
  network: {
    short: 'Offline',
    title: 'The server cannot be reached',
    advice: 'Check that reelgate is running; the studio retries by itself.',
    kind: 'error',
  },
  unauthorized: {
    short: 'Key refused',
    title: 'That API key was not accepted',
    advice:
      'Check the key (it starts the same way as the one you were given) or create a new one with `reelgate keys create`.',
    kind: 'error',
  },
  not_found: { short: 'Not found', title: 'Not found', advice: 'It may have been deleted.', kind: 'error' },
  internal: {
    short: 'Failed',
    title: 'Something went wrong on the server',
    advice: 'Try again in a moment.',
    kind: 'error',
  },
};

export function explain(error: { code?: string; type?: string; hint?: string | undefined }): Explanation {
  const base: Explanation =
    (error.code ? byCode[error.code] : undefined) ??
    (error.type === 'content_policy_violation' ? byCode.input_refused : undefined) ??
    byCode.internal!;
  return error.hint && base.kind !== 'neutral' ? { ...base, advice: error.hint } : base;
}

/**
 * The server's message as shown to people: the pre-flight check's rule ids (there for operators
 * who allow a rule) are left out.
 *
 * @example
 * shownMessage('... violence or gore ("gore"; rule graphic_violence.gore). ...');
 * // '... violence or gore ("gore"). ...'
 */
export function shownMessage(message: string): string {
  return message.replace(/; rule [a-z0-9_]+(\.[a-z0-9_]+)*\)/gi, ')');
}
