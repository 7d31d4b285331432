import { DomUtils, parseDocument } from "htmlparser2";

/**
 * Independent judges of sanitiser output, for tests only. One parses the
 * output with a real HTML parser and looks for anything executable; the other
 * reads the raw string against the exact grammar the sanitiser is meant to
 * emit, so a difference between that parser and a browser's cannot hide an
 * escape.
 */

const FORBIDDEN_ELEMENTS = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "form",
  "input",
  "link",
  "meta",
  "base",
]);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href"]);
const DANGEROUS_SCHEMES = ["javascript:", "data:", "vbscript:"];

const PARSER_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

export function findExecutableMarkup(html: string): string[] {
  const problems: string[] = [];
  const elements = DomUtils.findAll(() => true, parseDocument(html, PARSER_OPTIONS).children);
  for (const element of elements) {
    if (FORBIDDEN_ELEMENTS.has(element.name)) problems.push(`element <${element.name}>`);
    for (const [name, value] of Object.entries(element.attribs)) {
      if (name.startsWith("on")) problems.push(`event handler ${name} on <${element.name}>`);
      if (name === "style") problems.push(`style attribute on <${element.name}>`);
      if (URL_ATTRIBUTES.has(name) && hasDangerousScheme(value)) problems.push(`${name}="${value}" on <${element.name}>`);
    }
  }
  return problems;
}

/** One round of the HTML parser's own attribute-value entity decoding. */
function decodeAttributeValue(value: string): string {
  const [element] = DomUtils.findAll(() => true, parseDocument(`<i title="${value.replace(/"/g, "&quot;")}"></i>`, PARSER_OPTIONS).children);
  return element?.attribs.title ?? value;
}

/** Decodes entities until stable, drops whitespace and control characters, folds case, then reads the scheme. */
export function hasDangerousScheme(value: string): boolean {
  let decoded = value;
  for (let round = 0; round < 5; round += 1) {
    const next = decodeAttributeValue(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  // eslint-disable-next-line no-control-regex -- browsers skip these inside a URL's scheme.
  const compact = decoded.replace(/[\u0000-\u0020\u007F-\u009F\u00A0\u1680\u2000-\u200F\u2028-\u202F\u205F\u3000\uFEFF]/g, "").toLowerCase();
  return DANGEROUS_SCHEMES.some((scheme) => compact.startsWith(scheme));
}

/*
 * What the sanitiser may emit: text with no raw "<" or ">" and only the four
 * entities it writes, allowed tags with no attributes, and (links on) an <a>
 * whose only attributes are a quoted href and the forced rel.
 */
const TEXT = String.raw`(?:[^<>&]|&(?:amp|lt|gt|quot);)`;
const PLAIN_TAG = String.raw`</?(?:p|h2|h3|h4|ul|ol|li|strong|em)>|<br />`;
const LINK_TAG = String.raw`<a href="(?:[^"<>&]|&(?:amp|lt|gt|quot);)*" rel="noopener noreferrer nofollow">|</a>`;

export function matchesOutputGrammar(html: string, options: { allowLinks: boolean }): boolean {
  const tag = options.allowLinks ? `${PLAIN_TAG}|${LINK_TAG}` : PLAIN_TAG;
  return new RegExp(`^(?:${TEXT}|${tag})*$`).test(html);
}
