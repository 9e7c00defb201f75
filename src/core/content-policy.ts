/**
 * A deterministic pre-flight policy check: refuses, before any paid provider call, prompts of
 * the kinds video providers are known to refuse (real public figures, graphic violence,
 * well-known copyrighted characters, sexual content), with the rule named and a hint.
 *
 * Honest limits: this is a word list, not a classifier. It misses paraphrases ("the 45th US
 * president"), misspellings beyond simple spacing/punctuation, other languages, and every name
 * not on the list; and it can refuse an innocent prompt that happens to use a listed phrase.
 * Providers run their own, stricter moderation anyway; this check only saves a paid round trip
 * and gives a clearer reason. It can be turned off per account (`enabled: false`), and single
 * rules can be allowed.
 */
import { ReelgateError } from './errors.ts';

export type PolicyCategory = 'real_person' | 'graphic_violence' | 'copyrighted_character' | 'sexual_content';

export interface PolicyRule {
  /** Stable id, e.g. 'real_person.public_figure'; shown in errors and usable in `allowRules`. */
  id: string;
  category: PolicyCategory;
  description: string;
  /** Phrases matched as whole words, case-, accent-, hyphen- and spacing-insensitive. */
  phrases: readonly string[];
  hint: string;
}

export interface PolicyViolation {
  rule: string;
  category: PolicyCategory;
  /** The phrase as it appears in the rule list. */
  matched: string;
  hint: string;
}

export interface PolicyOptions {
  /** Default true; false turns the check off (per-account setting). */
  enabled?: boolean;
  /** Rule ids (or whole categories) to skip, e.g. ['copyrighted_character']. */
  allowRules?: readonly string[];
  /** Extra rules, e.g. an operator's own list. */
  extraRules?: readonly PolicyRule[];
}

export const builtInPolicyRules: readonly PolicyRule[] = [
  {
    id: 'real_person.public_figure',
    category: 'real_person',
    description: 'names a real public figure',
    phrases: [
      'donald trump',
      'joe biden',
      'barack obama',
      'kamala harris',
      'hillary clinton',
      'bill clinton',
      'george w bush',
      'vladimir putin',
      'xi jinping',
      'kim jong un',
      'volodymyr zelensky',
      'narendra modi',
      'emmanuel macron',
      'king charles',
      'queen elizabeth',
      'pope francis',
      'benjamin netanyahu',
      'elon musk',
      'mark zuckerberg',
      'jeff bezos',
      'bill gates',
      'sam altman',
      'taylor swift',
      'beyonce',
      'rihanna',
      'kanye west',
      'kim kardashian',
      'justin bieber',
      'lady gaga',
      'ariana grande',
      'tom cruise',
      'tom hanks',
      'keanu reeves',
      'scarlett johansson',
      'emma watson',
      'leonardo dicaprio',
      'brad pitt',
      'angelina jolie',
      'dwayne johnson',
      'morgan freeman',
      'oprah winfrey',
      'cristiano ronaldo',
      'lionel messi',
      'lebron james',
      'michael jordan',
      'serena williams',
    ],
    hint: 'Describe a fictional person instead (age, look, clothing, role) without naming a real one.',
  },
  {
    id: 'real_person.likeness',
    category: 'real_person',
    description: 'asks for a real person\u2019s likeness',
    phrases: ['deepfake', 'deep fake', 'face swap', 'faceswap', 'real celebrity', 'famous celebrity'],
    hint: 'Providers refuse likenesses of real people; describe an invented character.',
  },
  {
    id: 'graphic_violence.gore',
    category: 'graphic_violence',
    description: 'asks for graphic violence or gore',
    phrases: [
      'gore',
      'gory',
      'graphic violence',
      'decapitation',
      'decapitated',
      'beheading',
      'beheaded',
      'dismember',
      'dismembered',
      'dismemberment',
      'disembowel',
      'disemboweled',
      'mutilated',
      'mutilation',
      'blood splatter',
      'blood spatter',
      'pool of blood',
      'torture',
      'tortured',
      'massacre',
      'mass shooting',
      'school shooting',
      'shot in the head',
      'execution video',
      'severed head',
      'exposed organs',
    ],
    hint: 'Imply the action off-screen or tone it down (no blood, injuries or killing shown).',
  },
  {
    id: 'copyrighted_character.well_known',
    category: 'copyrighted_character',
    description: 'names a well-known copyrighted character',
    phrases: [
      'mickey mouse',
      'minnie mouse',
      'donald duck',
      'spider man',
      'spiderman',
      'batman',
      'superman',
      'wonder woman',
      'iron man',
      'captain america',
      'incredible hulk',
      'thor odinson',
      'deadpool',
      'darth vader',
      'yoda',
      'luke skywalker',
      'baby yoda',
      'grogu',
      'harry potter',
      'hermione granger',
      'pikachu',
      'pokemon',
      'super mario',
      'mario bros',
      'luigi',
      'princess peach',
      'sonic the hedgehog',
      'link from zelda',
      'shrek',
      'elsa from frozen',
      'buzz lightyear',
      'woody from toy story',
      'homer simpson',
      'bart simpson',
      'spongebob',
      'hello kitty',
      'goku',
      'naruto',
      'optimus prime',
      'james bond',
      'indiana jones',
      'master chief',
      'lara croft',
    ],
    hint: 'Describe an original character with similar traits instead of naming the franchise character.',
  },
  {
    id: 'sexual_content.explicit',
    category: 'sexual_content',
    description: 'asks for sexual or nude content',
    phrases: [
      'porn',
      'porno',
      'pornographic',
      'nsfw',
      'explicit sex',
      'sex scene',
      'nudity',
      'naked woman',
      'naked man',
      'naked body',
      'topless',
      'hentai',
    ],
    hint: 'Video providers refuse sexual content; keep the scene non-sexual and clothed.',
  },
];

/** Lower case, accents removed, every run of non-letters/digits made one space. */
export function normalizeForPolicy(text: string): string {
  return ` ${text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

interface CompiledRule {
  rule: PolicyRule;
  patterns: Array<{ phrase: string; pattern: RegExp }>;
}

const compiledCache = new WeakMap<PolicyRule, CompiledRule>();

function compile(rule: PolicyRule): CompiledRule {
  const cached = compiledCache.get(rule);
  if (cached) return cached;
  const patterns = rule.phrases.map((phrase) => {
    const words = normalizeForPolicy(phrase).trim().split(' ');
    // "spider man" also matches "spiderman" / "spider-man"; optional plural "s".
    return { phrase, pattern: new RegExp(` ${words.map(escapeRegExp).join(' ?')}s? `, 'u') };
  });
  const compiled = { rule, patterns };
  compiledCache.set(rule, compiled);
  return compiled;
}

/**
 * Every rule the prompt breaks (empty when it passes or the check is off).
 *
 * @example
 * checkContentPolicy('Taylor Swift dancing on the moon')[0]?.rule; // 'real_person.public_figure'
 */
export function checkContentPolicy(prompt: string, options: PolicyOptions = {}): PolicyViolation[] {
  if (options.enabled === false) return [];
  const allowed = new Set(options.allowRules ?? []);
  const text = normalizeForPolicy(prompt);
  const violations: PolicyViolation[] = [];
  for (const rule of [...builtInPolicyRules, ...(options.extraRules ?? [])]) {
    if (allowed.has(rule.id) || allowed.has(rule.category)) continue;
    // Every matched phrase, not just the first: fixing one word must not reveal the next.
    const hits = compile(rule).patterns.filter(({ pattern }) => pattern.test(text));
    for (const hit of hits) {
      const inLonger = hits.some(
        (other) => other !== hit && normalizeForPolicy(other.phrase).includes(normalizeForPolicy(hit.phrase)),
      );
      if (!inLonger)
        violations.push({ rule: rule.id, category: rule.category, matched: hit.phrase, hint: rule.hint });
    }
  }
  return violations;
}

/**
 * What the prompt would be refused for, naming every matched term of every rule, and the rule's
 * id (what an operator passes to `allowRules`).
 *
 * @example
 * describeViolations(checkContentPolicy('gore and a decapitation'));
 * // 'it asks for graphic violence or gore ("gore", "decapitation"; rule graphic_violence.gore)'
 */
export function describeViolations(
  violations: readonly PolicyViolation[],
  extraRules: readonly PolicyRule[] = [],
): string {
  const byRule = new Map<string, string[]>();
  for (const violation of violations) {
    const terms = byRule.get(violation.rule) ?? [];
    if (!terms.includes(violation.matched)) terms.push(violation.matched);
    byRule.set(violation.rule, terms);
  }
  const rules = [...builtInPolicyRules, ...extraRules];
  return [...byRule]
    .map(([id, terms]) => {
      const rule = rules.find((item) => item.id === id);
      const quoted = terms.map((term) => `"${term}"`).join(', ');
      return `it ${rule?.description ?? 'breaks a content rule'} (${quoted}; rule ${id})`;
    })
    .join('; ');
}

/** Throws ReelgateError 'input_refused' (400) naming every term matched; `param` names the field. */
export function assertContentPolicy(prompt: string, options: PolicyOptions & { param?: string } = {}): void {
  const violations = checkContentPolicy(prompt, options);
  const first = violations[0];
  if (!first) return;
  const hints = [...new Set(violations.map((violation) => violation.hint))];
  throw new ReelgateError({
    code: 'input_refused',
    message: `Prompt refused before any provider call: ${describeViolations(violations, options.extraRules)}. Video providers refuse such prompts.`,
    param: options.param ?? 'prompt',
    hint: hints.join(' '),
    details: {
      rule: first.rule,
      category: first.category,
      matched: first.matched,
      violations,
      check: 'reelgate pre-flight word list (can be turned off per account)',
    },
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
