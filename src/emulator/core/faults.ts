/**
 * Fault injection: seeded random rates, and deterministic triggers a test can use to force
 * exactly one fault.
 *
 * Triggers are markers in the prompt, `[[fault:NAME]]` (fires once), `[[fault:NAME:N]]` (the
 * first N times) or `[[fault:NAME:always]]`. Request faults (http500, http429, slow,
 * http500-after-create, reset-after-create) count per face and exact prompt text, so a retried create with the
 * same prompt succeeds after the first N tries. Job faults (fail, hang, expire) count per
 * face and prompt too: the first job with the marker fails, a retry as a new job works.
 * `output-refusal` is the output side of the content policy: the job renders for its full
 * time and is then refused (failure code `output_moderation`), unlike a refused prompt,
 * which fails early with `moderation_blocked`.
 * Download faults (reset, truncate, slow-download) count per job: the first N downloads of
 * that job's content break. A request header `X-Emulator-Fault: NAME[,NAME]` forces a fault
 * on that one request.
 */
import type { Random } from '../../core/random.ts';

export const FAULT_NAMES = [
  'http500',
  'http500-after-create',
  'reset-after-create',
  'http429',
  'slow',
  'reset',
  'truncate',
  'slow-download',
  'fail',
  'hang',
  'expire',
  'output-refusal',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Probabilities in [0, 1] for randomly injected faults (all default to 0). */
export interface FaultRates {
  /** Any face request answered with a 500/503. */
  http5xx: number;
  /** Any face request answered with a 429 and Retry-After. */
  http429: number;
  /** Any face request answered only after `slowResponseMs`. */
  slow: number;
  /** A content download whose connection is reset after the headers. */
  reset: number;
  /** A content download whose body stops halfway. */
  truncate: number;
  /** A job that ends `failed` with `internal_error`. */
  fail: number;
}

export const NO_FAULTS: FaultRates = { http5xx: 0, http429: 0, slow: 0, reset: 0, truncate: 0, fail: 0 };

const markerPattern = /\[\[fault:([a-z0-9-]+)(?::(\d+|always))?\]\]/gi;

/** The fault markers in a text: name -> how many times it should fire (Infinity for `always`). */
export function parseFaultMarkers(text: string): Map<FaultName, number> {
  const found = new Map<FaultName, number>();
  for (const match of text.matchAll(markerPattern)) {
    const name = match[1]!.toLowerCase();
    if (!isFaultName(name)) continue;
    const count = match[2] === undefined ? 1 : match[2] === 'always' ? Infinity : Number(match[2]);
    found.set(name, Math.max(found.get(name) ?? 0, count));
  }
  return found;
}

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/** Parses an `X-Emulator-Fault` header value into fault names (unknown names ignored). */
export function parseFaultHeader(value: string | undefined | null): Set<FaultName> {
  const names = new Set<FaultName>();
  for (const part of (value ?? '').split(',')) {
    const name = part.trim().toLowerCase();
    if (isFaultName(name)) names.add(name);
  }
  return names;
}

export class FaultInjector {
  readonly rates: FaultRates;
  readonly #random: Random;
  readonly #fired = new Map<string, number>();
  readonly #onFault: (name: FaultName | keyof FaultRates, how: 'marker' | 'rate' | 'header') => void;

  constructor(
    rates: Partial<FaultRates>,
    random: Random,
    onFault: (name: FaultName | keyof FaultRates, how: 'marker' | 'rate' | 'header') => void = () => {},
  ) {
    this.rates = { ...NO_FAULTS, ...rates };
    this.#random = random;
    this.#onFault = onFault;
  }

  /**
   * True when `text` carries a marker for `name` that has not yet fired its N times within
   * `scope`; consumes one firing.
   */
  fromMarker(scope: string, text: string, name: FaultName): boolean {
    const wanted = parseFaultMarkers(text).get(name);
    if (!wanted) return false;
    const key = `${scope}\u0000${name}\u0000${text}`;
    const fired = this.#fired.get(key) ?? 0;
    if (fired >= wanted) return false;
    this.#fired.set(key, fired + 1);
    this.#onFault(name, 'marker');
    return true;
  }

  /** True when the header asks for this fault (records it). */
  fromHeader(headerFaults: Set<FaultName>, name: FaultName): boolean {
    if (!headerFaults.has(name)) return false;
    this.#onFault(name, 'header');
    return true;
  }

  /** Rolls the seeded dice for a rate-based fault. A zero rate never consumes randomness. */
  roll(kind: keyof FaultRates): boolean {
    const rate = this.rates[kind];
    if (!(rate > 0)) return false;
    const hit = this.#random.next() < rate;
    if (hit) this.#onFault(kind, 'rate');
    return hit;
  }

  /** Forgets which markers have fired (for the reset endpoint). */
  reset(): void {
    this.#fired.clear();
  }
}
