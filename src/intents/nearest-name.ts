import { levenshtein } from './tokenize.ts';

/** The candidate closest to `typed` by edit distance (the same measure help uses for a mistyped command). */
export function nearestName(typed: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = levenshtein(typed, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}
