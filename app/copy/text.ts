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

/** A regular expression finding an already-folded phrase as whole words in folded text. */
export function wholePhrasePattern(foldedPhrase: string): RegExp {
  const body = foldedPhrase
    .split(" ")
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u");
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
 * Whether a value fits a field's limit. There is deliberately no truncating
 * counterpart: cutting copy mid-sentence publishes something nobody wrote or
 * reviewed, so an over-long value is sent back, never shortened.
 */
export function fitsLimit(value: string, limit: number): boolean {
  return characterCount(value) <= limit;
}
