import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";
import { foldForMatching } from "./text";

/**
 * Word lists for the languages whose cut words we can judge (see
 * docs/decisions/0011-word-lists-for-cut-words.md). Each list is read once per
 * process, on first use, and kept as one folded, sorted, newline-separated
 * string with an offset table: a few megabytes instead of hundreds of
 * thousands of string objects, and "is this the start of a longer word" is a
 * binary search.
 */

/** Languages with a permissively licensed word list; other languages keep the rules that need no lexicon. */
const WORD_LIST_PACKAGES = {
  en: "an-array-of-english-words",
  fr: "an-array-of-french-words",
  es: "an-array-of-spanish-words",
} as const;

export type LexiconLanguage = keyof typeof WORD_LIST_PACKAGES;

export function isLexiconLanguage(language: string): language is LexiconLanguage {
  return Object.hasOwn(WORD_LIST_PACKAGES, language);
}

export interface Lexicon {
  readonly language: LexiconLanguage;
  /** How many distinct folded entries the lexicon holds. */
  readonly size: number;
  /** Whether a folded word is an entry. */
  has(foldedWord: string): boolean;
  /** Whether some entry starts with the folded text and is longer than it. */
  hasLongerWordStartingWith(foldedPrefix: string): boolean;
}

/**
 * The shape of a word-list package's index.json. A custom check rather than z.array(z.string()):
 * the same test at a twentieth of the cost on 600,000 entries.
 */
const wordListSchema = z.custom<string[]>(
  (value) => Array.isArray(value) && value.length >= 1000 && value.every((entry) => typeof entry === "string" && entry.length > 0 && entry.length <= 100),
  "a word list is a JSON array of at least 1,000 non-empty strings of at most 100 characters",
);

const loaded = new Map<LexiconLanguage, Lexicon>();

/** The lexicon of a language, loaded on first use and kept for the life of the process. */
export function lexiconFor(language: LexiconLanguage): Lexicon {
  const cached = loaded.get(language);
  if (cached !== undefined) return cached;
  const lexicon = buildLexicon(language, readWordList(WORD_LIST_PACKAGES[language]));
  loaded.set(language, lexicon);
  return lexicon;
}

function readWordList(packageName: string): string[] {
  // Read and parse the file ourselves: require() would keep the whole parsed array alive in its module cache.
  const require = createRequire(import.meta.url);
  const parsed: unknown = JSON.parse(readFileSync(require.resolve(packageName), "utf8"));
  return wordListSchema.parse(parsed);
}

const PLAIN_FOLDED_WORD = /^[a-z]+$/;
const SPACE_LIKE = /^[\s\-‐‑‒–—_]$/u;

/**
 * foldForMatching, one character at a time with a cache: the same result on a single word
 * (lists hold precomposed letters), without running its regular expressions over every entry.
 */
function foldEntry(entry: string, cache: Map<string, string>): string {
  let folded = "";
  for (const character of entry) {
    let replacement = cache.get(character);
    if (replacement === undefined) {
      replacement = SPACE_LIKE.test(character) ? " " : foldForMatching(character);
      cache.set(character, replacement);
    }
    folded += replacement;
  }
  return folded.replace(/ +/gu, " ").trim();
}

/**
 * Builds the lexicon from raw entries. Entries are folded as copy is (no accents, lower
 * case, one apostrophe, hyphens as spaces); a compound ("t-shirt", "aujourd'hui") is kept
 * whole and each of its parts is kept too, so "week" from "week-end" is a word.
 */
export function buildLexicon(language: LexiconLanguage, entries: readonly string[]): Lexicon {
  const words: string[] = [];
  const cache = new Map<string, string>();
  for (const entry of entries) {
    if (PLAIN_FOLDED_WORD.test(entry)) {
      words.push(entry);
      continue;
    }
    const word = foldEntry(entry, cache);
    if (word === "") continue;
    words.push(word);
    for (const part of word.split(/[ ']/u)) if (part !== "" && part !== word) words.push(part);
  }
  // Default sort order is by UTF-16 code units, the order compareAt searches in.
  words.sort();
  let distinct = 0;
  for (const word of words) if (distinct === 0 || words[distinct - 1] !== word) words[distinct++] = word;
  words.length = distinct;
  const offsets = new Uint32Array(distinct + 1);
  let position = 0;
  for (const [index, word] of words.entries()) {
    offsets[index] = position;
    position += word.length + 1;
  }
  offsets[distinct] = position;
  // One flat string; each entry is followed by "\n", so entry i spans offsets[i] .. offsets[i + 1] - 1.
  const packed = words.join("\n") + "\n";
  return new PackedLexicon(language, packed, offsets, distinct);
}

class PackedLexicon implements Lexicon {
  constructor(
    readonly language: LexiconLanguage,
    private readonly packed: string,
    private readonly offsets: Uint32Array,
    readonly size: number,
  ) {}

  has(foldedWord: string): boolean {
    const index = this.lowerBound(foldedWord);
    return index < this.size && this.compareAt(index, foldedWord) === 0;
  }

  hasLongerWordStartingWith(foldedPrefix: string): boolean {
    if (foldedPrefix === "") return false;
    let index = this.lowerBound(foldedPrefix);
    if (index < this.size && this.compareAt(index, foldedPrefix) === 0) index += 1;
    return index < this.size && this.entryStartsWith(index, foldedPrefix);
  }

  /** The first entry index whose entry is not smaller than `word`. */
  private lowerBound(word: string): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareAt(middle, word) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Compares entry `index` with `word` by UTF-16 code units, as the sort did. */
  private compareAt(index: number, word: string): number {
    const start = this.offsets[index] ?? 0;
    const length = (this.offsets[index + 1] ?? start + 1) - start - 1;
    const shared = Math.min(length, word.length);
    for (let offset = 0; offset < shared; offset += 1) {
      const difference = this.packed.charCodeAt(start + offset) - word.charCodeAt(offset);
      if (difference !== 0) return difference;
    }
    return length - word.length;
  }

  private entryStartsWith(index: number, prefix: string): boolean {
    const start = this.offsets[index] ?? 0;
    const length = (this.offsets[index + 1] ?? start + 1) - start - 1;
    return length > prefix.length && this.packed.startsWith(prefix, start);
  }
}
