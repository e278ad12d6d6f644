import { levenshtein } from '../../src/intents/tokenize.ts';

/** Something a person names in a command: its label, its id, and every name it answers to. */
export interface Named<T> {
  value: T;
  id: number;
  /** Shown in answers ("Helpdesk"). */
  label: string;
  /** Names it is found by, case-insensitively (name, code name, display names). */
  names: string[];
}

export type Found<T> = { found: Named<T> } | { found: undefined; suggestions: string[] };

const MAX_SUGGESTIONS = 5;

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);

/**
 * Find what `given` names: a number is an id; otherwise a name matched whole and case-insensitively, or a
 * single word of exactly one candidate's name (`alice` → "Alice Nguyen"). Anything else finds nothing and
 * returns the close matches (Levenshtein, or one name containing the other), nearest first.
 */
export function findByName<T>(given: string, candidates: Named<T>[]): Found<T> {
  const text = given.trim().toLowerCase();
  if (/^\d+$/.test(text)) {
    const byId = candidates.find((c) => c.id === Number(text));
    if (byId) return { found: byId };
    return { found: undefined, suggestions: [] };
  }
  const whole = candidates.filter((c) => c.names.some((n) => n.toLowerCase() === text));
  if (whole.length === 1) return { found: whole[0]! };
  const byWord = candidates.filter((c) => c.names.some((n) => words(n).includes(text)));
  if (whole.length === 0 && byWord.length === 1) return { found: byWord[0]! };
  return { found: undefined, suggestions: closeMatches(text, [...whole, ...byWord, ...candidates]) };
}

function closeMatches<T>(text: string, candidates: Named<T>[]): string[] {
  const limit = Math.max(2, Math.floor(text.length / 3));
  const scored = new Map<string, number>();
  for (const c of candidates) {
    let best = Number.POSITIVE_INFINITY;
    for (const raw of c.names) {
      const name = raw.toLowerCase();
      const distance = Math.min(
        levenshtein(text, name),
        ...words(name).map((w) => levenshtein(text, w)),
        name.includes(text) || text.includes(name) ? 1 : Number.POSITIVE_INFINITY,
      );
      best = Math.min(best, distance);
    }
    if (best <= limit && !scored.has(c.label)) scored.set(c.label, best);
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_SUGGESTIONS)
    .map(([label]) => label);
}
