/**
 * fal's request history (platform API `GET https://api.fal.ai/v1/models/requests/by-endpoint`),
 * served at /fal/v1/models/requests/by-endpoint: `endpoint_id` (repeated or comma-separated),
 * `start`/`end` (ISO 8601; default the last 24 hours), `status` (success, error, user_error),
 * `request_id`, `limit` (1-100, default 50), `cursor`, `expand=payloads` (adds `json_input` and
 * `json_output`). Answers `{items, next_cursor, has_more}`, newest end time first.
 *
 * fal documents sorting by end time and does not say whether queued or running requests are
 * listed; the emulator takes the stricter reading and lists a request only once it has ended.
 */
import type { Context } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { falDetail } from './errors.ts';
import { FAL_FACE, failureOf, falAttributes, resultBody } from './queue.ts';

const DAY_MS = 24 * 3600_000;

export function listRequests(c: Context, core: EmulatorCore): Response {
  const endpoints = c.req
    .queries('endpoint_id')
    ?.flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (!endpoints || endpoints.length === 0) return falDetail(c, 422, 'endpoint_id is required');
  if (endpoints.length > 50) return falDetail(c, 422, 'At most 50 endpoint_id values are accepted');
  const now = core.clock.now();
  const requestId = c.req.query('request_id');
  const start = parseDate(c.req.query('start')) ?? now - (requestId ? 90 * DAY_MS : DAY_MS);
  const end = parseDate(c.req.query('end')) ?? now;
  if (Number.isNaN(start) || Number.isNaN(end))
    return falDetail(c, 422, 'start and end must be ISO 8601 dates');
  const limitText = c.req.query('limit') ?? '50';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100)
    return falDetail(c, 422, 'limit must be an integer between 1 and 100');
  const status = c.req.query('status');
  if (status !== undefined && !['success', 'error', 'user_error'].includes(status))
    return falDetail(c, 422, "status must be one of 'success', 'error', 'user_error'");
  const page = decodeCursor(c.req.query('cursor'));
  if (page === null) return falDetail(c, 422, 'Invalid cursor');
  const payloads = (c.req.queries('expand') ?? []).some((value) => value.split(',').includes('payloads'));

  const items = core.jobs
    .list(FAL_FACE, 'desc')
    .map((job) => ({ job, snapshot: core.snapshot(job) }))
    .filter(({ job, snapshot }) => {
      if (!endpoints.includes(falAttributes(job).endpoint)) return false;
      if (requestId !== undefined && job.id !== requestId) return false;
      if (snapshot.status !== 'completed' && snapshot.status !== 'failed') return false;
      const endedAt = job.timeline.terminalAtMs;
      if (endedAt < start || endedAt >= end) return false;
      return status === undefined || requestStatus(job) === status;
    })
    .sort((a, b) => b.job.timeline.terminalAtMs - a.job.timeline.terminalAtMs)
    .map(({ job }) => item(c, job, payloads));
  const slice = items.slice((page - 1) * limit, page * limit);
  const hasMore = items.length > page * limit;
  return c.json({ items: slice, next_cursor: hasMore ? encodeCursor(page + 1) : null, has_more: hasMore });
}

function item(c: Context, job: EmulatorJob, payloads: boolean) {
  const failure = failureOf(job);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    request_id: job.id,
    endpoint_id: falAttributes(job).endpoint,
    started_at: iso(job.timeline.startAtMs),
    sent_at: iso(job.timeline.createdAtMs),
    ended_at: iso(job.timeline.terminalAtMs),
    status_code: failure ? failure.status : 200,
    duration: Math.round(job.timeline.terminalAtMs - job.timeline.startAtMs) / 1000,
    ...(payloads
      ? {
          json_input: falAttributes(job).input ?? { prompt: job.prompt },
          json_output: failure ? { detail: [failure] } : resultBody(c, job),
        }
      : {}),
  };
}

function requestStatus(job: EmulatorJob): 'success' | 'error' | 'user_error' {
  const failure = failureOf(job);
  if (!failure) return 'success';
  return failure.status < 500 ? 'user_error' : 'error';
}

function parseDate(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  return Date.parse(text);
}

/** fal's cursor encodes the page number, from 1 (base64 of its decimal digits, e.g. `Mg==` = page 2). */
function encodeCursor(page: number): string {
  return Buffer.from(String(page)).toString('base64');
}

function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return 1;
  const text = Buffer.from(cursor, 'base64').toString();
  return /^[1-9]\d*$/.test(text) ? Number(text) : null;
}
