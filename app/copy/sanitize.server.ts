import sanitizeHtml from "sanitize-html";

/**
 * The only way generated HTML reaches a storefront. Everything not on the
 * allow-list is dropped; the text of a dropped element is kept unless the
 * element never holds readable copy (scripts, styles, embedded documents,
 * form controls).
 */

export interface SanitizeOptions {
  /** Links are off unless the shop opts in: a description rarely needs them and they are the usual phishing vehicle. */
  allowLinks?: boolean;
}

export const ALLOWED_DESCRIPTION_TAGS = ["p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "br"] as const;
export const ALLOWED_LINK_SCHEMES = ["http", "https", "mailto"] as const;
export const FORCED_LINK_REL = "noopener noreferrer nofollow";

/*
 * Elements whose content is code, an embedded document, or form state, never
 * product copy: their text goes with them. `xmp`, `noembed`, `noframes` and
 * `title` are raw-text in browsers, so their "text" may be markup meant to be
 * re-parsed elsewhere.
 */
const DROP_WITH_CONTENT = [
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "noscript",
  "template",
  "textarea",
  "select",
  "option",
  "xmp",
  "noembed",
  "noframes",
  "title",
];

// Elements that stay in the output only when they hold visible text.
const DROPPED_WHEN_EMPTY = new Set(["p", "h2", "h3", "h4", "strong", "em", "a"]);

/*
 * A transform to this name drops the element but keeps its text. The name
 * cannot be produced by the HTML parser (it lowercases tag names), so no input
 * element can collide with it.
 */
const UNWRAP = "UNWRAP";

/*
 * One pass can write markup the HTML parser reads back differently, e.g. a
 * <div> holding paragraphs becomes <p><p>…</p></p>, which any parser reads as
 * two sibling paragraphs. Running again until nothing changes gives output that
 * sanitising leaves unchanged; in practice the second pass is the last.
 */
const MAX_PASSES = 5;

export function sanitizeDescriptionHtml(html: string, options: SanitizeOptions = {}): string {
  return untilStable(html, buildSanitizeOptions(options.allowLinks === true));
}

/**
 * Re-serialises `html` the way `sanitizeDescriptionHtml` would, with the same
 * renames and empty-element removal, but removing nothing else. Comparing the
 * two tells whether sanitising took anything away, as opposed to merely
 * rewriting `<br>` as `<br />` or `&eacute;` as `é`.
 */
export function reserializeDescriptionHtml(html: string, options: SanitizeOptions = {}): string {
  return untilStable(html, buildReserializeOptions(options.allowLinks === true));
}

/** Tag and attribute names in `html` that sanitising would remove, for telling a reviewer why. */
export function listDisallowedMarkup(html: string, options: SanitizeOptions = {}): { tags: string[]; attributes: string[] } {
  const allowLinks = options.allowLinks === true;
  const tags = new Set<string>();
  const attributes = new Set<string>();
  sanitizeHtml(html, {
    ...buildSanitizeOptions(allowLinks),
    onOpenTag: (name, attributesOfTag) => {
      const renamed = RENAMES.get(name) ?? name;
      const tagAllowed = (ALLOWED_DESCRIPTION_TAGS as readonly string[]).includes(renamed) || (allowLinks && renamed === "a");
      if (!tagAllowed) tags.add(name);
      for (const attributeName of Object.keys(attributesOfTag)) {
        const attributeAllowed = allowLinks && renamed === "a" && (attributeName === "href" || attributeName === "rel");
        if (!attributeAllowed) attributes.add(attributeName);
      }
      // A link without an acceptable target is unwrapped: report the target if there was one, else the link itself.
      if (allowLinks && renamed === "a" && !isAllowedHref(attributesOfTag.href)) {
        if (attributesOfTag.href === undefined) tags.add(name);
        else attributes.add("href");
      }
    },
  });
  return { tags: [...tags].sort(), attributes: [...attributes].sort() };
}

// A Map, not an object literal: tag names come from the input, and "constructor" must not find Object's.
const RENAMES: ReadonlyMap<string, string> = new Map([
  ["b", "strong"],
  ["i", "em"],
  ["h1", "h2"],
  ["h5", "h4"],
  ["h6", "h4"],
  ["div", "p"],
]);

function renameTransforms(): Record<string, sanitizeHtml.Transformer> {
  return Object.fromEntries(
    [...RENAMES].map(([from, to]) => [from, (_tagName: string, _attributes: sanitizeHtml.Attributes) => ({ tagName: to, attribs: {} })]),
  );
}

function buildSanitizeOptions(allowLinks: boolean): sanitizeHtml.IOptions {
  const transformTags: Record<string, sanitizeHtml.Transformer> = { ...renameTransforms() };
  if (allowLinks) {
    transformTags.a = (_tagName, attributes): sanitizeHtml.Tag => {
      // A link we would not keep becomes its text, rather than an <a> without href.
      if (!isAllowedHref(attributes.href)) return { tagName: UNWRAP, attribs: {} };
      return { tagName: "a", attribs: { href: attributes.href ?? "", rel: FORCED_LINK_REL } };
    };
  }
  return {
    allowedTags: allowLinks ? [...ALLOWED_DESCRIPTION_TAGS, "a"] : [...ALLOWED_DESCRIPTION_TAGS],
    allowedAttributes: allowLinks ? { a: ["href", "rel"] } : {},
    allowedSchemes: [...ALLOWED_LINK_SCHEMES],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    allowedClasses: {},
    allowedStyles: {},
    disallowedTagsMode: "discard",
    nonTextTags: DROP_WITH_CONTENT,
    selfClosing: ["br"],
    transformTags,
    exclusiveFilter: isEmptyTextElement,
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  };
}

function buildReserializeOptions(allowLinks: boolean): sanitizeHtml.IOptions {
  const transformTags: Record<string, sanitizeHtml.Transformer> = { ...renameTransforms() };
  if (allowLinks) {
    // Same attribute order as the sanitising transform, so a clean link compares equal.
    transformTags.a = (_tagName, attributes): sanitizeHtml.Tag => {
      const { href, rel: _rel, ...others } = attributes;
      return { tagName: "a", attribs: href === undefined ? { rel: FORCED_LINK_REL, ...others } : { href, rel: FORCED_LINK_REL, ...others } };
    };
  }
  return {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemesAppliedToAttributes: [],
    disallowedTagsMode: "discard",
    nonTextTags: [],
    selfClosing: ["br", "img", "hr", "input", "link", "meta", "base", "area", "col", "embed", "source", "track", "wbr", "param"],
    transformTags,
    exclusiveFilter: isEmptyTextElement,
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  };
}

function isEmptyTextElement(frame: sanitizeHtml.IFrame): boolean {
  // `frame.tag` is the name before renaming; a <div> or <b> that became an empty <p> or <strong> goes too.
  const renamed = RENAMES.get(frame.tag) ?? frame.tag;
  return DROPPED_WHEN_EMPTY.has(renamed) && frame.text.trim() === "";
}

function untilStable(html: string, sanitizeOptions: sanitizeHtml.IOptions): string {
  let current = sanitizeHtml(html, sanitizeOptions);
  for (let pass = 1; pass < MAX_PASSES; pass += 1) {
    const next = sanitizeHtml(current, sanitizeOptions);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * Only absolute http(s) and mailto links. Browsers ignore tabs, newlines and
 * leading control characters or spaces in a URL, so those are removed before
 * the scheme is read; a relative or protocol-relative link is refused because
 * its destination depends on the page it is shown on.
 */
export function isAllowedHref(href: string | undefined): boolean {
  if (href === undefined) return false;
  // eslint-disable-next-line no-control-regex -- browsers ignore these characters in URLs, so must we.
  const compact = href.replace(/[\u0000-\u0020\u007F-\u009F]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined || !(ALLOWED_LINK_SCHEMES as readonly string[]).includes(scheme)) return false;
  if (scheme === "mailto") return compact.length > "mailto:".length;
  try {
    const url = new URL(compact);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * The readable text of a description, for language, wording and claim checks.
 * Sanitised first so that the string is in the sanitiser's own small grammar:
 * only allow-listed tags, and only &amp; &lt; &gt; &quot; as entities. Block
 * boundaries become line breaks so "<p>Soft</p><p>Warm</p>" reads as two words.
 */
export function descriptionHtmlToText(html: string): string {
  return sanitizeDescriptionHtml(html, { allowLinks: true })
    .replace(/<br \/>|<\/?(?:p|h2|h3|h4|ul|ol|li)>/g, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot);/g, (_entity, name: string) => ENTITY_TEXT[name] ?? "")
    .replace(/[ \t]*\n[\s]*/g, "\n")
    .trim();
}

const ENTITY_TEXT: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
