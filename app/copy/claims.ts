import { CLAIM_TERMS, type ClaimKind, type ClaimTerm } from "./claim-terms";
import { primaryLanguage } from "./language";
import { foldForMatching, wholePhrasePattern } from "./text";
import type { ProductFactsForChecks } from "./types";

/**
 * Finds statements in generated copy that the product facts do not back:
 * numbers (with their unit when there is one), model codes, materials and
 * certifications or labelled properties. Only the presence of a term is
 * compared, not what the sentence says about it, so these are warnings for a
 * reviewer, never grounds to block.
 */

export interface UnbackedTerm {
  kind: "number" | "code" | ClaimKind;
  /** As it appears in the copy (folded: lower case, no accents). */
  term: string;
  /** English name of the material or certification, when there is one. */
  name?: string;
}

/** Everything the merchant told us about the product, as one searchable text. */
export function factsAsText(facts: ProductFactsForChecks): string {
  const parts = [
    facts.title,
    facts.descriptionText,
    facts.vendor,
    facts.productType,
    ...facts.tags,
    ...facts.options.flatMap((option) => [option.name, ...option.values]),
    ...facts.variants.flatMap((variant) => [variant.title, variant.sku ?? "", variant.price ?? ""]),
    ...(facts.metafields ?? []).flatMap((metafield) => [metafield.key, metafield.value]),
  ];
  // One part per line so a number at the end of one part never reads as joined to a unit at the start of the next.
  return parts.join("\n");
}

export function findUnbackedTerms(value: string, factsText: string, targetLocale: string): UnbackedTerm[] {
  const foldedValue = foldForMatching(value);
  const foldedFacts = foldFactsByLine(factsText);
  const found = [
    ...unbackedNumbers(foldedValue, foldedFacts),
    ...unbackedCodes(foldedValue, foldedFacts),
    ...unbackedClaimTerms(foldedValue, foldedFacts, primaryLanguage(targetLocale)),
  ];
  const seen = new Set<string>();
  return found.filter((entry) => {
    const key = `${entry.kind}:${entry.term}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function foldFactsByLine(factsText: string): string {
  return factsText
    .split("\n")
    .map((line) => foldForMatching(line))
    .join("\n");
}

// ── Numbers ────────────────────────────────────────────────────────────────

// Canonical unit → folded spellings. "in" (inch), "s" (second), "to"/"go" (French octets) are left out: as words they are too common.
const UNITS: Readonly<Record<string, string[]>> = {
  "%": ["%", "percent", "per cent", "pour cent", "prozent", "por ciento", "per cento", "procent"],
  mm: ["mm", "millimeter", "millimeters", "millimetre", "millimetres", "millimetri", "milimetros"],
  cm: ["cm", "centimeter", "centimeters", "centimetre", "centimetres", "zentimeter", "centimetri", "centimetros"],
  m: ["m", "meter", "meters", "metre", "metres", "metri", "metros"],
  km: ["km", "kilometer", "kilometers", "kilometre", "kilometres"],
  inch: ["inch", "inches", '"', "zoll", "pouce", "pouces"],
  ft: ["ft", "feet", "foot"],
  mg: ["mg", "milligram", "milligrams", "milligramme", "milligrammes"],
  g: ["g", "gr", "gram", "grams", "gramme", "grammes", "gramm", "grammi", "gramos"],
  kg: ["kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilogramm"],
  oz: ["oz", "ounce", "ounces", "fl oz"],
  lb: ["lb", "lbs", "pound", "pounds"],
  ml: ["ml", "milliliter", "milliliters", "millilitre", "millilitres"],
  cl: ["cl"],
  dl: ["dl"],
  l: ["l", "liter", "liters", "litre", "litres", "litri", "litros"],
  w: ["w", "watt", "watts"],
  kw: ["kw"],
  v: ["v", "volt", "volts"],
  mah: ["mah"],
  wh: ["wh"],
  kwh: ["kwh"],
  hz: ["hz"],
  khz: ["khz"],
  ghz: ["ghz"],
  mb: ["mb"],
  gb: ["gb"],
  tb: ["tb"],
  "°c": ["°c", "° c", "degrees celsius"],
  "°f": ["°f", "° f", "degrees fahrenheit"],
  h: ["h", "hr", "hrs", "hour", "hours", "heure", "heures", "stunde", "stunden", "ora", "ore", "horas", "uur"],
  min: ["min", "mins", "minute", "minutes", "minuten", "minuti", "minutos"],
  day: ["day", "days", "jour", "jours", "tag", "tage", "tagen", "giorni", "dias", "dagen"],
  month: ["month", "months", "mois", "monat", "monate", "monaten", "mesi", "meses", "maanden"],
  year: ["year", "years", "an", "ans", "annee", "annees", "jahr", "jahre", "jahren", "anni", "anos", "jaar"],
  piece: ["pcs", "pc", "piece", "pieces", "pack", "stuck", "pezzi", "piezas", "stuks"],
  times: ["x"],
  karat: ["k", "kt", "ct", "carat", "carats", "karat"],
};
const UNIT_BY_SPELLING = new Map(Object.entries(UNITS).flatMap(([canonical, spellings]) => spellings.map((spelling) => [spelling, canonical] as const)));
const UNIT_ALTERNATION = [...UNIT_BY_SPELLING.keys()]
  .sort((left, right) => right.length - left.length)
  .map((spelling) => spelling.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s?"))
  .join("|");
// A number not glued to letters before it, optionally followed by a unit that ends a word.
const NUMBER_WITH_UNIT = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)*)(?:\s?(${UNIT_ALTERNATION})(?![\p{L}\p{N}]))?(?![\p{L}\p{N}])`,
  "gu",
);

interface NumberMention {
  text: string;
  readings: string[];
  unit: string | null;
}

function numberMentions(folded: string): NumberMention[] {
  return [...folded.matchAll(NUMBER_WITH_UNIT)].map((match) => {
    const spelledUnit = match[2]?.replace(/\s+/g, " ");
    return {
      text: match[0],
      readings: numberReadings(match[1] ?? ""),
      unit: spelledUnit === undefined ? null : (UNIT_BY_SPELLING.get(spelledUnit) ?? spelledUnit),
    };
  });
}

/**
 * "1,500" is fifteen hundred in English and one and a half in French, so a
 * written number can have two readings; it counts as backed when any reading
 * matches any reading of a number in the facts. Readings are canonical
 * ("2.50" and "2,5" are both "2.5").
 */
export function numberReadings(written: string): string[] {
  const separators = written.match(/[.,]/g) ?? [];
  if (separators.length === 0) return [String(Number(written))];
  const readings = new Set<string>();
  if (new Set(separators).size === 2) {
    // Both kinds: the last one is the decimal point ("1,234.56", "1.234,56").
    const lastSeparator = Math.max(written.lastIndexOf("."), written.lastIndexOf(","));
    readings.add(String(Number(`${written.slice(0, lastSeparator).replace(/[.,]/g, "")}.${written.slice(lastSeparator + 1)}`)));
  } else {
    const groups = written.split(/[.,]/);
    const isGroupedThousands = (groups[0]?.length ?? 0) <= 3 && groups.slice(1).every((group) => group.length === 3);
    if (isGroupedThousands) readings.add(String(Number(groups.join(""))));
    if (groups.length === 2) readings.add(String(Number(`${groups[0]}.${groups[1]}`)));
  }
  // A version-like "1.2.3" has no numeric reading; compare it as written.
  return readings.size > 0 ? [...readings] : [written];
}

function unbackedNumbers(foldedValue: string, foldedFacts: string): UnbackedTerm[] {
  const unitsByReading = new Map<string, Set<string>>();
  for (const mention of numberMentions(foldedFacts)) {
    for (const reading of mention.readings) {
      const units = unitsByReading.get(reading) ?? new Set<string>();
      units.add(mention.unit ?? "");
      unitsByReading.set(reading, units);
    }
  }
  return numberMentions(foldedValue)
    .filter((mention) => !mention.readings.some((reading) => isBacked(unitsByReading.get(reading), mention.unit)))
    .map((mention) => ({ kind: "number" as const, term: mention.text }));
}

// A bare number in the facts (e.g. an option value "250" beside an option named "Weight (g)") backs any unit.
function isBacked(unitsInFacts: Set<string> | undefined, unit: string | null): boolean {
  if (unitsInFacts === undefined) return false;
  return unit === null || unitsInFacts.has(unit) || unitsInFacts.has("");
}

// ── Model codes ("X200", "4K", "18k" is a number with a unit) ──────────────

const MIXED_TOKEN = /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*\p{L})(?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]+(?![\p{L}\p{N}])/gu;
const NUMBER_AND_UNIT_ONLY = new RegExp(String.raw`^\d+(?:${UNIT_ALTERNATION})$`, "u");

function unbackedCodes(foldedValue: string, foldedFacts: string): UnbackedTerm[] {
  return [...foldedValue.matchAll(MIXED_TOKEN)]
    .map((match) => match[0])
    .filter((token) => !NUMBER_AND_UNIT_ONLY.test(token))
    .filter((token) => !wholePhrasePattern(token).test(foldedFacts))
    .map((token) => ({ kind: "code" as const, term: token }));
}

// ── Materials, certifications, labelled properties ─────────────────────────

// Languages that glue words together ("Merinowolle", "Holztisch"), where a spelling can sit inside a longer word.
const COMPOUNDING_LANGUAGES = new Set(["de", "nl"]);
const MIN_LENGTH_INSIDE_WORDS = 4;

function unbackedClaimTerms(foldedValue: string, foldedFacts: string, language: string): UnbackedTerm[] {
  const unbacked: UnbackedTerm[] = [];
  for (const claimTerm of CLAIM_TERMS) {
    const spellingInCopy = spellingsForLanguage(claimTerm, language).find((spelling) =>
      containsSpelling(foldedValue, spelling, COMPOUNDING_LANGUAGES.has(language)),
    );
    if (spellingInCopy === undefined) continue;
    // Copy is often a translation: facts in any language back the claim.
    const backed = allSpellings(claimTerm).some((spelling) => containsSpelling(foldedFacts, spelling, true));
    if (!backed) unbacked.push({ kind: claimTerm.kind, term: spellingInCopy, name: claimTerm.name });
  }
  return unbacked;
}

function spellingsForLanguage(claimTerm: ClaimTerm, language: string): string[] {
  const inLanguage = Object.hasOwn(claimTerm.spellings, language) ? (claimTerm.spellings[language as keyof ClaimTerm["spellings"]] ?? []) : [];
  // English spellings are checked in every language: product copy borrows English freely ("Cashmere", "vegan").
  return [...(claimTerm.spellings.any ?? []), ...inLanguage, ...(language === "en" ? [] : (claimTerm.spellings.en ?? []))];
}

function allSpellings(claimTerm: ClaimTerm): string[] {
  return Object.values(claimTerm.spellings).flat();
}

/**
 * Whole words, except that with `insideWords` a spelling of four letters or
 * more may also begin a longer word ("Lederbörse"), or end one after at least
 * three other letters ("Merinowolle"), as in German and Dutch compounds; it
 * never counts in the middle of a word, nor after a one- or two-letter start
 * ("weicher" and "weiche" say nothing about oak, "eiche"). The facts are
 * searched that way whatever their language, so a fact "Merinowolle" backs
 * "wool" in any copy.
 */
function containsSpelling(folded: string, spelling: string, insideWords: boolean): boolean {
  if (wholePhrasePattern(spelling).test(folded)) return true;
  if (!insideWords || spelling.length < MIN_LENGTH_INSIDE_WORDS || spelling.includes(" ")) return false;
  const escaped = spelling.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}|(?<=\\p{L}{3})${escaped}(?![\\p{L}\\p{N}])`, "u").test(folded);
}
