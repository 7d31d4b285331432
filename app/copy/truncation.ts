import { primaryLanguage } from "./language";
import { isLexiconLanguage, lexiconFor, type LexiconLanguage } from "./lexicon.server";
import { foldForMatching } from "./text";
import type { CopyField, Issue } from "./types";

/**
 * Copy that stops mid-word or mid-sentence: what a model writes when it hits
 * its output-token limit and the cut happens to parse. The call contract
 * already rejects replies whose finish reason is "length"; this catches a cut
 * value however it arrived (a provider that reports "stop", an edit).
 */

/** Sentence-final punctuation, optionally followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$/u;
/** An ending that promises more: a separator, an opening quote or bracket, a conjunction sign. */
const DANGLING_PUNCTUATION = /[,;:\-–—(/&+«“‘[]$/u;
const ENDS_WITH_EMOJI = /\p{Extended_Pictographic}\uFE0F?$/u;

/**
 * Words that cannot end a title, a caption or a sentence: articles, possessives,
 * conjunctions and prepositions that need what follows. Folded (no accents).
 * Only words that never close a phrase in product copy are listed ("on", "in",
 * "it" can: "try it on").
 */
const DANGLING_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set("the a an and or but of with for from by your our its their this these those my his her into onto than".split(" ")),
  fr: new Set("le la les un une des du de et ou avec pour par votre vos notre nos son sa ses leur leurs au aux ce cette ces dans sur sans mais".split(" ")),
  de: new Set("der die das ein eine einer einem einen und oder mit fur von zu im dem den des ihr ihre ihren unser unsere aus bei".split(" ")),
  es: new Set("el la los las un una unos unas y o con para por de del su sus tu tus nuestro nuestra al sin pero".split(" ")),
  it: new Set("il lo la i gli le un una uno e o con per di del della dei delle da dal nel nella al alla tuo tua suo sua ma".split(" ")),
  nl: new Set("de het een en of met voor van door uw je jouw onze naar bij".split(" ")),
};

/**
 * Fields whose text normally ends a sentence: a meta description, and a description when
 * it ends with a paragraph. A missing ending is the commonest trace of a reply cut at the
 * token limit ("… Available in 2 var"), so it is a hard failure.
 */
const SENTENCE_FIELDS: ReadonlySet<CopyField> = new Set(["metaDescription"]);

export function truncationIssue(field: CopyField, value: string, text: string, targetLocale: string): { issue: Issue; hard: boolean } | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const issue = (reason: string): Issue => ({
    code: "truncated",
    message: `${field} looks cut off (${reason}): "…${[...trimmed].slice(-30).join("")}"`,
    params: { field, ending: [...trimmed].slice(-30).join("") },
  });
  if (endsOnDanglingWord(trimmed, targetLocale)) return { issue: issue("it ends on a word or sign that needs what follows"), hard: true };
  const paragraphEnds = field === "descriptionHtml" && lastBlockIsParagraph(value);
  if (paragraphEnds || SENTENCE_FIELDS.has(field)) {
    const lastText = paragraphEnds ? lastParagraphText(value) : trimmed;
    if (!SENTENCE_END.test(lastText) && !ENDS_WITH_EMOJI.test(lastText)) return { issue: issue("its last sentence has no ending"), hard: true };
  }
  return undefined;
}

const wordsOf = (text: string): string[] => foldForMatching(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * A value that stops inside a word the product's own facts spell out: "Rugged Bluetooth
 * Speaker in bra" when the title says "in braided nylon", "Oak Cutting Board | Hos" when
 * the vendor is "Hostile Goods". The last word is flagged when it is not a word of the
 * facts, but the start of one (at least two letters shorter) that follows the same word
 * in the facts, or opens a fact (a vendor, a title, an option value). Returns the word it
 * was cut from.
 */
export function cutFactWord(text: string, factTexts: readonly string[]): string | undefined {
  if (!/[\p{L}\p{N}]$/u.test(text.trim())) return undefined;
  const words = wordsOf(text);
  const last = words.at(-1);
  const previous = words.at(-2);
  if (last === undefined || last.length < 2) return undefined;
  const factWords = factTexts.map(wordsOf);
  if (factWords.some((fact) => fact.includes(last))) return undefined;
  for (const fact of factWords) {
    for (const [index, word] of fact.entries()) {
      if (word.length >= last.length + 2 && word.startsWith(last) && (index === 0 || fact[index - 1] === previous)) return word;
    }
  }
  return undefined;
}

/**
 * Units and abbreviations common in product copy that no word list holds, folded. A value
 * may end on one ("Lampe LED 40 W", "Sac en coton bio"): they are never a cut word.
 */
const COPY_ABBREVIATIONS: ReadonlySet<string> = new Set(
  [
    // Lengths, volumes, masses, energy, frequency, storage, screen.
    "mm cm dm km in ft yd ml cl dl oz floz lb lbs mg kg kw kwh wh mah mbar psi hz khz mhz ghz kb ko mb mo gb go tb px dpi rpm db",
    // Product-copy abbreviations in the languages we have word lists for.
    "bio eco alu inox usb led lcd oled hdmi wifi hifi bpa pvc spf uv tv pc xs xl xxl xxxl diy",
    "env ref dim max min approx incl excl etc qte ttc ht tva pcs pce pces nr",
  ]
    .join(" ")
    .split(" "),
);

/**
 * English words of fewer than four letters that French and Spanish copy borrows. Longer
 * English words count as loanwords on their own; short ones collide with the starts of
 * words ("mar" is English, and the start of "marque"), so only these are taken.
 */
const SHORT_ENGLISH_LOANWORDS: ReadonlySet<string> = new Set("bag fun fit top kit set gel mix pop hot web app spa zen jet box tee cap dry bob fan wax pad kid".split(" "));
/** English words at least this long count as words in other languages' copy (loanwords: "tote", "legging", "scrub"). */
const MIN_LOANWORD_LETTERS = 4;

const LAST_TOKEN = /[\p{L}\p{M}\p{N}'’ʼ\-‐‑]+$/u;
const NOT_LATIN_LETTER = /(?=\p{L})\P{Script=Latin}/u;
/** Words that open a sentence or follow a separator are capitalised whatever the style. */
const AFTER_BOUNDARY = /(?:^|[.!?:|·•–—]\s*)$/u;

/**
 * A value whose last word is not a word of the target language but the start of one: "Sac
 * en cuir de la mar" (for "marque"), "Leather tote with brass buc". The facts already cover
 * cuts inside their own words (cutFactWord); this covers the model's own phrasing, with a
 * word list of the language (./lexicon.server.ts). It stays silent when it cannot judge:
 * languages without a word list (German, Italian, Dutch, …), letters outside the Latin
 * script (CJK, Arabic, Hebrew, Cyrillic), tokens with digits (model numbers, "40W"),
 * units after a number, abbreviations, acronyms and camel-case brands ("LED", "iPhone"),
 * capitalised words in sentence-case text (proper nouns: "Fabriqué à Lyon"), words of the
 * facts (names, brands, SKUs), plurals of listed words, and loanwords from English.
 * Returns the cut ending as written.
 */
export function cutDictionaryWord(text: string, targetLocale: string, factTexts: readonly string[]): string | undefined {
  const trimmed = text.trim();
  if (!/\p{L}\p{M}*$/u.test(trimmed)) return undefined;
  const language = primaryLanguage(targetLocale);
  if (!isLexiconLanguage(language)) return undefined;
  const token = LAST_TOKEN.exec(trimmed)?.[0].replace(/^[-‐‑'’ʼ]+/u, "");
  if (token === undefined || token === "" || /\p{N}/u.test(token) || NOT_LATIN_LETTER.test(token)) return undefined;
  const before = trimmed.slice(0, trimmed.length - token.length);
  if (/\p{N}\s*$/u.test(before)) return undefined;

  const rawPart = token.split(/['’ʼ\-‐‑]/u).at(-1) ?? token;
  const whole = foldForMatching(token);
  const part = foldForMatching(rawPart);
  if (part.length < 2 || COPY_ABBREVIATIONS.has(part)) return undefined;
  if (looksLikeName(rawPart, trimmed, before)) return undefined;

  const factWords = new Set(factTexts.flatMap(wordsOf));
  if (factWords.has(part) || wordsOf(token).every((word) => factWords.has(word))) return undefined;

  const lexicon = lexiconFor(language);
  if (lexicon.has(whole)) return undefined;
  // A compound cut inside: "t-sh" for "t-shirt".
  if (whole !== part && lexicon.hasLongerWordStartingWith(whole)) return token;
  if (lexicon.has(part) || isPluralOfListedWord(part, language) || isEnglishLoanword(part, language)) return undefined;
  return lexicon.hasLongerWordStartingWith(part) ? rawPart : undefined;
}

/** Acronyms, camel-case brands and, in sentence-case text, capitalised words: names, not judged. */
function looksLikeName(rawWord: string, text: string, before: string): boolean {
  const letters = [...text].filter((character) => /\p{L}/u.test(character));
  const upper = letters.filter((character) => /\p{Lu}/u.test(character)).length;
  // Copy in capitals ("SAC EN CUIR DE LA MAR") carries no capitalisation signal.
  if (letters.length > 0 && upper / letters.length >= 0.6) return false;
  if (/^\p{Lu}{2,}$/u.test(rawWord) || /\p{Ll}\p{Lu}/u.test(rawWord)) return true;
  if (!/^\p{Lu}/u.test(rawWord) || AFTER_BOUNDARY.test(before)) return false;
  return !isTitleCase(before);
}

/**
 * Whether the text before the last word capitalises most of its longer words ("Leather Tote
 * With Brass"), so a capital says nothing about a name. Words after a boundary and short
 * words are not evidence; with no evidence the text counts as sentence case.
 */
function isTitleCase(before: string): boolean {
  let capitalised = 0;
  let counted = 0;
  for (const match of before.matchAll(/[\p{L}\p{M}]+/gu)) {
    const word = match[0];
    const index = match.index;
    if (word.length < 4 || /^\p{Lu}{2,}$/u.test(word) || AFTER_BOUNDARY.test(before.slice(0, index))) continue;
    counted += 1;
    if (/^\p{Lu}/u.test(word)) capitalised += 1;
  }
  return counted > 0 && capitalised * 2 >= counted;
}

/** "vestes", "bijoux": a plural whose singular is listed, should the list lack the plural. */
function isPluralOfListedWord(word: string, language: LexiconLanguage): boolean {
  return word.length > 3 && /[sx]$/u.test(word) && lexiconFor(language).has(word.slice(0, -1));
}

function isEnglishLoanword(word: string, language: LexiconLanguage): boolean {
  if (language === "en") return false;
  if (word.length < MIN_LOANWORD_LETTERS) return SHORT_ENGLISH_LOANWORDS.has(word);
  return lexiconFor("en").has(word);
}

function lastBlockIsParagraph(html: string): boolean {
  return /<\/p>\s*$/iu.test(html) || !/<\/(?:ul|ol|li|h[1-6])>\s*$/iu.test(html);
}

/** The text of the last paragraph that has any (an empty trailing <p></p> is not the ending). */
function lastParagraphText(html: string): string {
  const texts = html.split(/<p\b[^>]*>/iu).map((part) =>
    part
      .replace(/<[^>]*>/gu, " ")
      .replace(/&nbsp;/gu, " ")
      .replace(/\s+/gu, " ")
      .trim(),
  );
  return texts.filter((text) => text !== "").at(-1) ?? "";
}

/** Whether plain text ends on a word that needs what follows ("with", "the", "et", "und"). */
export function endsOnDanglingWord(text: string, targetLocale: string): boolean {
  const trimmed = text.trim();
  if (DANGLING_PUNCTUATION.test(trimmed)) return true;
  const lastWord = foldForMatching(trimmed).match(/[\p{L}']+$/u)?.[0]?.replace(/^.*'/u, "");
  const language = primaryLanguage(targetLocale);
  return lastWord !== undefined && (DANGLING_WORDS[language]?.has(lastWord) === true || DANGLING_WORDS.en?.has(lastWord) === true);
}

const VOID_ELEMENTS: ReadonlySet<string> = new Set(["br", "hr", "img", "wbr", "input", "meta", "link", "source", "col", "area", "base", "embed", "param", "track"]);

/**
 * Raw description HTML (before sanitising, which would close what was left
 * open) that stops inside a tag, an entity or an element.
 */
export function findCutHtml(raw: string): Issue | undefined {
  const html = raw.trimEnd();
  const issue = (reason: string): Issue => ({
    code: "truncated",
    message: `descriptionHtml looks cut off (${reason})`,
    params: { field: "descriptionHtml", ending: [...html].slice(-30).join("") },
  });
  if (/<[^>]*$/u.test(html)) return issue("it ends inside a tag");
  if (/&#?[a-z0-9]*$/iu.test(html)) return issue("it ends inside an entity");
  const open: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*?(\/?)>/giu)) {
    const [, closing, rawName, selfClosing] = match;
    const name = (rawName ?? "").toLowerCase();
    if (VOID_ELEMENTS.has(name) || selfClosing === "/") continue;
    if (closing === "") open.push(name);
    else {
      const index = open.lastIndexOf(name);
      if (index !== -1) open.length = index;
    }
  }
  return open.length > 0 ? issue(`<${open.join("><")}> is never closed`) : undefined;
}
