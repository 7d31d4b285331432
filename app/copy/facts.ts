/**
 * Product data is untrusted: a merchant, a supplier feed or an attacker who
 * got text into a product can hide instructions the model reads but a
 * reviewer never sees. These helpers remove the characters that make text
 * invisible or reorder what is displayed, before facts reach a prompt or a
 * check.
 */

/*
 * Always removed:
 * - C0 controls except \t and \n (line breaks are normalised to \n first so
 *   "a\rb" does not glue two words together), DEL and C1 controls;
 * - soft hyphen U+00AD, combining grapheme joiner U+034F, Arabic letter mark
 *   U+061C, Mongolian vowel separator U+180E;
 * - zero-width and directional marks U+200B–U+200F;
 * - bidi embeddings/overrides U+202A–U+202E;
 * - word joiner, invisible operators, bidi isolates and deprecated format
 *   characters U+2060–U+206F;
 * - byte order mark / zero-width no-break space U+FEFF;
 * - interlinear annotation characters U+FFF9–U+FFFB;
 * - the whole tag block U+E0000–U+E007F (the "ASCII smuggling" carrier).
 *   Subdivision flags such as Scotland's lose their tag sequence and show as
 *   a plain black flag: an acceptable loss in product data;
 * - supplementary variation selectors U+E0100–U+E01EF: their only legitimate
 *   use is ideographic variants, rare in product copy, and they are the main
 *   carrier of "emoji smuggling" (a byte per selector appended to an emoji).
 *
 * Variation selectors U+FE00–U+FE0F are kept only as a single selector
 * directly after an emoji character ("❤️", keycap "1️⃣"), where they choose
 * emoji or text presentation. Any other occurrence, and every selector after
 * the first in a run, is removed: that bounds what can be hidden to one of
 * sixteen values per visible emoji.
 *
 * U+200D (zero-width joiner) is in the removed range: family or profession
 * emoji fall apart into their parts, which stay visible, so nothing is hidden.
 */
const ALWAYS_INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- these invisible and combining characters are exactly what we remove.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

// An emoji base followed by one selector keeps it; everything after is dropped below.
const VARIATION_SELECTOR_RUN = /(\p{Emoji}?)([\uFE00-\uFE0F]+)/gu;

export function stripInvisible(text: string): string {
  const withoutInvisible = text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(ALWAYS_INVISIBLE, "");
  const withSelectorsBounded = withoutInvisible.replace(VARIATION_SELECTOR_RUN, (_match, base: string, selectors: string) =>
    base === "" ? "" : base + selectors.charAt(0),
  );
  return withSelectorsBounded.normalize("NFC");
}

/**
 * Applies `stripInvisible` to every string inside a JSON-shaped value (plain
 * objects and arrays, any depth). Keys are left alone: they come from our own
 * schemas, not from the merchant. Other values (numbers, booleans, null,
 * dates) are returned as they are.
 */
export function cleanFacts<T>(value: T): T {
  return cleanValue(value) as T;
}

function cleanValue(value: unknown): unknown {
  if (typeof value === "string") return stripInvisible(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, cleanValue(entry)]));
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
