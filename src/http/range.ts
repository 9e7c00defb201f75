/**
 * HTTP Range parsing for one byte range (what `<video>` seeking sends). Multi-range requests
 * and malformed headers are ignored (the whole file is served), as RFC 9110 allows.
 */
export type RangeRequest =
  | { kind: 'none' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * @example
 * parseRange('bytes=0-99', 1000);   // { kind: 'range', start: 0, end: 99 }
 * parseRange('bytes=-100', 1000);   // { kind: 'range', start: 900, end: 999 }
 * parseRange('bytes=2000-', 1000);  // { kind: 'unsatisfiable' }
 */
export function parseRange(header: string | undefined | null, size: number): RangeRequest {
  if (!header) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'none' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'none' };
  return { kind: 'range', start, end };
}
