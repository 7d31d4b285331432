/**
 * Product text is data, never instructions. The emulated model is a well-behaved
 * one: it drops sentences that try to steer it, and never carries links, markup or
 * scripts from the product into its copy.
 */

/** Sentences that address the model instead of describing the product, in the languages Plume serves. */
const STEERING_PATTERNS: readonly RegExp[] = [
  /\bignore\b/i,
  /\bdisregard\b/i,
  /\bforget (all|everything|the|your|previous)\b/i,
  /\binstructions?\b/i,
  /\bsystem prompt\b/i,
  /\bprompt\b/i,
  /\byou are (now|an?|the)\b/i,
  /\bact as\b/i,
  /\b(add|insert|include|append|put)\b.{0,40}\b(link|url|script|html|iframe|tag|anchor)s?\b/i,
  /\bignor(ez|er|iere|ieren|a|ar)\b/i,
  /\boubli(e|ez)\b/i,
  /\bvergiss\b/i,
  /\b(consignes?|anweisungen?|instrucciones?)\b/i,
];

const URL_PATTERN = /\b(?:https?|ftp|javascript|data|vbscript|file):[^\s"'<>]*/gi;
const BARE_DOMAIN_PATTERN = /\bwww\.[^\s"'<>]+/gi;

const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&nbsp;": " " };

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (entity) => ENTITIES[entity] ?? entity);
}

function withoutMarkup(text: string): string {
  return decodeEntities(
    text
      .replace(/<(script|style|iframe|object|embed)\b[\s\S]*?(<\/\1\s*>|$)/gi, " ")
      .replace(/<\/(p|div|li|h[1-6]|tr)>|<br\s*\/?>/gi, ". ")
      .replace(/<[^>]*>?/g, " "),
  );
}

function withoutLinks(text: string): string {
  return text
    .replace(URL_PATTERN, " ")
    .replace(BARE_DOMAIN_PATTERN, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/https?/gi, " ");
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function collapse(text: string): string {
  return text
    .replace(/[<>{}`]/g, " ")
    .replace(/\s+/g, " ")
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/([.!?])(?:\s*[.!?])+/g, "$1")
    .replace(/^[\s,.;:!?\-–—|]+|[\s,;:\-–—|]+$/g, "")
    .trim();
}

function steers(text: string): boolean {
  return STEERING_PATTERNS.some((pattern) => pattern.test(text));
}

/** A sentence right after a steering one that goes on giving orders ("Then add …") is part of it. */
const CONTINUATION = /^(?:then|and|also|now|next|after that|puis|ensuite|dann|danach|luego)?\s*(?:add|insert|include|append|write|output|print|ajoute[zr]?|füge|agrega)\b/i;

/** Plain text safe to put in copy: no markup, no links, no sentence that steers the model. */
export function cleanProductText(text: string): string {
  const plain = withoutLinks(withoutMarkup(text));
  const kept: string[] = [];
  let previousSteered = false;
  for (const sentence of splitSentences(plain)) {
    const drop: boolean = steers(sentence) || (previousSteered && CONTINUATION.test(sentence));
    if (!drop) kept.push(sentence);
    previousSteered = drop;
  }
  return collapse(kept.join(" "));
}

/** For short labels (title, vendor, tag): everything from the first steering clause on is dropped. */
export function cleanProductLabel(text: string): string {
  const plain = withoutLinks(withoutMarkup(text));
  // Odd indexes are the separators, kept so "Dr. Bronner's, Lavender" survives unchanged.
  const parts = plain.split(/(\s*[,;]\s*|(?<=[.!?])\s+)/);
  let kept = "";
  for (let index = 0; index < parts.length; index += 2) {
    const clause = parts[index] ?? "";
    if (steers(clause)) return collapse(kept).replace(/[.!?]+$/, "");
    kept += (index > 0 ? (parts[index - 1] ?? " ") : "") + clause;
  }
  return collapse(kept);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
