import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findExecutableMarkup, hasDangerousScheme, matchesOutputGrammar } from "./html-safety.test-support";
import { sanitizeDescriptionHtml } from "./sanitize.server";

// Read from the repository, not from shared/: CI and other machines have only the checkout.
const CORPUS_PATH = new URL("../../test/corpora/xss-vectors.jsonl", import.meta.url);
const vectorSchema = z.object({ id: z.string(), payload: z.string(), source: z.string() });
const vectors = readFileSync(CORPUS_PATH, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => vectorSchema.parse(JSON.parse(line)));

describe("XSS corpus (test/corpora/xss-vectors.jsonl)", () => {
  it("is the full corpus with unique ids", () => {
    expect(vectors.length).toBe(325);
    expect(new Set(vectors.map((vector) => vector.id)).size).toBe(vectors.length);
  });

  it("has judges that catch the raw payloads, so a clean result means something", () => {
    const flaggedByParser = vectors.filter((vector) => findExecutableMarkup(vector.payload).length > 0).length;
    const outsideGrammar = vectors.filter((vector) => !matchesOutputGrammar(vector.payload, { allowLinks: true })).length;
    expect(flaggedByParser).toBeGreaterThan(200);
    expect(outsideGrammar).toBeGreaterThan(300);
  });

  for (const allowLinks of [false, true]) {
    it(`lets nothing executable through and is idempotent, links ${allowLinks ? "allowed" : "disallowed"}`, () => {
      const escapes: string[] = [];
      const grammarViolations: string[] = [];
      const idempotenceFailures: string[] = [];
      for (const vector of vectors) {
        const output = sanitizeDescriptionHtml(vector.payload, { allowLinks });
        for (const problem of findExecutableMarkup(output)) escapes.push(`${vector.id}: ${problem}`);
        if (!matchesOutputGrammar(output, { allowLinks })) grammarViolations.push(`${vector.id}: ${JSON.stringify(output)}`);
        if (sanitizeDescriptionHtml(output, { allowLinks }) !== output) idempotenceFailures.push(vector.id);
      }
      console.log(
        `xss corpus, links ${allowLinks ? "on" : "off"}: ${vectors.length} vectors, ${escapes.length} escapes, ` +
          `${grammarViolations.length} outside the output grammar, ${idempotenceFailures.length} idempotence failures`,
      );
      expect(escapes).toEqual([]);
      expect(grammarViolations).toEqual([]);
      expect(idempotenceFailures).toEqual([]);
    });
  }
});

describe("random tag soup", () => {
  // Fragments that stress nesting, raw-text elements, comments and stray brackets; seeded so a failure replays.
  const PIECES = [
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<i>", "</i>", "<h1>", "</h1>", "<h5>", "</h5>", "<ul>", "</ul>",
    "<li>", "</li>", "<ol>", "</ol>", "<br>", "<span>", "</span>", "<table><tr><td>", "</td></tr></table>",
    '<a href="https://example.com">', '<a href="javascript:alert(1)">', "</a>", "<script>", "</script>", "<svg>", "</svg>",
    "<math>", "<style>", "</style>", "<noscript>", "</noscript>", "<!--", "-->", "<![CDATA[", "]]>", "&nbsp;", "&amp;",
    "&lt;", "text", " ", "<img src=x onerror=alert(1)>", "<p onclick=x>", "<textarea>", "</textarea>", "<xmp>", "</xmp>",
    "<title>", "</title>", "<template>", "</template>", "<select><option>", "</option></select>", '"', "'", "<", ">",
    "</", "<strong>", "</strong>", "<em>", "</em>", "<h2>", "</h2>", "<plaintext>", "<iframe>", "</iframe>", "<object>",
  ];

  it("stays safe, in grammar and idempotent on 5,000 random fragments", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const failures: string[] = [];
    for (let round = 0; round < 5000; round += 1) {
      const count = 1 + Math.floor(random() * 14);
      const html = Array.from({ length: count }, () => PIECES[Math.floor(random() * PIECES.length)]).join("");
      for (const allowLinks of [false, true]) {
        const output = sanitizeDescriptionHtml(html, { allowLinks });
        const safe = findExecutableMarkup(output).length === 0 && matchesOutputGrammar(output, { allowLinks });
        if (!safe || sanitizeDescriptionHtml(output, { allowLinks }) !== output) failures.push(JSON.stringify({ html, allowLinks, output }));
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("the corpus judges themselves", () => {
  it("see through entity-encoded, case-mixed and whitespace-padded schemes", () => {
    expect(hasDangerousScheme("&#106;ava&#x53;cript:alert(1)")).toBe(true);
    expect(hasDangerousScheme(" \tJaVa\nScRiPt:alert(1)")).toBe(true);
    expect(hasDangerousScheme("&amp;#106;avascript:alert(1)")).toBe(true);
    expect(hasDangerousScheme("DATA:text/html;base64,PHNjcmlwdD4=")).toBe(true);
    expect(hasDangerousScheme("vbscript:msgbox(1)")).toBe(true);
    expect(hasDangerousScheme("https://example.com/javascript:")).toBe(false);
  });

  it("flag handlers, styles and forbidden elements at any depth", () => {
    expect(findExecutableMarkup('<p><em><svg><a xlink:href="javascript:x">t</a></svg></em></p>')).toHaveLength(2);
    expect(findExecutableMarkup('<p onmouseover="x" style="color:red">t</p>')).toHaveLength(2);
    expect(findExecutableMarkup("<p><strong>fine</strong></p>")).toEqual([]);
  });

  it("accept only the sanitiser's own output grammar", () => {
    expect(matchesOutputGrammar("<p>Tom &amp; Jerry &lt;3</p><br />", { allowLinks: false })).toBe(true);
    expect(matchesOutputGrammar("<p>a<br></p>", { allowLinks: false })).toBe(false);
    expect(matchesOutputGrammar('<p class="x">a</p>', { allowLinks: false })).toBe(false);
    expect(matchesOutputGrammar("a & b", { allowLinks: false })).toBe(false);
    const link = '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer nofollow">x</a>';
    expect(matchesOutputGrammar(link, { allowLinks: true })).toBe(true);
    expect(matchesOutputGrammar(link, { allowLinks: false })).toBe(false);
  });
});
