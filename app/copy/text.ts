/**
 * Text comparison helpers shared by the checks. Matching is done on a folded
 * form so that a merchant's banned word "Eco-Friendly" also catches
 * "eco friendly" and "ÉCO-FRIENDLY", and a fact "Baumwolle" matches "baumwolle".
 */

const LETTERS_WITHOUT_DECOMPOSITION: Readonly<Record<string, string>> = {
  ß: "ss",
  œ: "oe",
  æ: "ae",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

/**
 * Lower case, no accents, compatibility forms unfolded (ligatures, full-width
 * letters), one kind of apostrophe, hyphens and underscores read as spaces,
 * single spaces.
 */
export function foldForMatching(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßœæøłđðþı]/g, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter] ?? letter)
    .replace(/[’‘ʼ′`´]/g, "'")
    .replace(/[-‐‑‒–—_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Compiled phrase patterns: the same claim words and facts are looked for in every field of every product. */
const phrasePatterns = new Map<string, RegExp>();
const PHRASE_PATTERN_CACHE_SIZE = 10_000;

/**
 * A regular expression finding an already-folded phrase as whole words in folded text. Shared between calls:
 * it has no `g` or `y` flag, so it keeps no state between uses.
 */
export function wholePhrasePattern(foldedPhrase: string): RegExp {
  const cached = phrasePatterns.get(foldedPhrase);
  if (cached) return cached;
  const body = foldedPhrase
    .split(" ")
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u");
  if (phrasePatterns.size >= PHRASE_PATTERN_CACHE_SIZE) phrasePatterns.clear();
  phrasePatterns.set(foldedPhrase, pattern);
  return pattern;
}

/**
 * Length as a person counts it in Shopify's fields: Unicode code points, on
 * NFC text, so "é" typed as e + accent counts once. Emoji sequences count
 * each code point, which errs on the side of "too long".
 */
export function characterCount(value: string): number {
  return [...value.normalize("NFC")].length;
}

/**
 * Whether a value fits a field's limit. Model output that does not fit is sent
 * back, never shortened: cutting it publishes something nobody wrote or
 * reviewed. Text Plume builds itself from the facts (Templates) is shortened
 * with shortenAtWordBoundary, since regenerating it would give the same text.
 */
export function fitsLimit(value: string, limit: number): boolean {
  return characterCount(value) <= limit;
}

/** The " | Brand" style suffix a title template appends; dropped first when a text is too long. */
const TITLE_SUFFIX = /\s+[|·•–—-]\s+[^|·•–—]*$/u;
/** Separators and connecting punctuation that must not be left dangling at the end of a shortened text. */
const DANGLING_END = /[\s,;:|·•–—\-/&(+]+$/u;

/**
 * Shortens plain text to `limit` characters without cutting a word: the last
 * " | suffix" goes first (a brand after a title), then whole trailing words,
 * and no separator is left dangling (nor, with `endsIncomplete`, a word such
 * as "with" that needs what follows). Returns "" when not even the first word
 * fits, which the checks report as empty rather than publishing half a word.
 */
export function shortenAtWordBoundary(text: string, limit: number, options: { endsIncomplete?: (candidate: string) => boolean } = {}): string {
  const complete = (candidate: string) => options.endsIncomplete?.(candidate) !== true;
  let current = text.replace(/\s+/g, " ").trim();
  if (fitsLimit(current, limit)) return current;
  while (TITLE_SUFFIX.test(current) && !fitsLimit(current, limit)) {
    const withoutSuffix = current.replace(TITLE_SUFFIX, "").trim();
    if (withoutSuffix === "" || withoutSuffix === current) break;
    current = withoutSuffix;
  }
  if (fitsLimit(current, limit)) return current;
  const words = current.split(" ");
  while (words.length > 0) {
    words.pop();
    const candidate = words.join(" ").replace(DANGLING_END, "");
    if (candidate !== "" && fitsLimit(candidate, limit) && complete(candidate)) return candidate;
  }
  return "";
}
