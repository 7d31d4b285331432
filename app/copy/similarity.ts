import { foldForMatching } from "./text";

/**
 * Near-duplicate detection for SEO titles and meta descriptions.
 *
 * Normalised Levenshtein similarity on characters, not Jaccard on word
 * trigrams: an SEO title has six to ten words, so changing one word in the
 * middle removes three of about six trigrams and Jaccard falls below 0.5 for
 * titles a search engine would still treat as duplicates; at character level
 * "… – Navy | Acme" against "… – Black | Acme" is a five-letter edit. The
 * comparison is banded (only edits up to the threshold are explored), so a
 * check against a whole catalog stays linear in its size.
 */

export const NEAR_DUPLICATE_THRESHOLD = 0.9;

/** Folded (case, accents, punctuation) so that only wording differences count. */
export function normalizeForSimilarity(text: string): string {
  return foldForMatching(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * 1 − editDistance / longerLength, or 0 when it is certainly below
 * `threshold` (the band is then abandoned early).
 */
export function similarity(left: string, right: string, threshold = 0): number {
  return similarityOfCodePoints(codePoints(left), codePoints(right), threshold);
}

function codePoints(text: string): Int32Array {
  const points = new Int32Array(text.length);
  let length = 0;
  for (const character of text) points[length++] = character.codePointAt(0)!;
  return points.subarray(0, length);
}

function similarityOfCodePoints(a: Int32Array, b: Int32Array, threshold: number): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  // The epsilon keeps 0.9 × 60 from flooring to 5 edits through floating-point error.
  const maxEdits = Math.floor((1 - threshold) * longer + 1e-9);
  const distance = boundedEditDistance(a, b, maxEdits);
  return distance === undefined ? 0 : 1 - distance / longer;
}

/** Two rows of the band, reused by every comparison (a catalog check makes thousands; none allocates). */
let rows = { previous: new Int32Array(256), current: new Int32Array(256) };

/** Levenshtein distance if it is at most `maxEdits`, otherwise undefined (Ukkonen's band). */
function boundedEditDistance(a: Int32Array, b: Int32Array, maxEdits: number): number | undefined {
  if (Math.abs(a.length - b.length) > maxEdits) return undefined;
  const outside = maxEdits + 1;
  if (rows.previous.length < b.length + 1) rows = { previous: new Int32Array(b.length + 1), current: new Int32Array(b.length + 1) };
  let { previous, current } = rows;
  for (let column = 0; column <= b.length; column += 1) previous[column] = column <= maxEdits ? column : outside;
  for (let row = 1; row <= a.length; row += 1) {
    current.fill(outside, 0, b.length + 1);
    current[0] = row <= maxEdits ? row : outside;
    const from = Math.max(1, row - maxEdits);
    const to = Math.min(b.length, row + maxEdits);
    let rowMinimum = current[0]!;
    const letter = a[row - 1];
    for (let column = from; column <= to; column += 1) {
      const substitution = previous[column - 1]! + (letter === b[column - 1] ? 0 : 1);
      const deletion = previous[column]! + 1;
      const insertion = current[column - 1]! + 1;
      const best = Math.min(substitution, deletion, insertion, outside);
      current[column] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > maxEdits) return undefined;
    [previous, current] = [current, previous];
  }
  const distance = previous[b.length]!;
  return distance <= maxEdits ? distance : undefined;
}

export interface NearDuplicate {
  text: string;
  similarity: number;
}

/*
 * A bulk job checks every product against the same catalog, so the other
 * products' texts are normalised once and remembered. Bounded so a
 * long-running worker does not grow without limit; clearing all at once is
 * crude but keeps the cache trivially correct.
 */
const NORMALIZED_CACHE_LIMIT = 100_000;
const normalizedCache = new Map<string, Int32Array>();

/** The text normalised, as code points (what the comparison reads). */
function normalizeCached(text: string): Int32Array {
  const cached = normalizedCache.get(text);
  if (cached !== undefined) return cached;
  if (normalizedCache.size >= NORMALIZED_CACHE_LIMIT) normalizedCache.clear();
  const normalized = codePoints(normalizeForSimilarity(text));
  normalizedCache.set(text, normalized);
  return normalized;
}

/** The most similar of `others` at or above the threshold, if any. */
export function findNearDuplicate(value: string, others: readonly string[], threshold = NEAR_DUPLICATE_THRESHOLD): NearDuplicate | undefined {
  const normalizedValue = codePoints(normalizeForSimilarity(value));
  if (normalizedValue.length === 0) return undefined;
  let closest: NearDuplicate | undefined;
  for (const other of others) {
    const score = similarityOfCodePoints(normalizedValue, normalizeCached(other), threshold);
    if (score >= threshold && (closest === undefined || score > closest.similarity)) closest = { text: other, similarity: score };
  }
  return closest;
}
