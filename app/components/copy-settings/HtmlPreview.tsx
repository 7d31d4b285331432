import { Fragment, type ReactNode } from "react";

/**
 * Shows a rendered description the way Plume would publish it: only the
 * storefront allow-list's tags (p, h2–h4, ul/ol/li, strong, em, br) become
 * elements; any other tag is unwrapped to its text, and scripts, styles and
 * embedded content are dropped. The HTML is parsed with DOMParser, whose
 * document is inert (no script runs, no image loads), and nothing is ever set
 * as raw HTML. Client only.
 */
const DROPPED = new Set(["script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "head", "title"]);

function toReact(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = (node as Element).tagName.toLowerCase();
  if (DROPPED.has(tag)) return null;
  const children = Array.from(node.childNodes, (child, index) => toReact(child, index));
  if (tag === "br") return <br key={key} />;
  if (tag === "p") return <p key={key}>{children}</p>;
  if (tag === "h2") return <h2 key={key}>{children}</h2>;
  if (tag === "h3") return <h3 key={key}>{children}</h3>;
  if (tag === "h4") return <h4 key={key}>{children}</h4>;
  if (tag === "ul") return <ul key={key} style={{ listStyle: "disc", paddingInlineStart: "1.5em" }}>{children}</ul>;
  if (tag === "ol") return <ol key={key} style={{ listStyle: "decimal", paddingInlineStart: "1.5em" }}>{children}</ol>;
  if (tag === "li") return <li key={key}>{children}</li>;
  if (tag === "strong") return <strong key={key}>{children}</strong>;
  if (tag === "em") return <em key={key}>{children}</em>;
  return <Fragment key={key}>{children}</Fragment>;
}

export function HtmlPreview({ html }: { html: string }) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  return <div style={{ lineHeight: 1.5 }}>{Array.from(body.childNodes, (child, index) => toReact(child, index))}</div>;
}
