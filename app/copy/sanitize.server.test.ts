import { describe, expect, it } from "vitest";
import {
  descriptionHtmlToText,
  FORCED_LINK_REL,
  isAllowedHref,
  listDisallowedMarkup,
  reserializeDescriptionHtml,
  sanitizeDescriptionHtml,
} from "./sanitize.server";

const sanitize = sanitizeDescriptionHtml;

describe("sanitizeDescriptionHtml allow-list", () => {
  it("keeps the allowed tags as they are", () => {
    const html = "<h2>Title</h2><h3>Sub</h3><h4>Minor</h4><p>Soft <strong>merino</strong> and <em>warm</em>.<br />Line</p><ul><li>a</li></ul><ol><li>b</li></ol>";
    expect(sanitize(html)).toBe(html);
  });

  it("removes every attribute, including on allowed tags", () => {
    expect(sanitize('<p class="lead" id="x" style="color:red" onclick="alert(1)" title="t">Text</p>')).toBe("<p>Text</p>");
  });

  it("drops unknown tags but keeps their text", () => {
    expect(sanitize("<p><span>Hand</span><u>made</u> in <mark>Lyon</mark></p><table><tr><td>cell</td></tr></table>")).toBe(
      "<p>Handmade in Lyon</p>cell",
    );
  });

  it.each(["script", "style", "iframe", "object", "noscript", "template", "textarea", "select", "option"])(
    "drops <%s> with its content",
    (tag) => {
      expect(sanitize(`<p>before</p><${tag}>secret payload</${tag}><p>after</p>`)).toBe("<p>before</p><p>after</p>");
    },
  );

  it("drops <embed>, which is void: the text after it is not its content", () => {
    expect(sanitize('<p>a<embed src="https://example.com/x.swf">b</p>')).toBe("<p>ab</p>");
  });

  it("never keeps images", () => {
    expect(sanitize('<p>Look <img src="https://cdn.example.com/a.png" alt="a"> here</p>')).toBe("<p>Look  here</p>");
    expect(sanitize('<p><img src="https://cdn.example.com/a.png"></p>', { allowLinks: true })).toBe("");
  });

  it("escapes text so it can never become markup", () => {
    expect(sanitize("<p>5 &lt; 6 &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>")).toBe("<p>5 &lt; 6 &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(sanitize("<p>Caf&eacute; &#x2014; th&eacute;</p>")).toBe("<p>Café — thé</p>");
  });
});

describe("sanitizeDescriptionHtml normalisation", () => {
  it.each([
    ["<b>bold</b>", "<strong>bold</strong>"],
    ["<i>italic</i>", "<em>italic</em>"],
    ["<h1>Top</h1>", "<h2>Top</h2>"],
    ["<h5>Five</h5><h6>Six</h6>", "<h4>Five</h4><h4>Six</h4>"],
    ['<B CLASS="x">Upper</B>', "<strong>Upper</strong>"],
    ["<p>Line<br>break</p>", "<p>Line<br />break</p>"],
  ])("%s → %s", (input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it("turns a div of inline content into a paragraph", () => {
    expect(sanitize("<div>Soft <b>wool</b> sweater</div>")).toBe("<p>Soft <strong>wool</strong> sweater</p>");
  });

  it("unwraps a div around blocks instead of nesting paragraphs", () => {
    expect(sanitize("<div><p>One</p><p>Two</p></div>")).toBe("<p>One</p><p>Two</p>");
    expect(sanitize("<div><div>Nested</div></div>")).toBe("<p>Nested</p>");
    expect(sanitize("<div>Intro<ul><li>Item</li></ul></div>")).toBe("<p>Intro</p><ul><li>Item</li></ul>");
  });

  it("collapses empty paragraphs, headings and emphasis", () => {
    expect(sanitize("<p></p><p> </p><p>&nbsp;</p><p><br></p><h2></h2><p><strong> </strong>Kept</p><div></div>")).toBe("<p>Kept</p>");
  });

  it("collapses a paragraph emptied by sanitising", () => {
    expect(sanitize("<p><script>alert(1)</script></p><p><img src=x onerror=alert(1)></p><p>Real</p>")).toBe("<p>Real</p>");
  });

  it.each([
    "<div><p>One</p>two<div>three</div></div>",
    "<p><span><p>inner</p></span></p>",
    "<p><b><ul><li>x</li></ul></b></p>",
    "<h1><p>para in heading</p></h1>",
    "<ul><li><div><p>deep</p></div></li></ul>",
    "<p>a</p></p></p><p>b",
    "<div><h1>T</h1><div><b><i>x</i></b></div></div>",
    '<a href="https://example.com"><div><p>block link</p></div></a>',
  ])("is idempotent on awkward nesting: %s", (input) => {
    for (const allowLinks of [false, true]) {
      const once = sanitize(input, { allowLinks });
      expect(sanitize(once, { allowLinks })).toBe(once);
    }
  });
});

describe("sanitizeDescriptionHtml links", () => {
  const link = '<p>See <a href="https://example.com/care?size=m&amp;colour=navy" target="_blank" rel="opener" title="t">care guide</a></p>';

  it("removes links by default, keeping their text", () => {
    expect(sanitize(link)).toBe("<p>See care guide</p>");
  });

  it("keeps an http(s) link when allowed, with only href and the forced rel", () => {
    expect(sanitize(link, { allowLinks: true })).toBe(
      `<p>See <a href="https://example.com/care?size=m&amp;colour=navy" rel="${FORCED_LINK_REL}">care guide</a></p>`,
    );
  });

  it("keeps mailto links when allowed", () => {
    expect(sanitize('<a href="mailto:care@example.com">mail us</a>', { allowLinks: true })).toBe(
      `<a href="mailto:care@example.com" rel="${FORCED_LINK_REL}">mail us</a>`,
    );
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \tjava\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example.com/",
    "/collections/all",
    "ftp://example.com/file",
    "tel:+33123456789",
    "https://",
    "mailto:",
  ])("turns a link to %s into plain text", (href) => {
    expect(sanitize(`<p><a href="${href}">click</a></p>`, { allowLinks: true })).toBe("<p>click</p>");
  });

  it("drops a link with no text", () => {
    expect(sanitize('<p>Text<a href="https://example.com"></a></p>', { allowLinks: true })).toBe("<p>Text</p>");
  });

  it("agrees with isAllowedHref", () => {
    expect(isAllowedHref("https://example.com")).toBe(true);
    expect(isAllowedHref("HTTP://EXAMPLE.COM/a")).toBe(true);
    expect(isAllowedHref("java\u0000script:alert(1)")).toBe(false);
    expect(isAllowedHref(undefined)).toBe(false);
  });
});

describe("reserializeDescriptionHtml and listDisallowedMarkup", () => {
  it("match sanitising on clean markup written loosely", () => {
    const loose = "<P>Caf&eacute;<br>au lait</P><b>Bold</b><p></p>";
    expect(reserializeDescriptionHtml(loose)).toBe(sanitize(loose));
    expect(listDisallowedMarkup(loose)).toEqual({ tags: [], attributes: [] });
  });

  it("keep what sanitising removes, and name it", () => {
    const dirty = '<p onclick="x">Hi<script>alert(1)</script><img src=x></p>';
    expect(reserializeDescriptionHtml(dirty)).not.toBe(sanitize(dirty));
    expect(listDisallowedMarkup(dirty)).toEqual({ tags: ["img", "script"], attributes: ["onclick", "src"] });
  });

  it("name an unsafe link target only when links are allowed", () => {
    expect(listDisallowedMarkup('<a href="javascript:x">a</a>', { allowLinks: true })).toEqual({ tags: [], attributes: ["href"] });
    expect(listDisallowedMarkup('<a href="https://example.com">a</a>', { allowLinks: true })).toEqual({ tags: [], attributes: [] });
    expect(listDisallowedMarkup('<a href="https://example.com">a</a>')).toEqual({ tags: ["a"], attributes: ["href"] });
  });
});

describe("descriptionHtmlToText", () => {
  it("separates blocks and decodes entities", () => {
    expect(descriptionHtmlToText("<h2>Soft</h2><p>Warm &amp; <strong>cosy</strong><br>wool</p><ul><li>One</li><li>Two</li></ul>")).toBe(
      "Soft\nWarm & cosy\nwool\nOne\nTwo",
    );
  });

  it("does not read script content as text", () => {
    expect(descriptionHtmlToText("<p>Hi</p><script>As an AI</script>")).toBe("Hi");
  });
});
