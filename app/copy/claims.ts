import { CLAIM_TERMS, type ClaimKind, type ClaimTerm } from "./claim-terms";
import { primaryLanguage } from "./language";
import { foldForMatching, wholePhrasePattern } from "./text";
import type { ProductFactsForChecks } from "./types";

/**
 * Extracts the verifiable claims in generated copy and compares each with the
 * product facts:
 * - quantities — a number with its unit (dimensions, capacities, weights,
 *   percentages, durations, counts), numbers written as words ("two-year",
 *   "deux ans"), units normalised (cm/mm/in, ml/cl/l/oz, g/kg/lb) so "0.35 l"
 *   is backed by "350 ml" and "300 mm" by "30 cm";
 * - model codes ("X200");
 * - materials, certifications (OEKO-TEX, GOTS, FSC, CE…) and labelled properties;
 * - origins ("made in Portugal", "fabriqué en Italie", "hergestellt in Japan");
 * - warranties ("5-year warranty", "garantie de deux ans", "lifetime warranty").
 * A claim the facts do not back is a warning for a reviewer; one the facts
 * contradict (another origin, another warranty) carries `contradicts` and
 * blocks.
 */

export interface UnbackedTerm {
  kind: "number" | "code" | "origin" | "warranty" | ClaimKind;
  /** As it appears in the copy (folded: lower case, no accents). */
  term: string;
  /** English name of the material or certification, when there is one. */
  name?: string;
  /** What the facts say instead, when they contradict the claim (not just omit it). */
  contradicts?: string;
}

/** Everything the merchant told us about the product, as one searchable text. */
export function factsAsText(facts: ProductFactsForChecks): string {
  const parts = [
    facts.title,
    facts.descriptionText,
    facts.vendor,
    facts.productType,
    ...facts.tags,
    // An option on one line, so a unit in its name ("Weight (g)") applies to its values.
    ...facts.options.map((option) => `${option.name}: ${option.values.join(", ")}`),
    ...facts.variants.flatMap((variant) => [variant.title, variant.sku ?? "", variant.price ?? ""]),
    ...(facts.metafields ?? []).flatMap((metafield) => [metafield.key, metafield.value]),
    // Counts the facts imply without stating: "available in 3 variants", "in 4 colours".
    ...(facts.variants.length > 0 ? [`${facts.variants.length} variants`] : []),
    ...facts.options.map((option) => `${option.values.length} ${option.name}`),
  ];
  // One part per line so a number at the end of one part never reads as joined to a unit at the start of the next.
  return parts.join("\n");
}

export function findUnbackedTerms(value: string, factsText: string, targetLocale: string): UnbackedTerm[] {
  const foldedValue = foldForMatching(value);
  const foldedFacts = foldFactsByLine(factsText);
  const statements = [...originClaims(foldedValue, foldedFacts), ...warrantyClaims(foldedValue, foldedFacts)];
  // A number inside a reported origin or warranty is that claim, not a second one.
  const covered = statements.map((statement) => statement.term);
  const found = [
    ...statements,
    ...unbackedNumbers(foldedValue, foldedFacts).filter((number) => !covered.some((term) => term.includes(number.term))),
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

// ── Quantities ─────────────────────────────────────────────────────────────

// Canonical unit → folded spellings. "in" (inch), "s" (second), "to"/"go" (French octets) are left out: as words they are too common.
const UNITS: Readonly<Record<string, string[]>> = {
  "%": ["%", "percent", "per cent", "pour cent", "prozent", "por ciento", "per cento", "procent"],
  mm: ["mm", "millimeter", "millimeters", "millimetre", "millimetres", "millimetri", "milimetros"],
  cm: ["cm", "centimeter", "centimeters", "centimetre", "centimetres", "zentimeter", "centimetri", "centimetros"],
  m: ["m", "meter", "meters", "metre", "metres", "metri", "metros"],
  km: ["km", "kilometer", "kilometers", "kilometre", "kilometres"],
  inch: ["inch", "inches", '"', "zoll", "pouce", "pouces", "pulgadas"],
  ft: ["ft", "feet", "foot", "pieds"],
  mg: ["mg", "milligram", "milligrams", "milligramme", "milligrammes"],
  g: ["g", "gr", "gram", "grams", "gramme", "grammes", "gramm", "grammi", "gramos"],
  kg: ["kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilogramm"],
  oz: ["oz", "ounce", "ounces", "fl oz", "fl. oz", "once", "onces", "unzen"],
  lb: ["lb", "lbs", "pound", "pounds", "livre", "livres", "pfund", "libras"],
  ml: ["ml", "milliliter", "milliliters", "millilitre", "millilitres"],
  cl: ["cl", "centilitre", "centilitres"],
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
  week: ["week", "weeks", "semaine", "semaines", "woche", "wochen", "semana", "semanas"],
  month: ["month", "months", "mois", "monat", "monate", "monaten", "mesi", "meses", "maanden"],
  year: ["year", "years", "an", "ans", "annee", "annees", "jahr", "jahre", "jahren", "jahrige", "jahriger", "anni", "anos", "jaar"],
  piece: ["pcs", "pc", "piece", "pieces", "pack", "stuck", "pezzi", "piezas", "stuks"],
  count: [
    "variant", "variants", "version", "versions", "colour", "colours", "color", "colors", "size", "sizes", "style", "styles", "shade", "shades", "option", "options",
    "variante", "variantes", "couleur", "couleurs", "coloris", "taille", "tailles", "modele", "modeles", "varianten", "farben", "grossen", "ausfuhrungen", "colores", "tallas",
  ],
  times: ["x"],
  karat: ["k", "kt", "ct", "carat", "carats", "karat"],
};

/** Units of one physical dimension, with their size in the dimension's base unit. */
const DIMENSIONS: Readonly<Record<string, { dimension: string; factor: number }[]>> = {
  mm: [{ dimension: "length", factor: 1 }],
  cm: [{ dimension: "length", factor: 10 }],
  m: [{ dimension: "length", factor: 1000 }],
  km: [{ dimension: "length", factor: 1_000_000 }],
  inch: [{ dimension: "length", factor: 25.4 }],
  ft: [{ dimension: "length", factor: 304.8 }],
  ml: [{ dimension: "volume", factor: 1 }],
  cl: [{ dimension: "volume", factor: 10 }],
  dl: [{ dimension: "volume", factor: 100 }],
  l: [{ dimension: "volume", factor: 1000 }],
  // An ounce is a weight or (fluid) a volume; either reading may be backed.
  oz: [
    { dimension: "volume", factor: 29.5735 },
    { dimension: "mass", factor: 28.3495 },
  ],
  mg: [{ dimension: "mass", factor: 0.001 }],
  g: [{ dimension: "mass", factor: 1 }],
  kg: [{ dimension: "mass", factor: 1000 }],
  lb: [{ dimension: "mass", factor: 453.592 }],
  min: [{ dimension: "duration", factor: 1 / 1440 }],
  h: [{ dimension: "duration", factor: 1 / 24 }],
  day: [{ dimension: "duration", factor: 1 }],
  week: [{ dimension: "duration", factor: 7 }],
  month: [{ dimension: "duration", factor: 30.4375 }],
  year: [{ dimension: "duration", factor: 365.25 }],
};
/** Conversions are rounded in copy ("12 oz" for 350 ml): within 2 % is the same quantity. */
const CONVERSION_TOLERANCE = 0.02;

/** Numbers written as words, folded, in the languages Plume writes. Read as numbers only before a unit. */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, fifty: 50, hundred: 100,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, quinze: 15, vingt: 20, trente: 30, cinquante: 50, cent: 100,
  ein: 1, eine: 1, einem: 1, einer: 1, zwei: 2, drei: 3, vier: 4, funf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwolf: 12, zwanzig: 20,
  uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, doce: 12, veinte: 20,
};

const UNIT_BY_SPELLING = new Map(Object.entries(UNITS).flatMap(([canonical, spellings]) => spellings.map((spelling) => [spelling, canonical] as const)));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const UNIT_ALTERNATION = [...UNIT_BY_SPELLING.keys()]
  .sort((left, right) => right.length - left.length)
  .map((spelling) => escapeRegExp(spelling).replace(/ /g, "\\s?"))
  .join("|");
const NUMBER_WORD_ALTERNATION = Object.keys(NUMBER_WORDS)
  .sort((left, right) => right.length - left.length)
  .join("|");
// A number not glued to letters before it, optionally followed by a unit that ends a word; "30 x 40 cm" gives both numbers the unit.
const NUMBER_WITH_UNIT = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)*)((?:\s?[x×]\s?\d+(?:[.,]\d+)?){0,2})(?:\s?(${UNIT_ALTERNATION})(?![\p{L}\p{N}]))?(?![\p{L}\p{N}])`,
  "gu",
);
const PACK_OF = /(?<![\p{L}])(?:pack|set|box|bundle|case|lot|pack|coffret|boite|lot|paquet|satz|packung|set|juego|paquete)\s+(?:of|de|von|mit)\s+(\d+)(?![\p{L}\p{N}])/gu;
const DOZEN = /(?<![\p{L}])(?:a|one|une|ein|una)?\s?(?:dozen|douzaine|dutzend|docena)(?![\p{L}])/gu;
const WORD_WITH_UNIT = new RegExp(String.raw`(?<![\p{L}\p{N}])(${NUMBER_WORD_ALTERNATION})\s(${UNIT_ALTERNATION})(?![\p{L}\p{N}])`, "gu");

interface NumberMention {
  text: string;
  readings: string[];
  unit: string | null;
  /** Units spelled elsewhere on the same line of facts ("Weight (g): 250, 500"); what a bare fact number may back. */
  unitsOnLine: Set<string>;
}

/** "view 2", "vue 3", "Ansicht 4": an image's position, not a claim about the product. */
const IMAGE_POSITION_BEFORE = /(?:view|vue|ansicht|vista|image|photo|picture|bild|foto|imagen)\s?$/;
const UNIT_WORD = new RegExp(String.raw`(?<![\p{L}\p{N}])\(?(${UNIT_ALTERNATION})\)?(?![\p{L}\p{N}])`, "gu");

function unitOf(spelled: string | undefined): string | null {
  if (spelled === undefined) return null;
  const normalised = spelled.replace(/\s+/g, " ");
  return UNIT_BY_SPELLING.get(normalised) ?? UNIT_BY_SPELLING.get(normalised.replace(/\s/g, "")) ?? normalised;
}

function unitsSpelledIn(line: string): Set<string> {
  return new Set([...line.matchAll(UNIT_WORD)].map((match) => unitOf(match[1]) ?? "").filter((unit) => unit !== "" && unit !== "times"));
}

function numberMentions(folded: string): NumberMention[] {
  const mentions: NumberMention[] = [];
  let offset = 0;
  for (const line of folded.split("\n")) {
    mentions.push(...lineMentions(line, folded, offset));
    offset += line.length + 1;
  }
  return mentions;
}

function lineMentions(line: string, folded: string, offset: number): NumberMention[] {
  const mentions: NumberMention[] = [];
  const unitsOnLine = unitsSpelledIn(line);
  for (const match of line.matchAll(NUMBER_WITH_UNIT)) {
    if (IMAGE_POSITION_BEFORE.test(folded.slice(Math.max(0, offset + (match.index ?? 0) - 12), offset + (match.index ?? 0)))) continue;
    const unit = unitOf(match[3]);
    const numbers = [match[1] ?? "", ...[...(match[2] ?? "").matchAll(/\d+(?:[.,]\d+)?/g)].map((inner) => inner[0])];
    // "30 x 40 cm" is one claim, reported as written; each number is compared with its unit.
    for (const written of numbers) mentions.push({ text: match[0], readings: numberReadings(written), unit, unitsOnLine });
  }
  // "pack of 6", "set of 4", "lot de 8": a count of pieces however the facts write the number.
  for (const match of line.matchAll(PACK_OF)) mentions.push({ text: match[0], readings: numberReadings(match[1] ?? ""), unit: "piece", unitsOnLine });
  for (const match of line.matchAll(DOZEN)) mentions.push({ text: match[0], readings: ["12"], unit: null, unitsOnLine });
  for (const match of line.matchAll(WORD_WITH_UNIT)) {
    const value = NUMBER_WORDS[match[1] ?? ""];
    const unit = unitOf(match[2]);
    // "une couleur vive", "one size fits all": a one is an article except in a duration ("one-year", "un an").
    if (value === 1 && DIMENSIONS[unit ?? ""]?.[0]?.dimension !== "duration") continue;
    if (value !== undefined) mentions.push({ text: match[0], readings: [String(value)], unit, unitsOnLine });
  }
  return mentions;
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

/** The mention's size in each dimension its unit may measure ("12 oz" is a volume or a weight). */
function measures(mention: NumberMention): { dimension: string; value: number }[] {
  const units = mention.unit === null ? undefined : DIMENSIONS[mention.unit];
  if (units === undefined) return [];
  return mention.readings.flatMap((reading) => {
    const number = Number(reading);
    return Number.isFinite(number) ? units.map((unit) => ({ dimension: unit.dimension, value: number * unit.factor })) : [];
  });
}

function sameQuantity(left: number, right: number): boolean {
  return Math.abs(left - right) <= CONVERSION_TOLERANCE * Math.max(Math.abs(left), Math.abs(right));
}

function unbackedNumbers(foldedValue: string, foldedFacts: string): UnbackedTerm[] {
  const factMentions = numberMentions(foldedFacts);
  const unitsByReading = new Map<string, Set<string>>();
  for (const mention of factMentions) {
    for (const reading of mention.readings) {
      const units = unitsByReading.get(reading) ?? new Set<string>();
      units.add(mention.unit ?? "");
      // A bare number backs the units its line names: "Weight (g): 250" backs "250 g", "Pattern 13" backs no "13 cm".
      if (mention.unit === null) for (const unit of mention.unitsOnLine) units.add(unit);
      unitsByReading.set(reading, units);
    }
  }
  const factMeasures = factMentions.flatMap(measures);
  return numberMentions(foldedValue)
    .filter((mention) => {
      if (mention.readings.some((reading) => isBacked(unitsByReading.get(reading), mention.unit))) return false;
      // The same quantity in another unit: "0.35 l" for "350 ml", "300 mm" for "30 cm".
      return !measures(mention).some((measure) => factMeasures.some((fact) => fact.dimension === measure.dimension && sameQuantity(fact.value, measure.value)));
    })
    .map((mention) => ({ kind: "number" as const, term: mention.text }));
}

// Any number in the facts backs the same number without a unit; with a unit, the facts must say it in that unit (or its line must name it).
function isBacked(unitsInFacts: Set<string> | undefined, unit: string | null): boolean {
  if (unitsInFacts === undefined) return false;
  return unit === null || unitsInFacts.has(unit) || (unit === "count" && unitsInFacts.has(""));
}

// ── Origins ("made in Portugal", "fabriqué en Italie") ─────────────────────

/** Folded country names in en/fr/de/es → one key per country. */
const COUNTRIES: Readonly<Record<string, string[]>> = {
  PT: ["portugal"], IT: ["italy", "italie", "italien", "italia"], JP: ["japan", "japon"], VN: ["vietnam", "viet nam"], CN: ["china", "chine"],
  DE: ["germany", "allemagne", "deutschland", "alemania"], FR: ["france", "frankreich", "francia"], ES: ["spain", "espagne", "spanien", "espana"],
  US: ["usa", "the usa", "u.s.a.", "united states", "the united states", "etats unis", "les etats unis", "america"], GB: ["uk", "the uk", "united kingdom", "the united kingdom", "britain", "great britain", "england", "royaume uni", "angleterre", "scotland", "ecosse"],
  IN: ["india", "inde", "indien"], TR: ["turkey", "turquie", "turkei", "turkiye"], BD: ["bangladesh"], MX: ["mexico", "mexique", "mexiko"], CA: ["canada", "kanada"],
  BE: ["belgium", "belgique", "belgien"], NL: ["netherlands", "the netherlands", "holland", "pays bas", "niederlande"], CH: ["switzerland", "suisse", "schweiz"],
  AT: ["austria", "autriche", "osterreich"], PL: ["poland", "pologne", "polen"], KR: ["korea", "south korea", "coree", "coree du sud", "korea"], TW: ["taiwan"],
  TH: ["thailand", "thailande"], ID: ["indonesia", "indonesie", "indonesien"], PK: ["pakistan"], MA: ["morocco", "maroc", "marokko"], TN: ["tunisia", "tunisie"],
  PE: ["peru", "perou"], BR: ["brazil", "bresil", "brasilien", "brasil"], SE: ["sweden", "suede", "schweden"], DK: ["denmark", "danemark", "danemark"],
  IE: ["ireland", "irlande", "irland"], GR: ["greece", "grece", "griechenland"], RO: ["romania", "roumanie", "rumanien"], LT: ["lithuania", "lituanie", "litauen"],
  AU: ["australia", "australie", "australien"], NZ: ["new zealand", "nouvelle zelande", "neuseeland"], EU: ["europe", "the eu", "l'europe", "europa", "l'ue", "the european union"],
};
const COUNTRY_BY_NAME = new Map(Object.entries(COUNTRIES).flatMap(([code, names]) => names.map((name) => [name, code] as const)));
const COUNTRY_ALTERNATION = [...COUNTRY_BY_NAME.keys()]
  .sort((left, right) => right.length - left.length)
  .map(escapeRegExp)
  .join("|");
/** Folded nationality adjectives, for "Italian-made", "fabrication française", "deutsche Herstellung". */
const DEMONYMS: Readonly<Record<string, string>> = {
  portuguese: "PT", portugaise: "PT", italian: "IT", italienne: "IT", italien: "IT", japanese: "JP", japonaise: "JP", japonais: "JP", vietnamese: "VN", vietnamienne: "VN",
  chinese: "CN", chinoise: "CN", german: "DE", allemande: "DE", deutsche: "DE", deutscher: "DE", french: "FR", francaise: "FR", francais: "FR", spanish: "ES", espagnole: "ES",
  american: "US", americaine: "US", british: "GB", britannique: "GB", english: "GB", anglaise: "GB", swiss: "CH", suisse: "CH", swedish: "SE", suedoise: "SE", danish: "DK",
  belgian: "BE", belge: "BE", dutch: "NL", indian: "IN", indienne: "IN", turkish: "TR", turque: "TR", mexican: "MX", canadian: "CA", canadienne: "CA",
};
const DEMONYM_ALTERNATION = Object.keys(DEMONYMS)
  .sort((left, right) => right.length - left.length)
  .join("|");
const PLACE = `(${COUNTRY_ALTERNATION})`;
const ORIGIN = new RegExp(
  [
    String.raw`(?<![\p{L}])(?:made|manufactured|produced|crafted|handcrafted|handmade|designed and made|sewn|woven|assembled|built|knitted|hand knitted|hand sewn)\s+(?:by hand\s+)?in\s+${PLACE}(?![\p{L}])`,
    String.raw`(?<![\p{L}])(?:fabrique|fabriquee|fabriques|fabriquees|confectionne|confectionnee|confectionnes|produit|produite|tisse|tissee|assemble|assemblee|cousu|cousue|tricote|tricotee|concu et fabrique)\s+(?:a la main\s+|artisanalement\s+)?(?:en|au|aux)\s+${PLACE}(?![\p{L}])`,
    String.raw`(?<![\p{L}])(?:hergestellt|gefertigt|produziert|genaht|gewebt)\s+in\s+(?:der\s+|den\s+)?${PLACE}(?![\p{L}])`,
    String.raw`(?<![\p{L}])(?:hecho|hecha|fabricado|fabricada|producido|producida|confeccionado|confeccionada)\s+(?:a mano\s+)?en\s+${PLACE}(?![\p{L}])`,
    // "Vietnam-made", "Italian-made" (hyphens are folded to spaces), "fabrication française", "fabrication Vietnam".
    String.raw`(?<![\p{L}])(${COUNTRY_ALTERNATION}|${DEMONYM_ALTERNATION})\s+made(?![\p{L}])`,
    String.raw`(?<![\p{L}])fabrication\s+(?:artisanale\s+)?(?:en\s+|au\s+)?(${COUNTRY_ALTERNATION}|${DEMONYM_ALTERNATION})(?![\p{L}])`,
  ].join("|"),
  "gu",
);

function originMentions(folded: string): { text: string; country: string }[] {
  return [...folded.matchAll(ORIGIN)].map((match) => {
    const name = match.slice(1).find((group) => group !== undefined) ?? "";
    return { text: match[0], country: COUNTRY_BY_NAME.get(name) ?? DEMONYMS[name] ?? name };
  });
}

function countriesNamedIn(folded: string): Set<string> {
  const named = new Set<string>();
  for (const [name, code] of COUNTRY_BY_NAME) if (wholePhrasePattern(name).test(folded)) named.add(code);
  return named;
}

function originClaims(foldedValue: string, foldedFacts: string): UnbackedTerm[] {
  const stated = originMentions(foldedFacts);
  const named = countriesNamedIn(foldedFacts);
  return originMentions(foldedValue)
    .filter((mention) => !named.has(mention.country))
    .map((mention) => {
      const other = stated.find((fact) => fact.country !== mention.country);
      return { kind: "origin" as const, term: mention.text, name: `made in ${mention.country}`, ...(other === undefined ? {} : { contradicts: other.text }) };
    });
}

// ── Warranties ─────────────────────────────────────────────────────────────

const DURATION = String.raw`(\d+|${NUMBER_WORD_ALTERNATION})\s?(monatige|jahriger|jahrige|jahren|annees|months|meses|monate|years|month|annee|jahre|monat|year|mois|jahr|anos|ans|ano|mes|an|yr)(?![\p{L}])`;
const WARRANTY_WORD = String.raw`(?:limited\s+)?(?:warranty|guarantee|garantie|gewahrleistung|garantia)`;
const WARRANTY = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}])${DURATION}\s+(?:of\s+|de\s+)?${WARRANTY_WORD}`,
    String.raw`(?<![\p{L}])${WARRANTY_WORD}\s+(?:of\s+|de\s+|von\s+|for\s+|d'une duree de\s+)?${DURATION}`,
    String.raw`(?<![\p{L}])garanti(?:e|es|s)?\s+(?:pendant\s+)?${DURATION}`,
    String.raw`(?<![\p{L}])(lifetime|a vie|lebenslange|de por vida)\s*${WARRANTY_WORD}|${WARRANTY_WORD}\s+(a vie|de por vida|lifetime)`,
  ].join("|"),
  "gu",
);

/** A warranty's length in months, or "lifetime". */
function warrantyMentions(folded: string): { text: string; length: string }[] {
  return [...folded.matchAll(WARRANTY)].map((match) => {
    const groups = match.slice(1);
    if (groups.some((group) => group !== undefined && /lifetime|a vie|lebenslange|de por vida/.test(group))) return { text: match[0], length: "lifetime" };
    const amount = groups.find((group) => group !== undefined && (/^\d+$/.test(group) || group in NUMBER_WORDS));
    const unit = groups.find((group, index) => group !== undefined && amount !== undefined && index > groups.indexOf(amount) && /^[a-z]+$/.test(group) && !(group in NUMBER_WORDS));
    const count = amount === undefined ? Number.NaN : /^\d+$/.test(amount) ? Number(amount) : (NUMBER_WORDS[amount] ?? Number.NaN);
    const months = unit !== undefined && /^(month|months|mois|monat|monate|monatige|mes|meses)$/.test(unit) ? count : count * 12;
    return { text: match[0], length: Number.isFinite(months) ? String(months) : match[0] };
  });
}

function warrantyClaims(foldedValue: string, foldedFacts: string): UnbackedTerm[] {
  const stated = warrantyMentions(foldedFacts);
  return warrantyMentions(foldedValue)
    .filter((mention) => !stated.some((fact) => fact.length === mention.length))
    .map((mention) => {
      const other = stated[0];
      return { kind: "warranty" as const, term: mention.text, name: mention.length === "lifetime" ? "lifetime warranty" : `${mention.length}-month warranty`, ...(other === undefined ? {} : { contradicts: other.text }) };
    });
}

// ── Model codes ("X200", "4K", "18k" is a number with a unit) ──────────────

const MIXED_TOKEN = /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*\p{L})(?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]+(?![\p{L}\p{N}])/gu;
const NUMBER_AND_UNIT_ONLY = new RegExp(String.raw`^\d+(?:${UNIT_ALTERNATION})$`, "u");

function unbackedCodes(foldedValue: string, foldedFacts: string): UnbackedTerm[] {
  return [...foldedValue.matchAll(MIXED_TOKEN)]
    .map((match) => match[0])
    .filter((token) => !NUMBER_AND_UNIT_ONLY.test(token))
    // "30x40" is a measurement, compared as numbers.
    .filter((token) => !/^\d+(?:x\d+)+[a-z]*$/.test(token))
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
