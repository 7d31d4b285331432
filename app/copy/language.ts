import { franc } from "franc-min";
import { STOP_WORDS, STRICT_LANGUAGES, type StrictLanguage } from "./stop-words";

/**
 * Is a text written in the language it was meant to be? Two detectors vote:
 * franc-min (character trigrams, 82 languages) and a function-word count for
 * the six languages we know well. A hard "wrong language" needs both to say
 * the text is not in the target; when only one does, the caller gets an
 * "uncertain" it can show as a warning. Blocking good copy because one
 * detector misread a short sentence costs the merchant more than a warning.
 */

/** Below this many letters neither detector is reliable enough to judge. */
export const MIN_LETTERS_TO_JUDGE = 25;
/**
 * Below this many letters (after names are removed) a text is "short": an SEO
 * title or alt text. Trigrams are not evidence enough to block it; only a
 * function-word profile clearly of another language is.
 */
export const MIN_LETTERS_FOR_TRIGRAMS = 40;
/** Strong evidence in a short text: this many function words of another language, and none of the target's. */
export const SHORT_TEXT_MIN_FOREIGN_STOP_WORDS = 2;

export type LanguageVerdict =
  | { kind: "skipped"; reason: "too_short" | "unsupported_locale" }
  | { kind: "match" }
  | { kind: "mismatch"; detected: string }
  | { kind: "uncertain"; detected: string };

// BCP 47 primary subtag → ISO 639-3 code used by franc-min.
const FRANC_CODES: Readonly<Record<string, string>> = {
  en: "eng",
  fr: "fra",
  de: "deu",
  es: "spa",
  it: "ita",
  nl: "nld",
  pt: "por",
  sv: "swe",
  pl: "pol",
  tr: "tur",
  ro: "ron",
  hu: "hun",
  cs: "ces",
  ru: "rus",
  uk: "ukr",
  bg: "bul",
  ar: "arb",
  hi: "hin",
  id: "ind",
  vi: "vie",
  ja: "jpn",
  zh: "cmn",
  ko: "kor",
  th: "tha",
  el: "ell",
};
const LANGUAGE_BY_FRANC_CODE = new Map(Object.entries(FRANC_CODES).map(([language, code]) => [code, language]));

export function primaryLanguage(locale: string): string {
  return locale.split(/[-_]/)[0]?.toLowerCase() ?? "";
}

/**
 * Removes names (product title, vendor, product type, option values) from a
 * text: they are in whatever language the merchant named things, and say
 * nothing about the language the copy is written in. Longest first, whole
 * words, case-insensitive.
 */
export function withoutNames(text: string, names: readonly string[]): string {
  let result = visibleText(text);
  for (const pattern of namePatterns(names)) result = result.replace(pattern, " ");
  return result.replace(/\s+/gu, " ").trim();
}

/** Invisible characters are dropped from both sides: a title carrying zero-width joiners is still the same name. */
function visibleText(value: string): string {
  return value.normalize("NFC").replace(/\p{Cf}/gu, "").replace(/\p{Cc}/gu, " ");
}

/**
 * One product's names as whole-word patterns, longest first, compiled once for all its fields and languages (the
 * last few name lists are remembered: a bulk job checks five or more values per product against the same names).
 */
const NAME_PATTERN_CACHE_SIZE = 32;
const namePatternCache = new Map<string, RegExp[]>();

function namePatterns(names: readonly string[]): RegExp[] {
  const key = JSON.stringify(names);
  const cached = namePatternCache.get(key);
  if (cached) return cached;
  const sorted = [...new Set(names.map((name) => visibleText(name).trim()).filter((name) => name !== ""))].sort((left, right) => right.length - left.length);
  const patterns = sorted.map((name) => {
    const body = name
      .split(/\s+/u)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&"))
      .join("\\s+");
    return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "giu");
  });
  if (namePatternCache.size >= NAME_PATTERN_CACHE_SIZE) namePatternCache.delete(namePatternCache.keys().next().value!);
  namePatternCache.set(key, patterns);
  return patterns;
}

export function judgeLanguage(rawText: string, targetLocale: string, options: { names?: readonly string[] } = {}): LanguageVerdict {
  const target = primaryLanguage(targetLocale);
  const targetCode = FRANC_CODES[target];
  if (targetCode === undefined) return { kind: "skipped", reason: "unsupported_locale" };
  const text = withoutNames(rawText, options.names ?? []);
  const letters = countLetters(text);
  // A Latin-script language written mostly in another script (Cyrillic, Greek, Arabic, CJK…)
  // is wrong however short it is: no trigram or word list is needed to see it.
  const foreignScript = isStrictLanguage(target) ? dominantNonLatinScript(text) : undefined;
  if (foreignScript) return { kind: "mismatch", detected: foreignScript };
  // What is left of a short caption once the names are gone may be nothing but the glue
  // between them ("Canvas Tote von Hostile Goods", "Sac en cuir by Hostile Goods"): when
  // every remaining word is a function word of one other language and none is the
  // target's, that glue is the language the model wrote in.
  const glue = isStrictLanguage(target) ? foreignGlue(text, target) : undefined;
  if (glue) return { kind: "mismatch", detected: glue };
  if (letters < MIN_LETTERS_TO_JUDGE) return { kind: "skipped", reason: "too_short" };

  // Candidates: the languages merchants publish in most, plus the target.
  const candidates = [...new Set([...STRICT_LANGUAGES.map((language) => FRANC_CODES[language] ?? ""), targetCode])];
  const trigramGuess = LANGUAGE_BY_FRANC_CODE.get(franc(text, { only: candidates, minLength: 1 })) ?? "und";
  if (!isStrictLanguage(target)) return trigramGuess === target ? { kind: "match" } : { kind: "uncertain", detected: trigramGuess };

  const scores = stopWordScores(text);
  const best = STRICT_LANGUAGES.reduce((leader, language) => (scores[language] > scores[leader] ? language : leader), target);
  const stopWordsPreferOther = best !== target && scores[best] > scores[target];
  if (letters < MIN_LETTERS_FOR_TRIGRAMS) {
    // Short: block only on a function-word profile clearly of another language, where trigrams agree.
    const strong = stopWordsPreferOther && scores[target] === 0 && scores[best] >= SHORT_TEXT_MIN_FOREIGN_STOP_WORDS && trigramGuess === best;
    if (strong) return { kind: "mismatch", detected: best };
    // Weaker signs are a warning for the reviewer, never a block, and never a "match" either.
    if (trigramGuess !== target) return { kind: "uncertain", detected: stopWordsPreferOther ? best : trigramGuess };
    return stopWordsPreferOther ? { kind: "uncertain", detected: best } : { kind: "match" };
  }
  if (trigramGuess === target) return stopWordsPreferOther ? { kind: "uncertain", detected: best } : { kind: "match" };
  return stopWordsPreferOther ? { kind: "mismatch", detected: best } : { kind: "uncertain", detected: trigramGuess };
}

/**
 * Each function word adds 1/n to each of the n languages that use it, so "de"
 * (French, Spanish, Dutch) weighs a third of "het" (Dutch only).
 */
export function stopWordScores(text: string): Record<StrictLanguage, number> {
  const scores: Record<StrictLanguage, number> = { en: 0, fr: 0, de: 0, es: 0, it: 0, nl: 0 };
  // Elided articles ("l'eau", "d'une") count as their full word.
  const words = text.toLowerCase().replace(/\b([ldnc]|qu)['’]/g, "$1e ").match(/\p{L}+/gu) ?? [];
  for (const word of words) {
    const languages = STRICT_LANGUAGES.filter((language) => STOP_WORDS[language].has(word));
    for (const language of languages) scores[language] += 1 / languages.length;
  }
  return scores;
}

/** Scripts that mark a text as not written in a Latin-script language, with the language to name. */
const NON_LATIN_SCRIPTS: ReadonlyArray<{ pattern: RegExp; language: string }> = [
  { pattern: /\p{Script=Cyrillic}/gu, language: "ru" },
  { pattern: /\p{Script=Greek}/gu, language: "el" },
  { pattern: /\p{Script=Arabic}/gu, language: "ar" },
  { pattern: /\p{Script=Hebrew}/gu, language: "he" },
  { pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/gu, language: "ja" },
  { pattern: /\p{Script=Hangul}/gu, language: "ko" },
  { pattern: /\p{Script=Han}/gu, language: "zh" },
  { pattern: /\p{Script=Thai}/gu, language: "th" },
  { pattern: /\p{Script=Devanagari}/gu, language: "hi" },
];
/** Letters, after names are removed, before a script is evidence; and the share it must hold. */
const MIN_LETTERS_FOR_SCRIPT = 8;
const MIN_FOREIGN_SCRIPT_SHARE = 0.5;

function dominantNonLatinScript(text: string): string | undefined {
  const letters = countLetters(text);
  if (letters < MIN_LETTERS_FOR_SCRIPT) return undefined;
  let best: { language: string; count: number } | undefined;
  for (const script of NON_LATIN_SCRIPTS) {
    const count = text.match(script.pattern)?.length ?? 0;
    if (count > (best?.count ?? 0)) best = { language: script.language, count };
  }
  // Japanese mixes kana with Han: count Han toward Japanese when any kana is present.
  if (best?.language === "zh" && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) best = { language: "ja", count: best.count };
  return best && best.count / letters >= MIN_FOREIGN_SCRIPT_SHARE ? best.language : undefined;
}

/** At most this many words left once names are removed: a caption's glue, not a sentence. */
const MAX_GLUE_WORDS = 3;

function foreignGlue(text: string, target: StrictLanguage): string | undefined {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0 || words.length > MAX_GLUE_WORDS) return undefined;
  const languagesOf = (word: string) => STRICT_LANGUAGES.filter((language) => STOP_WORDS[language].has(word));
  const perWord = words.map(languagesOf);
  // Every word must be a function word, none of the target's, and one language must account for all.
  if (perWord.some((languages) => languages.length === 0 || languages.includes(target))) return undefined;
  const shared = STRICT_LANGUAGES.filter((language) => perWord.every((languages) => languages.includes(language)));
  return shared.length >= 1 ? shared[0] : undefined;
}

function countLetters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

function isStrictLanguage(language: string): language is StrictLanguage {
  return (STRICT_LANGUAGES as readonly string[]).includes(language);
}
