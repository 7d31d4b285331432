import { foldForMatching } from "./text";

/**
 * Model chatter that must never be published: refusals ("As an AI…") and text
 * about the task instead of the product ("Here is the description:", field
 * labels, template placeholders). Patterns run on folded text (see
 * foldForMatching), hence no accents and plain apostrophes below.
 */

export interface ChatterMatch {
  kind: "refusal" | "meta_text";
  phrase: string;
}

const WORD_START = String.raw`(?<![\p{L}\p{N}])`;
const WORD_END = String.raw`(?![\p{L}\p{N}])`;

function phrases(kind: ChatterMatch["kind"], alternatives: string[]): { kind: ChatterMatch["kind"]; pattern: RegExp } {
  return { kind, pattern: new RegExp(`${WORD_START}(?:${alternatives.join("|")})${WORD_END}`, "u") };
}

const REFUSALS = phrases("refusal", [
  // English
  "as an ai(?: (?:language )?model| assistant)?",
  "as an artificial intelligence",
  "as a (?:large )?language model",
  "i can'?t",
  "i can ?not",
  "i'?m sorry",
  "i am sorry",
  "i'?m (?:unable|not able) to",
  "i am (?:unable|not able) to",
  "i apologi[sz]e",
  // French
  "je ne (?:peux|suis) pas",
  "je ne suis pas en mesure",
  "en tant qu'(?:ia|intelligence artificielle|assistant)",
  "en tant que (?:modele de langage|ia)",
  "je suis desolee?",
  // German
  "als (?:ki|sprachmodell|ki sprachmodell|ki assistent)",
  "ich kann (?:nicht|keine?n?)",
  "es tut mir leid",
  "ich bin nicht in der lage",
  // Spanish, Italian, Dutch
  "como (?:ia|modelo de lenguaje)",
  "no puedo",
  "lo siento",
  "come (?:ia|modello linguistico)",
  "non posso",
  "mi dispiace",
  "als (?:ai|taalmodel)",
  "ik kan (?:niet|geen)",
  "het spijt me",
]);

const TASK_WORDS = "(?:product )?(?:description|seo title|title|meta description|alt text|translation|copy|text|version)";
const META_TEXT = phrases("meta_text", [
  `here(?:'s| is| are) (?:the|a|an|your)(?: \\p{L}+){0,2} ${TASK_WORDS}`,
  "(?:sure|certainly|of course|absolutely)[!,.]? here(?:'s| is| are)",
  "voici (?:la|le|une|un|votre|les)(?: \\p{L}+){0,2} (?:description|titre|traduction|texte|meta description)",
  "(?:bien sur|certainement)[!,.]? ?voici",
  "hier (?:ist|sind) (?:die|eine|der|ihre|deine|das)(?: \\p{L}+){0,2} (?:beschreibung|produktbeschreibung|titel|ubersetzung|text|meta beschreibung)",
  "(?:gerne|sicher)[!,.]? hier (?:ist|sind)",
  "aqui (?:esta|tienes) (?:la|el|una|un|tu)(?: \\p{L}+){0,2} (?:descripcion|titulo|traduccion|texto)",
  "ecco (?:la|il|una|un)(?: \\p{L}+){0,2} (?:descrizione|titolo|traduzione|testo)",
  "hier is (?:de|een|het|je|uw)(?: \\p{L}+){0,2} (?:beschrijving|titel|vertaling|tekst)",
  "lorem ipsum",
]);

// Leftovers of the prompt or a template rather than words; not bounded by letters.
const FORMAT_LEAKS: RegExp[] = [
  /```/u,
  /\{\{[^}]*\}\}/u,
  /\[(?:product|brand|insert|your|company|name)[^\]]*\]/u,
  /^(?:seo title|title|meta description|description|alt text|alt)\s*:/u,
];

export function findChatter(text: string): ChatterMatch[] {
  const folded = foldForMatching(text);
  const found: ChatterMatch[] = [];
  for (const { kind, pattern } of [REFUSALS, META_TEXT]) {
    const match = pattern.exec(folded);
    if (match) found.push({ kind, phrase: match[0] });
  }
  for (const pattern of FORMAT_LEAKS) {
    const match = pattern.exec(folded);
    if (match) found.push({ kind: "meta_text", phrase: match[0] });
  }
  return found;
}
