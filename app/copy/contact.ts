import { foldForMatching } from "./text";

/**
 * Links and contact details written as plain text, and text that repeats our
 * own instructions. The sanitiser removes <a> elements when links are off but
 * not the address a shopper reads, and SEO fields and alt text are never HTML:
 * a model that obeyed "add a link to …" in product data would otherwise
 * publish it. Anything already present in the product's facts (the shop's own
 * phone number, a SKU, a site named in the description) is not flagged.
 */

export interface ContactMatch {
  kind: "url" | "domain" | "email" | "phone";
  text: string;
}

// Top-level domains common enough to appear in shop copy; a bare "word.tld" is only a domain with one of these.
const TLDS = new Set(
  ("com net org info biz shop store online site website app dev io ai co me tv xyz club top link page blog eu uk de fr es it nl be ch at " +
    "se dk no fi pl pt ie us ca au nz jp cn in br mx ru cz sk hu ro gr tr lu li is ee lv lt si hr bg ua za sg hk kr tw").split(" "),
);

const URL_PATTERN = /\b(?:https?|ftp):\/\/[^\s<>"')]+|\bwww\.[^\s<>"')]+/giu;
const EMAIL_PATTERN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
// Labels of letters, digits and hyphens, the last a lower-case TLD ("example.shop", "atelier-morel.fr").
const DOMAIN_PATTERN = /(?<![\p{L}\p{N}@.-])((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+([a-z]{2,24}))(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])/gu;
// A phone number: optional +/00 country code, then digit groups split by spaces, dots, dashes, slashes or brackets.
const PHONE_PATTERN = /(?<![\p{L}\p{N}.,])(?:\+|00)?\(?\d{1,4}\)?(?:[\s.\-/]{1,2}\(?\d{1,5}\)?){2,6}(?![\p{L}\p{N}]|[.,]\d)/gu;
const MIN_PHONE_DIGITS = 8;

export function findContactDetails(text: string, factsText: string): ContactMatch[] {
  const found: ContactMatch[] = [];
  let rest = text;
  const take = (kind: ContactMatch["kind"], pattern: RegExp, accept: (matched: string) => boolean = () => true) => {
    rest = rest.replace(pattern, (matched) => {
      if (!accept(matched)) return matched;
      found.push({ kind, text: matched.replace(/[.,;:!?]+$/u, "") });
      // Blanked so an e-mail's domain or a URL's host is not reported again.
      return " ".repeat(matched.length);
    });
  };
  take("url", URL_PATTERN);
  take("email", EMAIL_PATTERN);
  take("domain", DOMAIN_PATTERN, (matched) => TLDS.has(/\.([a-z]{2,24})$/u.exec(matched)?.[1] ?? ""));
  take("phone", PHONE_PATTERN, (matched) => (matched.match(/\d/g)?.length ?? 0) >= MIN_PHONE_DIGITS);
  const foldedFacts = foldForMatching(factsText);
  // Digit runs of the facts (a phone number, a SKU, an EAN), whatever their separators.
  const factDigitRuns = (factsText.match(/[\d\s.\-/()+]{8,}/g) ?? []).map((run) => run.replace(/\D/g, ""));
  return found.filter((entry) => {
    if (entry.kind === "phone") {
      const digits = entry.text.replace(/\D/g, "");
      return !factDigitRuns.some((run) => run.includes(digits));
    }
    const folded = foldForMatching(entry.text).replace(/^(?:https?:\/\/)?(?:www\.)?/u, "").replace(/\/+$/u, "");
    return folded === "" || !foldedFacts.includes(folded);
  });
}

/** Words in a row that, found in copy exactly as in our instructions, mean the model repeated them. */
export const PROMPT_ECHO_MIN_WORDS = 6;
const PROMPT_MARKERS = /<\/?product_data>|\bproduct_data\b|\btargetlanguage\b|\btargetlocale\b/u;

/**
 * The first run of PROMPT_ECHO_MIN_WORDS or more words the text shares with
 * the instructions, or a prompt marker. `instructions` should hold only
 * Plume's own rules, not the merchant's brand voice or example copy, which
 * copy may legitimately echo.
 */
export function findPromptEcho(text: string, instructions: string | undefined): string | undefined {
  // Not folded: folding reads "_" as a space.
  const marker = PROMPT_MARKERS.exec(text.toLowerCase());
  if (marker) return marker[0];
  if (!instructions) return undefined;
  const words = (value: string) => foldForMatching(value).match(/[\p{L}\p{N}']+/gu) ?? [];
  const instructionWords = words(instructions);
  const runs = new Set<string>();
  for (let index = 0; index + PROMPT_ECHO_MIN_WORDS <= instructionWords.length; index += 1) {
    runs.add(instructionWords.slice(index, index + PROMPT_ECHO_MIN_WORDS).join(" "));
  }
  const textWords = words(text);
  for (let index = 0; index + PROMPT_ECHO_MIN_WORDS <= textWords.length; index += 1) {
    const run = textWords.slice(index, index + PROMPT_ECHO_MIN_WORDS).join(" ");
    if (runs.has(run)) return run;
  }
  return undefined;
}
