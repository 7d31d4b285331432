/**
 * Keeps generated copy inside a schema's length limits the way a careful writer
 * would: drop whole sentences or list items first, and never cut a word in half.
 */
import { escapeHtml } from "./sanitize";

export interface LengthLimits {
  minLength: number | undefined;
  maxLength: number | undefined;
}

const TRAILING_JOINERS = /[\s,;:\-–—|/(]+$/;

/** The longest prefix of `text` within `maxLength` that ends on a word boundary. */
export function cutAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= 0) return "";
  const window = text.slice(0, maxLength + 1);
  const boundary = window.lastIndexOf(" ");
  // A single word longer than the limit has to be cut; nothing better exists.
  const cut = boundary > 0 ? window.slice(0, boundary) : text.slice(0, maxLength);
  return dropTrailingConnectors(cut.replace(TRAILING_JOINERS, ""));
}

/** Words a careful writer never leaves at the end of a shortened text ("… in Many Colours and"). */
const CONNECTORS = new Set(
  "and or with for of the a an by from to in at et ou avec pour de des du la le les un une par und oder mit für von zu der die das y o con para por el los las e per di del della il".split(" "),
);

function dropTrailingConnectors(text: string): string {
  let result = text;
  for (let guard = 0; guard < 5; guard += 1) {
    const match = /\s+([\p{L}']+)$/u.exec(result);
    if (!match?.[1] || !CONNECTORS.has(match[1].toLowerCase())) break;
    result = result.slice(0, match.index).replace(TRAILING_JOINERS, "");
  }
  return result;
}

/** Adds neutral sentences until `minLength`, preferring ones that still fit `maxLength`, then trims. */
export function fitText(text: string, limits: LengthLimits, padding: readonly string[]): string {
  let result = text;
  const { minLength, maxLength } = limits;
  for (let round = 0; minLength !== undefined && result.length < minLength && padding.length > 0 && round < 200; round += 1) {
    const candidates = padding.map((sentence) => `${result} ${sentence}`.trim());
    const fitting = candidates.find((candidate) => maxLength === undefined || candidate.length <= maxLength);
    result = fitting ?? candidates[round % candidates.length] ?? result;
  }
  if (maxLength !== undefined) result = cutAtWord(result, maxLength);
  return result;
}

/** Greedily joins whole sentences while they fit; the first one is shortened at a word if it must be. */
export function joinSentencesWithin(sentences: readonly string[], maxLength: number | undefined): string {
  let result = "";
  for (const sentence of sentences) {
    const candidate = result === "" ? sentence : `${result} ${sentence}`;
    if (maxLength === undefined || candidate.length <= maxLength) result = candidate;
    // A sentence too long on its own is shortened at a word and closed with an ellipsis, as a writer would.
    else if (result === "") return `${cutAtWord(sentence, maxLength - 1)}…`;
    else break;
  }
  return result;
}

/** HTML copy as blocks of plain text, escaped only when rendered, so trimming never breaks a tag. */
export interface TextRun {
  text: string;
  strong?: boolean;
}
export type HtmlBlock = { type: "paragraph"; runs: TextRun[] } | { type: "list"; items: TextRun[][] };

function renderRuns(runs: readonly TextRun[]): string {
  return runs.map((run) => (run.strong === true ? `<strong>${escapeHtml(run.text)}</strong>` : escapeHtml(run.text))).join("");
}

export function renderHtml(blocks: readonly HtmlBlock[]): string {
  return blocks
    .map((block) => (block.type === "list" ? `<ul>${block.items.map((item) => `<li>${renderRuns(item)}</li>`).join("")}</ul>` : `<p>${renderRuns(block.runs)}</p>`))
    .join("");
}

function copyBlocks(blocks: readonly HtmlBlock[]): HtmlBlock[] {
  return blocks.map((block) =>
    block.type === "list" ? { type: "list", items: block.items.map((item) => item.map((run) => ({ ...run }))) } : { type: "paragraph", runs: block.runs.map((run) => ({ ...run })) },
  );
}

/** Drops list items, then trailing blocks, then words of the first paragraph until the HTML fits. */
export function fitHtml(blocks: readonly HtmlBlock[], limits: LengthLimits, padding: readonly string[]): string {
  const working = copyBlocks(blocks);
  const { minLength, maxLength } = limits;
  for (let round = 0; minLength !== undefined && renderHtml(working).length < minLength && padding.length > 0 && round < 200; round += 1) {
    working.push({ type: "paragraph", runs: [{ text: padding[round % padding.length] ?? "" }] });
  }
  if (maxLength === undefined) return renderHtml(working);
  while (renderHtml(working).length > maxLength && working.length > 1) {
    const last = working[working.length - 1];
    if (last?.type === "list" && last.items.length > 1) last.items.pop();
    else working.pop();
  }
  const first = working[0];
  if (first?.type !== "paragraph") return renderHtml(working);
  // Shorten the first paragraph a word at a time from its end, dropping runs that empty out.
  while (renderHtml(working).length > maxLength && first.runs.length > 0) {
    const run = first.runs[first.runs.length - 1];
    if (run === undefined) break;
    const shorter = cutAtWord(run.text, run.text.trimEnd().lastIndexOf(" "));
    if (shorter.trim() === "" || shorter === run.text) first.runs.pop();
    else run.text = shorter;
  }
  return first.runs.length === 0 ? "" : renderHtml(working);
}
