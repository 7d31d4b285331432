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

export function judgeLanguage(text: string, targetLocale: string): LanguageVerdict {
  const target = primaryLanguage(targetLocale);
  const targetCode = FRANC_CODES[target];
  if (targetCode === undefined) return { kind: "skipped", reason: "unsupported_locale" };
  if (countLetters(text) < MIN_LETTERS_TO_JUDGE) return { kind: "skipped", reason: "too_short" };

  // Candidates: the languages merchants publish in most, plus the target.
  const candidates = [...new Set([...STRICT_LANGUAGES.map((language) => FRANC_CODES[language] ?? ""), targetCode])];
  const trigramGuess = LANGUAGE_BY_FRANC_CODE.get(franc(text, { only: candidates, minLength: 1 })) ?? "und";
  if (!isStrictLanguage(target)) return trigramGuess === target ? { kind: "match" } : { kind: "uncertain", detected: trigramGuess };

  const scores = stopWordScores(text);
  const best = STRICT_LANGUAGES.reduce((leader, language) => (scores[language] > scores[leader] ? language : leader), target);
  const stopWordsPreferOther = best !== target && scores[best] > scores[target];
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

function countLetters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

function isStrictLanguage(language: string): language is StrictLanguage {
  return (STRICT_LANGUAGES as readonly string[]).includes(language);
}
