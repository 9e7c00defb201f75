/**
 * Pre-flight content-policy findings in user words: what kind of problem, every matched term
 * (for highlighting in the prompt), and what to write instead. Rule ids stay internal.
 */
import type { PolicyFindings } from '../api/types.ts';

const categoryText: Record<string, string> = {
  real_person: 'names a real person',
  graphic_violence: 'describes graphic violence',
  copyrighted_character: 'names a copyrighted character',
  sexual_content: 'asks for sexual content',
};

export interface PolicyView {
  /** "names a real person and describes graphic violence". */
  reasons: string[];
  /** Every matched term, as written in the prompt when found there. */
  terms: string[];
  hints: string[];
}

export function policyView(policy: PolicyFindings | undefined, prompt: string): PolicyView | undefined {
  if (!policy || policy.allowed || policy.violations.length === 0) return undefined;
  const reasons = [
    ...new Set(policy.violations.map((v) => categoryText[v.category] ?? 'breaks the content rules')),
  ];
  const terms = [...new Set(policy.violations.map((v) => asWritten(prompt, v.matched)))];
  const hints = [...new Set(policy.violations.map((v) => v.hint).filter(Boolean))];
  return { reasons, terms, hints };
}

/** The term as the user wrote it (case, hyphens), when it can be found; else as matched. */
function asWritten(prompt: string, matched: string): string {
  const pattern = termPattern(matched);
  return pattern.exec(prompt)?.[0] ?? matched;
}

function termPattern(term: string): RegExp {
  const words = term
    .trim()
    .split(/[\s-]+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`${words.join('[\\s-]?')}s?`, 'iu');
}

export interface Piece {
  text: string;
  marked: boolean;
}

/** Splits the prompt into plain and marked pieces (every occurrence of every term). */
export function highlight(prompt: string, terms: readonly string[]): Piece[] {
  if (terms.length === 0) return [{ text: prompt, marked: false }];
  const pattern = new RegExp(terms.map((term) => termPattern(term).source).join('|'), 'giu');
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of prompt.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (match[0].length === 0) continue;
    if (start > last) pieces.push({ text: prompt.slice(last, start), marked: false });
    pieces.push({ text: match[0], marked: true });
    last = start + match[0].length;
  }
  if (last < prompt.length) pieces.push({ text: prompt.slice(last), marked: false });
  return pieces;
}

export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
