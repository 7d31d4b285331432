/**
 * The most frequent function words of the six languages we judge strictly.
 * They are a second opinion beside the trigram detector: trigrams confuse
 * close languages on one short sentence (Spanish or Italian read as French,
 * Dutch as German), while function words rarely do, and a product sentence of
 * any length contains a few of them. Words shared by several languages ("de",
 * "in", "la") count for each; the distinctive ones decide.
 */
export const STOP_WORDS: Readonly<Record<StrictLanguage, ReadonlySet<string>>> = {
  en: new Set(
    "the and of to in a is it for with on this that your you are be from by an or its our will has have into while each which these than every".split(" "),
  ),
  fr: new Set(
    "le la les un une des du de et en est pour avec dans sur au aux ce cette ces votre vos qui que par plus son sa ses il elle nous ne pas à".split(" "),
  ),
  de: new Set(
    "der die das und ist mit für ein eine einem einen einer den dem des von zu im auf aus sich nicht auch ihr ihre ihren es wird sind bei oder noch wie dieser diese dieses".split(
      " ",
    ),
  ),
  es: new Set(
    "el la los las un una unos unas y a de del en es con para por que su sus al lo se tu tus este esta estos más como sin muy".split(" "),
  ),
  it: new Set(
    "il lo la i gli le un una uno e è a di del della dei delle in con per che da dal nel nella al alla si tuo tua questo questa più come ogni anche".split(
      " ",
    ),
  ),
  nl: new Set(
    "de het een en van is met voor in op dat die te zijn er ook je jouw uw niet aan om bij deze dit naar of wordt door hun als".split(" "),
  ),
};

export const STRICT_LANGUAGES = ["en", "fr", "de", "es", "it", "nl"] as const;
export type StrictLanguage = (typeof STRICT_LANGUAGES)[number];
