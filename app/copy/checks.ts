import { factsAsText, findUnbackedTerms } from "./claims";
import { findContactDetails, findPromptEcho } from "./contact";
import { InvalidCheckInputError } from "./errors";
import { stripInvisible } from "./facts";
import { judgeLanguage, primaryLanguage } from "./language";
import { FIELD_LIMITS as LIMITS } from "./limits";
import { findChatter } from "./refusal";
import { descriptionHtmlToText, listDisallowedMarkup, reserializeDescriptionHtml, sanitizeDescriptionHtml } from "./sanitize.server";
import { findNearDuplicate } from "./similarity";
import { cutDictionaryWord, cutFactWord, truncationIssue } from "./truncation";
import { characterCount, fitsLimit, foldForMatching, wholePhrasePattern } from "./text";
import { fieldCheckInputSchema, type CopyField, type FieldCheckInput, type FieldCheckResult, type Issue } from "./types";

/**
 * The gate every generated value passes before it can be published. Hard
 * failures block; warnings go to the reviewer. Values are never repaired here
 * (no truncation, no word swapping): a failing value goes back for
 * regeneration or a human edit.
 */

export { characterCount, fitsLimit };
export { findCutHtml } from "./truncation";

/** Shopify's and search engines' practical limits, in characters (code points); defined in ./limits. */
export const FIELD_LIMITS: Readonly<Partial<Record<CopyField, number>>> = LIMITS;

const FIELDS_UNIQUE_IN_CATALOG: ReadonlySet<CopyField> = new Set(["seoTitle", "metaDescription"]);

export function checkField(input: FieldCheckInput): FieldCheckResult {
  const parsed = fieldCheckInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidCheckInputError(parsed.error.issues, { cause: parsed.error });
  const { field, value, targetLocale, facts, bannedWords, otherProductsSeo, allowLinks, instructions } = parsed.data;
  const hardFailures: Issue[] = [];
  const warnings: Issue[] = [];

  if (field === "descriptionHtml") hardFailures.push(...unsafeHtmlIssues(value, allowLinks === true));

  // Wording checks read what a shopper reads, with hidden characters removed so they cannot split a banned word.
  const text = stripInvisible(field === "descriptionHtml" ? descriptionHtmlToText(value) : value).trim();
  if (text === "") {
    hardFailures.push({ code: "empty", message: `${field} is empty`, params: { field } });
    return { hardFailures, warnings };
  }

  const limit = FIELD_LIMITS[field];
  if (limit !== undefined && !fitsLimit(value, limit)) {
    const length = characterCount(value);
    hardFailures.push({ code: "too_long", message: `${field} has ${length} characters, the limit is ${limit}`, params: { field, limit, length } });
  }

  const cut = truncationIssue(field, value, text, targetLocale);
  if (cut) (cut.hard ? hardFailures : warnings).push(cut.issue);
  const factTexts = [facts.title, facts.vendor, facts.productType, facts.descriptionText, ...facts.tags, ...facts.options.flatMap((option) => option.values), ...facts.variants.map((variant) => variant.title)];
  if (cut?.hard !== true) {
    const ending = [...text].slice(-30).join("");
    const cutFrom = cutFactWord(text, factTexts);
    const cutEnding = cutFrom === undefined ? cutDictionaryWord(text, targetLocale, factTexts) : undefined;
    if (cutFrom !== undefined) {
      hardFailures.push({ code: "truncated", message: `${field} looks cut off (it ends inside the word "${cutFrom}"): "…${ending}"`, params: { field, ending } });
    } else if (cutEnding !== undefined) {
      hardFailures.push({ code: "truncated", message: `${field} looks cut off (it ends on "${cutEnding}", the start of a word but not a word): "…${ending}"`, params: { field, ending } });
    }
  }

  // Names are in whatever language the merchant chose: not evidence of the copy's language.
  const names = [facts.title, facts.vendor, facts.productType, ...facts.options.flatMap((option) => option.values), ...facts.variants.map((variant) => variant.title)];
  const language = judgeLanguage(text, targetLocale, { names });
  if (language.kind === "mismatch" || language.kind === "uncertain") {
    const expected = primaryLanguage(targetLocale);
    const issue: Issue = {
      code: "wrong_language",
      message: `${field} should be in ${expected} but reads as ${language.detected}${language.kind === "uncertain" ? " (detectors disagree)" : ""}`,
      params: { field, expected, detected: language.detected, confidence: language.kind === "mismatch" ? "high" : "low" },
    };
    (language.kind === "mismatch" ? hardFailures : warnings).push(issue);
  }

  const foldedText = foldForMatching(text);
  for (const word of bannedWords) {
    const foldedWord = foldForMatching(word);
    if (foldedWord !== "" && wholePhrasePattern(foldedWord).test(foldedText)) {
      hardFailures.push({ code: "banned_word", message: `${field} contains the banned word "${word}"`, params: { field, word } });
    }
  }

  for (const chatter of findChatter(text)) {
    const what = chatter.kind === "refusal" ? "a refusal" : "text about the task";
    hardFailures.push({ code: chatter.kind, message: `${field} contains ${what}: "${chatter.phrase}"`, params: { field, phrase: chatter.phrase } });
  }

  if (allowLinks !== true) {
    for (const contact of findContactDetails(text, stripInvisible(factsAsText(facts)))) {
      hardFailures.push({ code: "contact_details", message: `${field} contains a ${contact.kind} not in the product facts: "${contact.text}"`, params: { field, kind: contact.kind, found: contact.text } });
    }
  }

  const echo = findPromptEcho(text, instructions);
  if (echo !== undefined) hardFailures.push({ code: "prompt_echo", message: `${field} repeats the instructions: "${echo}"`, params: { field, phrase: echo } });

  // Facts should arrive cleaned (cleanFacts); stripping again costs little and keeps a hidden character from hiding a fact.
  for (const unbacked of findUnbackedTerms(text, stripInvisible(factsAsText(facts)), targetLocale)) {
    // Unbacked is a warning for the reviewer; contradicted by the facts (another origin, another warranty) blocks.
    (unbacked.contradicts === undefined ? warnings : hardFailures).push({
      code: "possibly_invented",
      message:
        unbacked.contradicts === undefined
          ? `${field} mentions ${unbacked.kind} "${unbacked.term}", which the product facts do not`
          : `${field} says ${unbacked.kind} "${unbacked.term}", but the product facts say "${unbacked.contradicts}"`,
      params: { field, term: unbacked.term, kind: unbacked.kind, ...(unbacked.name === undefined ? {} : { name: unbacked.name }), ...(unbacked.contradicts === undefined ? {} : { contradicts: unbacked.contradicts }) },
    });
  }

  if (FIELDS_UNIQUE_IN_CATALOG.has(field) && otherProductsSeo !== undefined) {
    const duplicate = findNearDuplicate(text, otherProductsSeo);
    if (duplicate !== undefined) {
      const rounded = Math.round(duplicate.similarity * 100) / 100;
      warnings.push({
        code: "near_duplicate",
        message: `${field} is ${Math.round(rounded * 100)}% similar to another product's: "${duplicate.text}"`,
        params: { field, similarity: rounded, other: duplicate.text },
      });
    }
  }

  return { hardFailures, warnings };
}

/**
 * Anything sanitising would remove (a tag, an attribute, a link target) makes
 * the value unpublishable as it stands. Pure re-serialisation differences —
 * `<br>` written as `<br />`, `&eacute;` as `é`, `<b>` as `<strong>`, empty
 * paragraphs dropped — do not count: they are the sanitiser's normal form,
 * not something taken away.
 */
function unsafeHtmlIssues(value: string, allowLinks: boolean): Issue[] {
  const removed = listDisallowedMarkup(value, { allowLinks });
  const changed = sanitizeDescriptionHtml(value, { allowLinks }) !== reserializeDescriptionHtml(value, { allowLinks });
  if (removed.tags.length === 0 && removed.attributes.length === 0 && !changed) return [];
  const tags = removed.tags.join(", ");
  const attributes = removed.attributes.join(", ");
  return [
    {
      code: "unsafe_html",
      message: `descriptionHtml has markup the sanitiser removes (tags: ${tags || "none"}; attributes: ${attributes || "none"})`,
      params: { field: "descriptionHtml", tags, attributes },
    },
  ];
}

/**
 * Alt texts of one product in one generation that are the same (ignoring case,
 * accents and spacing) for different images: each such image gets a warning, so
 * the merchant sees that a shopper relying on a screen reader could not tell the
 * images apart. Keyed by image id.
 */
export function findDuplicateAltTexts(altTexts: ReadonlyArray<{ imageId: string; value: string }>): Map<string, Issue> {
  const byText = new Map<string, string[]>();
  for (const alt of altTexts) {
    const key = foldForMatching(alt.value).replace(/\s+/g, " ").trim();
    if (key === "") continue;
    byText.set(key, [...(byText.get(key) ?? []), alt.imageId]);
  }
  const issues = new Map<string, Issue>();
  for (const imageIds of byText.values()) {
    const distinct = [...new Set(imageIds)];
    if (distinct.length < 2) continue;
    for (const imageId of distinct) {
      issues.set(imageId, {
        code: "duplicate_alt_text",
        message: `the same alt text is proposed for ${distinct.length} images of this product`,
        params: { count: distinct.length },
      });
    }
  }
  return issues;
}
