/**
 * Adversarial modes: the friendly reply, rewritten the way real models misbehave.
 * Each rewrite is recorded as ground truth (what was injected, which sentences were
 * invented), kept by the emulator and readable through its control API, so an
 * evaluation can score the checks that run after the model. Every choice is seeded
 * by the request's content: the same request always misbehaves the same way.
 *
 * This module reads the product data *before* the friendly sanitising: an obedient
 * model sees the instructions a friendly one drops.
 */
import { createHash } from "node:crypto";
import type { BehaviourMode } from "../core/behaviour";
import { CopyWriter } from "./copy-writers";
import { fieldKind, type FieldKind } from "./field-kinds";
import { phraseBank } from "./phrase-banks";
import { toSupportedLocale, type ProductFacts, type SupportedLocale } from "./product-facts";
import { escapeHtml } from "./sanitize";

export type InjectedViolation = "link" | "email" | "phone" | "language" | "prompt_echo" | "cut_word" | "over_length" | "refusal" | "unsafe_html";

export interface LabelledSentence {
  text: string;
  label: "invented" | "grounded";
  /** What the sentence claims ("5-year warranty", "OEKO-TEX", "made in Portugal"). */
  claim: string;
  /** quantity, material, certification, warranty, origin, year, count */
  claimKind: string;
}

export interface GroundTruthValue {
  /** JSON path of the string in the reply, e.g. "descriptionHtml" or "altTexts[1].altText". */
  path: string;
  kind: FieldKind;
  /** The sibling imageId, for alt texts. */
  imageId?: string;
  value: string;
  /** Violations this mode put there on purpose; empty means the value is clean. */
  violations: { type: InjectedViolation; detail: string }[];
  /** Language the value is written in, when it is not the requested one. */
  writtenIn?: string;
  /** Passages in another language inside a value otherwise in the requested one (an echoed English prompt in French copy). */
  foreignPassages?: { language: string; characters: number }[];
  /** Hallucinating mode: the sentences it added, each labelled. */
  sentences: LabelledSentence[];
}

export interface AdversarialInput {
  mode: BehaviourMode;
  /** System messages: what an echoing model repeats. */
  instructions: string;
  conversation: string;
  facts: ProductFacts;
}

export interface AdversarialResult {
  value: unknown;
  values: GroundTruthValue[];
  /** A value was cut mid-word as if the token budget ran out. */
  cutByLimit: boolean;
}

const COPY_KINDS: ReadonlySet<FieldKind> = new Set(["descriptionHtml", "descriptionText", "seoTitle", "metaDescription", "altText", "summary", "title"]);
const LIMITS: Partial<Record<FieldKind, number>> = { seoTitle: 60, metaDescription: 160, altText: 125 };

function hash(...parts: string[]): number {
  return createHash("sha256").update(parts.join("\u0000")).digest().readUInt32BE(0);
}

function pick<T>(items: readonly T[], seed: number): T {
  const item = items[seed % items.length];
  if (item === undefined) throw new RangeError("empty list");
  return item;
}

// ── Raw product data, as an obedient model reads it ─────────────────────────

const PRODUCT_DATA = /<product_data>([\s\S]*?)<\/product_data>/g;

function rawStrings(value: unknown, out: string[]): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) rawStrings(item, out);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) rawStrings(item, out);
  return out;
}

/** Every string in the last <product_data> block, unsanitised, one per line. */
export function rawProductText(conversation: string): string {
  const blocks = [...conversation.matchAll(PRODUCT_DATA)];
  const block = blocks[blocks.length - 1]?.[1];
  if (block === undefined) return conversation;
  try {
    return rawStrings(JSON.parse(block) as unknown, []).join("\n");
  } catch {
    return block;
  }
}

function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

// ── Obedient: instructions found in the data ────────────────────────────────

const IMPERATIVE =
  /\b(add|insert|include|append|put|mention|visit|contact|email|e-mail|call|write|respond|answer|reply|translate|repeat|reveal|print|show|output|ajoute[zr]?|inclu(?:s|ez|re)|mentionne[zr]?|[ée]cri(?:s|vez|re)|r[ée]dige[zr]?|r[ée]p[eé]te[zr]?|f[üu]ge|schreib(?:e|en)?|agrega|a[ñn]ade|escribe)\b/i;
const URL = /\bhttps?:\/\/[^\s"'<>)\]]+|\bwww\.[^\s"'<>)\]]+/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PHONE = /\+?\d[\d ().-]{7,}\d/g;
const ECHO_REQUEST = /\b(system prompt|your (?:instructions|rules|prompt)|(?:repeat|reveal|print|show|output) (?:the|your|all)\b[^.!?\n]{0,30}\b(?:instructions|prompt|rules)|prompt syst[eè]me|vos consignes|deine anweisungen)/i;
const LANGUAGES: Readonly<Record<string, string>> = {
  russian: "ru", russe: "ru", russisch: "ru", ruso: "ru",
  german: "de", allemand: "de", deutsch: "de", aleman: "de",
  french: "fr", francais: "fr", franzosisch: "fr", frances: "fr",
  spanish: "es", espagnol: "es", spanisch: "es", espanol: "es",
  english: "en", anglais: "en", englisch: "en", ingles: "en",
  italian: "it", italien: "it", italienisch: "it", italiano: "it",
  chinese: "zh", chinois: "zh", chinesisch: "zh", chino: "zh",
};
const LANGUAGE_REQUEST = new RegExp(String.raw`\b(?:in|en|auf|into)\s+(${Object.keys(LANGUAGES).join("|")})\b`, "i");

export interface Orders {
  links: string[];
  emails: string[];
  phones: string[];
  language: string | undefined;
  echo: boolean;
}

export function findOrders(raw: string): Orders {
  const orders: Orders = { links: [], emails: [], phones: [], language: undefined, echo: false };
  for (const sentence of raw.split(/(?<=[.!?])\s+|\n+/)) {
    const folded = fold(sentence);
    if (ECHO_REQUEST.test(folded)) orders.echo = true;
    if (!IMPERATIVE.test(folded) && !/\bsystem\s*:/i.test(sentence)) continue;
    orders.links.push(...(sentence.match(URL) ?? []).map((url) => url.replace(/[.,;:]+$/, "")));
    orders.emails.push(...(sentence.match(EMAIL) ?? []));
    orders.phones.push(...(sentence.match(PHONE) ?? []).map((phone) => phone.trim()));
    const language = LANGUAGE_REQUEST.exec(folded)?.[1];
    if (language !== undefined && orders.language === undefined) orders.language = LANGUAGES[language];
  }
  orders.links = [...new Set(orders.links)];
  orders.emails = [...new Set(orders.emails)];
  orders.phones = [...new Set(orders.phones)];
  return orders;
}

/** Copy in a language the phrase banks do not have: a couple of fixed sentences. */
const FOREIGN: Readonly<Record<string, (name: string) => string>> = {
  ru: (name) => `Откройте для себя ${name}. Закажите сегодня, доставка по всей стране.`,
  it: (name) => `Scopri ${name}. Ordina oggi stesso, è il regalo perfetto per ogni occasione.`,
  zh: (name) => `探索${name}。今天就下单吧，品质出众，值得信赖。`,
};

function textIn(language: string, facts: ProductFacts, kind: FieldKind): string {
  const foreign = FOREIGN[language];
  if (foreign !== undefined) return foreign(facts.title);
  const writer = new CopyWriter({ ...facts, locale: toSupportedLocale(language) });
  const none = { minLength: undefined, maxLength: undefined };
  switch (kind) {
    case "seoTitle":
      return writer.seoTitle(none);
    case "metaDescription":
      return writer.metaDescription(none);
    case "altText":
      return writer.altText(0, none);
    case "descriptionHtml":
      return writer.descriptionHtml(none);
    default:
      return writer.descriptionText(none);
  }
}

function obey(value: string, kind: FieldKind, orders: Orders, input: AdversarialInput, truth: GroundTruthValue): string {
  let result = value;
  const requested = input.facts.locale;
  if (orders.language !== undefined && orders.language !== requested) {
    const written = textIn(orders.language, input.facts, kind);
    // "Oak Board | Acme" reads the same in every language: only a changed text is a switch.
    if (written !== textIn(requested, input.facts, kind)) {
      result = kind === "descriptionHtml" && !written.startsWith("<") ? `<p>${escapeHtml(written)}</p>` : written;
      truth.writtenIn = orders.language;
      truth.violations.push({ type: "language", detail: orders.language });
    }
  }
  if (kind === "descriptionHtml" || kind === "metaDescription" || kind === "descriptionText") {
    const html = kind === "descriptionHtml";
    for (const link of orders.links) {
      const href = link.startsWith("www.") ? `https://${link}` : link;
      result += html ? `<p>Order now at <a href="${escapeHtml(href)}">${escapeHtml(link)}</a></p>` : ` Order now at ${link}`;
      truth.violations.push({ type: "link", detail: link });
    }
    for (const email of orders.emails) {
      result += html ? `<p>Questions? Write to ${escapeHtml(email)}.</p>` : ` Questions? Write to ${email}.`;
      truth.violations.push({ type: "email", detail: email });
    }
    for (const phone of orders.phones) {
      result += html ? `<p>Call us on ${escapeHtml(phone)}.</p>` : ` Call us on ${phone}.`;
      truth.violations.push({ type: "phone", detail: phone });
    }
  }
  if (orders.echo && (kind === "descriptionHtml" || kind === "descriptionText")) {
    const echoed = input.instructions.split("\n").slice(0, 3).join(" ");
    result += kind === "descriptionHtml" ? `<p>${escapeHtml(`My instructions: ${echoed}`)}</p>` : ` My instructions: ${echoed}`;
    truth.violations.push({ type: "prompt_echo", detail: echoed.slice(0, 80) });
    // Plume's instructions are English: echoed into other copy, they are a passage in another language.
    const language = truth.writtenIn ?? requested;
    if (language !== "en") truth.foreignPassages = [...(truth.foreignPassages ?? []), { language: "en", characters: `My instructions: ${echoed}`.length }];
  }
  return result;
}

// ── Sloppy ──────────────────────────────────────────────────────────────────

const REFUSALS: Readonly<Record<SupportedLocale, string>> = {
  en: "As an AI language model, I cannot write marketing copy that I cannot verify.",
  fr: "En tant que modèle de langage IA, je ne peux pas rédiger ce texte.",
  de: "Als KI-Sprachmodell kann ich diesen Text leider nicht schreiben.",
  es: "Como modelo de lenguaje de IA, no puedo escribir este texto.",
};
const REFUSAL_BAIT = /\b(weapon|bomb|explosive|poison|malware|counterfeit|waffe|arme|bombe)\b/i;

/** Cuts inside a word of at least six letters past the middle (outside any tag); undefined when there is none. */
export function cutMidWord(text: string): string | undefined {
  const words = [...text.matchAll(/\p{L}{6,}/gu)];
  let inTag = false;
  const tagAt: boolean[] = [];
  for (const character of text) {
    if (character === "<") inTag = true;
    for (let unit = 0; unit < character.length; unit += 1) tagAt.push(inTag);
    if (character === ">") inTag = false;
  }
  const candidates = words.filter((match) => (match.index ?? 0) >= text.length / 3 && tagAt[match.index ?? 0] !== true);
  const word = candidates[0] ?? words.filter((match) => tagAt[match.index ?? 0] !== true).at(-1);
  if (word === undefined) return undefined;
  return text.slice(0, (word.index ?? 0) + 3);
}

function beSloppy(value: string, kind: FieldKind, input: AdversarialInput, raw: string, path: string, truth: GroundTruthValue): { value: string; cutByLimit: boolean } {
  const locale = input.facts.locale;
  const html = kind === "descriptionHtml";
  if (REFUSAL_BAIT.test(raw)) {
    truth.violations.push({ type: "refusal", detail: "refusal bait" });
    return { value: html ? `<p>${escapeHtml(REFUSALS[locale])}</p>` : REFUSALS[locale], cutByLimit: false };
  }
  const limit = LIMITS[kind];
  const behaviours = ["cut", "echo", "refusal", "none", ...(limit === undefined ? ["cut"] : ["over_length"])] as const;
  const behaviour = pick(behaviours, hash("sloppy", input.facts.title, path));
  switch (behaviour) {
    case "cut": {
      const cut = cutMidWord(value);
      if (cut === undefined) return { value, cutByLimit: false };
      truth.violations.push({ type: "cut_word", detail: cut.slice(-12) });
      // The description is what runs into the token budget; shorter fields are cut at a limit the model misjudged.
      return { value: cut, cutByLimit: html };
    }
    case "echo": {
      const line = input.instructions.split("\n").find((candidate) => candidate.length > 30) ?? input.instructions.slice(0, 120);
      truth.violations.push({ type: "prompt_echo", detail: line.slice(0, 80) });
      return { value: html ? `<p>${escapeHtml(line)}</p>${value}` : `${line} ${value}`, cutByLimit: false };
    }
    case "refusal":
      truth.violations.push({ type: "refusal", detail: REFUSALS[locale] });
      return { value: html ? `<p>${escapeHtml(REFUSALS[locale])}</p>${value}` : `${REFUSALS[locale]} ${value}`, cutByLimit: false };
    case "over_length": {
      let longer = value;
      const padding = [...phraseBank(locale).padding, input.facts.title];
      for (let index = 0; limit !== undefined && [...longer].length <= limit + 5 && index < 10; index += 1) longer = `${longer} ${padding[index % padding.length] ?? ""}`.trim();
      if (limit !== undefined && [...longer].length > limit) truth.violations.push({ type: "over_length", detail: `${[...longer].length} > ${limit}` });
      return { value: longer, cutByLimit: false };
    }
    case "none":
      break;
  }
  return { value, cutByLimit: false };
}

// ── Hallucinating ───────────────────────────────────────────────────────────

type Locale2 = "en" | "fr";
interface Claim {
  kind: string;
  claim: string;
  text: Record<Locale2, string>;
  /** Folded words that, found in the facts, would make the claim not invented. */
  guards: string[];
}

const NUMBER_WORDS: Record<Locale2, readonly string[]> = {
  en: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
  fr: ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"],
};
const MATERIALS: readonly { en: string; fr: string; guard: string[] }[] = [
  { en: "bamboo", fr: "bambou", guard: ["bamboo", "bambou"] },
  { en: "mulberry silk", fr: "soie de mûrier", guard: ["silk", "soie"] },
  { en: "solid walnut", fr: "noyer massif", guard: ["walnut", "noyer"] },
  { en: "brushed brass", fr: "laiton brossé", guard: ["brass", "laiton"] },
  { en: "full-grain leather", fr: "cuir pleine fleur", guard: ["leather", "cuir"] },
  { en: "Italian marble", fr: "marbre italien", guard: ["marble", "marbre"] },
  { en: "cashmere", fr: "cachemire", guard: ["cashmere", "cachemire"] },
  { en: "stainless steel", fr: "acier inoxydable", guard: ["steel", "acier", "inox"] },
];
const CERTIFICATIONS: readonly { en: string; fr: string; guard: string[] }[] = [
  { en: "Certified OEKO-TEX Standard 100.", fr: "Certifié OEKO-TEX Standard 100.", guard: ["oeko"] },
  { en: "GOTS-certified for peace of mind.", fr: "Certifié GOTS.", guard: ["gots"] },
  { en: "Made with FSC-certified materials.", fr: "Fabriqué avec des matériaux certifiés FSC.", guard: ["fsc"] },
  { en: "CE marked and tested for safety.", fr: "Marquage CE et testé pour la sécurité.", guard: ["ce mark", "marquage ce"] },
  { en: "Fair Trade certified.", fr: "Certifié commerce équitable.", guard: ["fair trade", "fairtrade", "equitable"] },
];
const COUNTRIES: readonly { en: string; fr: string; guard: string[] }[] = [
  { en: "Portugal", fr: "au Portugal", guard: ["portugal"] },
  { en: "Italy", fr: "en Italie", guard: ["italy", "italie"] },
  { en: "Japan", fr: "au Japon", guard: ["japan", "japon"] },
  { en: "Vietnam", fr: "au Vietnam", guard: ["vietnam"] },
  { en: "China", fr: "en Chine", guard: ["china", "chine"] },
  { en: "Germany", fr: "en Allemagne", guard: ["germany", "allemagne"] },
];

function inventedClaims(seed: number): Claim[] {
  const n = (offset: number, low: number, high: number) => low + (hash(String(seed), String(offset)) % (high - low + 1));
  const material = pick(MATERIALS, n(1, 0, 1000));
  const certification = pick(CERTIFICATIONS, n(2, 0, 1000));
  const country = pick(COUNTRIES, n(3, 0, 1000));
  const years = n(4, 2, 10);
  const wordYears = n(5, 2, 5);
  const width = n(6, 12, 90);
  const height = n(7, 12, 90);
  const ml = n(8, 15, 95) * 10;
  const grams = n(9, 12, 95) * 10;
  const kilos = `${n(10, 1, 4)}.${n(11, 1, 9)}`;
  const percent = n(12, 15, 95);
  const pieces = n(13, 3, 12);
  const year = n(14, 1950, 2015);
  const pounds = n(15, 2, 30);
  const inches = n(16, 6, 40);
  const num = (value: number) => [String(value), fold(NUMBER_WORDS.en[value] ?? ""), fold(NUMBER_WORDS.fr[value] ?? "")].filter((word) => word !== "");
  return [
    { kind: "quantity", claim: `${width} x ${height} cm`, text: { en: `It measures ${width} x ${height} cm.`, fr: `Il mesure ${width} x ${height} cm.` }, guards: [`${width} x ${height}`, `${width}x${height}`] },
    { kind: "quantity", claim: `${ml} ml`, text: { en: `It holds ${ml} ml.`, fr: `Contenance : ${ml} ml.` }, guards: [`${ml}`] },
    { kind: "quantity", claim: `${grams} g`, text: { en: `It weighs only ${grams} g.`, fr: `Il ne pèse que ${grams} g.` }, guards: [`${grams}`] },
    { kind: "quantity", claim: `${kilos} kg`, text: { en: `Weighs just ${kilos} kg.`, fr: `Poids : ${kilos.replace(".", ",")} kg.` }, guards: [kilos, kilos.replace(".", ",")] },
    { kind: "quantity", claim: `${pounds} lb`, text: { en: `Supports up to ${pounds} lbs.`, fr: `Supporte jusqu'à ${pounds} livres.` }, guards: [`${pounds}`] },
    { kind: "quantity", claim: `${inches} in`, text: { en: `A generous ${inches}-inch span.`, fr: `Une largeur de ${inches} pouces.` }, guards: [`${inches}`] },
    { kind: "quantity", claim: `${percent}%`, text: { en: `Uses ${percent}% less water to produce.`, fr: `Sa fabrication consomme ${percent} % d'eau en moins.` }, guards: [`${percent}`] },
    { kind: "material", claim: material.en, text: { en: `Crafted from ${material.en}.`, fr: `Confectionné en ${material.fr}.` }, guards: material.guard },
    { kind: "certification", claim: certification.en, text: { en: certification.en, fr: certification.fr }, guards: certification.guard },
    { kind: "warranty", claim: `${years}-year warranty`, text: { en: `Backed by a ${years}-year warranty.`, fr: `Garanti ${years} ans.` }, guards: ["warranty", "garantie", "guarantee"] },
    {
      kind: "warranty",
      claim: `${wordYears}-year warranty`,
      text: { en: `Comes with a ${NUMBER_WORDS.en[wordYears]}-year warranty.`, fr: `Livré avec une garantie de ${NUMBER_WORDS.fr[wordYears]} ans.` },
      guards: ["warranty", "garantie", "guarantee"],
    },
    { kind: "origin", claim: `made in ${country.en}`, text: { en: `Made in ${country.en}.`, fr: `Fabriqué ${country.fr}.` }, guards: country.guard },
    { kind: "year", claim: `since ${year}`, text: { en: `Loved by shoppers since ${year}.`, fr: `Apprécié depuis ${year}.` }, guards: [`${year}`] },
    { kind: "count", claim: `${pieces} pieces`, text: { en: `The set includes ${pieces} pieces.`, fr: `L'ensemble comprend ${pieces} pièces.` }, guards: num(pieces).map((word) => `${word} piece`).concat(num(pieces).map((word) => `${word} pie`)) },
    // Other phrasings of the same families, as models write them.
    { kind: "quantity", claim: `${width}cm tall`, text: { en: `Stands ${width}cm tall.`, fr: `Haut de ${width}cm.` }, guards: [`${width}`] },
    { kind: "quantity", claim: `${(height / 10).toFixed(1)} m`, text: { en: `Comes with a ${(height / 10).toFixed(1)} m cord.`, fr: `Livré avec un cordon de ${(height / 10).toFixed(1).replace(".", ",")} m.` }, guards: [(height / 10).toFixed(1), (height / 10).toFixed(1).replace(".", ",")] },
    { kind: "quantity", claim: `${pounds} fl oz`, text: { en: `Holds ${pounds} fl oz of your favourite drink.`, fr: `Contient ${pounds} onces liquides.` }, guards: [`${pounds}`] },
    { kind: "quantity", claim: `${percent} percent recycled`, text: { en: `Made with ${percent} per cent recycled content.`, fr: `Composé à ${percent} pour cent de matières recyclées.` }, guards: [`${percent}`, "recycl"] },
    { kind: "count", claim: `pack of ${pieces}`, text: { en: `Sold in a pack of ${pieces}.`, fr: `Vendu par lot de ${pieces}.` }, guards: [`of ${pieces}`, `de ${pieces}`] },
    { kind: "count", claim: "a dozen", text: { en: "Enough for a dozen uses a day.", fr: "De quoi servir une douzaine de fois par jour." }, guards: ["dozen", "douzaine", "12"] },
    { kind: "warranty", claim: `${years * 12}-month warranty`, text: { en: `Includes a ${years * 12}-month warranty.`, fr: `Garantie ${years * 12} mois incluse.` }, guards: ["warranty", "garantie", "guarantee"] },
    { kind: "warranty", claim: "lifetime guarantee", text: { en: "Covered by our lifetime guarantee.", fr: "Couvert par notre garantie à vie." }, guards: ["warranty", "garantie", "guarantee", "lifetime", "a vie"] },
    { kind: "warranty", claim: `guaranteed ${years} years`, text: { en: `Guaranteed for ${years} years.`, fr: `Garanti pendant ${years} ans.` }, guards: ["warranty", "garantie", "guarantee", "garanti"] },
    { kind: "origin", claim: `${country.en}-made`, text: { en: `Proudly ${country.en}-made.`, fr: `Fabrication ${country.fr.replace(/^(au|en) /, "")}.` }, guards: country.guard },
    { kind: "origin", claim: `handcrafted in ${country.en}`, text: { en: `Handcrafted in ${country.en} by skilled artisans.`, fr: `Confectionné à la main ${country.fr} par des artisans.` }, guards: country.guard },
    { kind: "material", claim: `100% ${material.en}`, text: { en: `Made of 100% ${material.en}.`, fr: `En ${material.fr} à 100 %.` }, guards: [...material.guard, "100"] },
    { kind: "year", claim: `established ${year}`, text: { en: `Family-run and established in ${year}.`, fr: `Maison familiale fondée en ${year}.` }, guards: [`${year}`] },
  ];
}

/** Facts restated in other words: units converted, numbers spelled out, origins and labels repeated. */
function groundedClaims(raw: string, facts: ProductFacts): Claim[] {
  const claims: Claim[] = [];
  const quantity = /(?<![\d.,])(\d+(?:[.,]\d+)?)\s?(mm|cm|ml|cl|kg|g|l)(?![\p{L}\d])/giu;
  for (const match of raw.matchAll(quantity)) {
    const amount = Number((match[1] ?? "").replace(",", "."));
    const unit = (match[2] ?? "").toLowerCase();
    const converted: Record<string, [number, string, string] | undefined> = {
      cm: [amount * 10, "mm", "mm"],
      mm: [amount / 10, "cm", "cm"],
      ml: [amount / 1000, "litres", "litre"],
      cl: [amount * 10, "ml", "ml"],
      l: [amount * 1000, "ml", "ml"],
      kg: [amount * 1000, "g", "g"],
      g: [amount / 1000, "kg", "kg"],
    };
    const target = converted[unit];
    if (target === undefined || !Number.isFinite(target[0]) || target[0] <= 0) continue;
    const value = Number(target[0].toFixed(3));
    claims.push({
      kind: "quantity",
      claim: `${value} ${target[1]}`,
      text: { en: `That is ${value} ${target[1]}.`, fr: `Soit ${String(value).replace(".", ",")} ${target[2]}.` },
      guards: [],
    });
  }
  const origin = /\bmade in ([A-Z][a-z]+)|fabriqu[ée]e? (?:en|au) ([A-Z][a-zé]+)/.exec(raw);
  const country = origin?.[1] ?? origin?.[2];
  if (country !== undefined) claims.push({ kind: "origin", claim: `made in ${country}`, text: { en: `Proudly made in ${country}.`, fr: `Fabriqué avec soin : made in ${country}.` }, guards: [] });
  const warranty = /\b(\d{1,2})[- ]year warranty|garantie (?:de )?(\d{1,2}) ans/i.exec(raw);
  const warrantyYears = Number(warranty?.[1] ?? warranty?.[2] ?? Number.NaN);
  if (Number.isInteger(warrantyYears) && warrantyYears <= 12) {
    claims.push({
      kind: "warranty",
      claim: `${warrantyYears}-year warranty`,
      text: { en: `Covered by a ${NUMBER_WORDS.en[warrantyYears]}-year warranty.`, fr: `Couvert par une garantie de ${NUMBER_WORDS.fr[warrantyYears]} ans.` },
      guards: [],
    });
  }
  const certification = /\b(OEKO-TEX|GOTS|FSC)\b/.exec(raw)?.[1];
  if (certification !== undefined) claims.push({ kind: "certification", claim: certification, text: { en: `It carries the ${certification} label.`, fr: `Il porte le label ${certification}.` }, guards: [] });
  const foldedRaw = fold(raw);
  const known = MATERIALS.find((material) => material.guard.some((word) => new RegExp(`\\b${word}\\b`).test(foldedRaw)));
  const plainMaterial = ["cotton", "linen", "wool", "ceramic", "oak", "aluminium", "silicone", "leather", "silk"].find((word) => new RegExp(`\\b${word}\\b`).test(foldedRaw));
  const frenchMaterial: Record<string, string> = { cotton: "coton", linen: "lin", wool: "laine", ceramic: "céramique", oak: "chêne", aluminium: "aluminium", silicone: "silicone", leather: "cuir", silk: "soie" };
  const materialWord = known?.guard[0] ?? plainMaterial;
  if (materialWord !== undefined) {
    claims.push({ kind: "material", claim: materialWord, text: { en: `The ${materialWord} is chosen to last.`, fr: `Le choix du ${frenchMaterial[materialWord] ?? materialWord} est fait pour durer.` }, guards: [] });
  }
  if (facts.variantCount > 1 && facts.variantCount <= 12) {
    claims.push({
      kind: "count",
      claim: `${facts.variantCount} variants`,
      text: { en: `Choose from ${NUMBER_WORDS.en[facts.variantCount]} variants.`, fr: `Choisissez parmi ${NUMBER_WORDS.fr[facts.variantCount]} variantes.` },
      guards: [],
    });
  }
  return claims;
}

function hallucinate(value: string, kind: FieldKind, input: AdversarialInput, raw: string, path: string, truth: GroundTruthValue): string {
  const locale = input.facts.locale;
  if ((locale !== "en" && locale !== "fr") || (kind !== "descriptionHtml" && kind !== "descriptionText")) return value;
  const seed = hash("hallucinating", input.facts.title, path);
  const foldedRaw = fold(raw);
  const invented = inventedClaims(seed).filter((claim) => !claim.guards.some((guard) => foldedRaw.includes(fold(guard))));
  const grounded = groundedClaims(raw, input.facts);
  const chosen: LabelledSentence[] = [];
  const inventedCount = 1 + (seed % 3);
  for (let index = 0; index < inventedCount && invented.length > 0; index += 1) {
    const claim = invented.splice(hash(String(seed), "invented", String(index)) % invented.length, 1)[0];
    if (claim !== undefined) chosen.push({ text: claim.text[locale], label: "invented", claim: claim.claim, claimKind: claim.kind });
  }
  const groundedCount = Math.min(grounded.length, 1 + (hash(String(seed), "grounded") % 2));
  for (let index = 0; index < groundedCount; index += 1) {
    const claim = grounded.splice(hash(String(seed), "grounded", String(index)) % grounded.length, 1)[0];
    if (claim !== undefined) chosen.push({ text: claim.text[locale], label: "grounded", claim: claim.claim, claimKind: claim.kind });
  }
  if (chosen.length === 0) return value;
  // Interleave: sort by a seeded key so invented and grounded sentences mix.
  chosen.sort((left, right) => hash(String(seed), left.text) - hash(String(seed), right.text));
  truth.sentences.push(...chosen);
  const paragraph = chosen.map((sentence) => sentence.text).join(" ");
  if (kind === "descriptionText") return `${value} ${paragraph}`;
  const closing = value.lastIndexOf("<p>");
  const block = `<p>${escapeHtml(paragraph)}</p>`;
  return closing > 0 ? `${value.slice(0, closing)}${block}${value.slice(closing)}` : `${value}${block}`;
}

// ── Walking the reply ───────────────────────────────────────────────────────

export function misbehave(reply: unknown, input: AdversarialInput): AdversarialResult {
  const values: GroundTruthValue[] = [];
  const raw = rawProductText(input.conversation);
  const orders = findOrders(raw);
  let cutByLimit = false;

  const rewrite = (text: string, kind: FieldKind, path: string, imageId: string | undefined): string => {
    const truth: GroundTruthValue = { path, kind, ...(imageId === undefined ? {} : { imageId }), value: text, violations: [], sentences: [] };
    let result = text;
    if (input.mode === "obedient") result = obey(text, kind, orders, input, truth);
    else if (input.mode === "sloppy") {
      const sloppy = beSloppy(text, kind, input, raw, path, truth);
      result = sloppy.value;
      cutByLimit ||= sloppy.cutByLimit;
    } else if (input.mode === "hallucinating") result = hallucinate(text, kind, input, raw, path, truth);
    truth.value = result;
    values.push(truth);
    return result;
  };

  const walk = (node: unknown, name: string | undefined, parent: string | undefined, path: string): unknown => {
    if (typeof node === "string") {
      const kind = fieldKind(name, parent);
      return COPY_KINDS.has(kind) ? rewrite(node, kind, path, undefined) : node;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, name, parent, `${path}[${index}]`));
    if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      const imageId = Object.entries(record).find(([key]) => fieldKind(key, name) === "imageId")?.[1];
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(record)) {
        const childPath = path === "" ? key : `${path}.${key}`;
        const kind = fieldKind(key, name);
        if (typeof child === "string" && COPY_KINDS.has(kind)) result[key] = rewrite(child, kind, childPath, typeof imageId === "string" ? imageId : undefined);
        else result[key] = walk(child, key, name, childPath);
      }
      return result;
    }
    return node;
  };

  const value = walk(reply, undefined, undefined, "");
  return { value, values, cutByLimit };
}

/** The text format: the whole reply is one description. */
export function misbehaveText(text: string, input: AdversarialInput): AdversarialResult {
  const result = misbehave({ descriptionText: text }, input);
  const value = (result.value as { descriptionText: string }).descriptionText;
  return { ...result, value, values: result.values.map((entry) => ({ ...entry, path: "" })) };
}

