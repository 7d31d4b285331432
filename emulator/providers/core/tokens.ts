/**
 * Token counts without a tokenizer: about four characters a token is what the
 * providers themselves quote for English, and close enough for French and German.
 */
export const CHARACTERS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/** Tokens wholly inside a prefix of `characters` characters (a partial token is not cached). */
export function tokensInPrefix(characters: number): number {
  return Math.floor(characters / CHARACTERS_PER_TOKEN);
}
