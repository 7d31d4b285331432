/**
 * A word-level diff of current and proposed copy: the longest common
 * subsequence of words (each with the spaces after it), as runs of unchanged,
 * removed and added text. Product copy is short; past MAX_CELLS the table
 * would be too large and the whole text is shown as replaced.
 */
export interface DiffPart {
  kind: "same" | "removed" | "added";
  text: string;
}

const MAX_CELLS = 4_000_000;

/** Words with the spaces that follow them, so that removed and added runs read as phrases. */
function tokens(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart["kind"], text: string) {
  const last = parts.at(-1);
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const left = tokens(before);
  const right = tokens(after);
  const parts: DiffPart[] = [];
  if (left.length * right.length > MAX_CELLS) {
    if (before) push(parts, "removed", before);
    if (after) push(parts, "added", after);
    return parts;
  }
  // lengths[i][j]: the LCS length of left[i..] and right[j..].
  const width = right.length + 1;
  const lengths = new Uint32Array((left.length + 1) * width);
  for (let i = left.length - 1; i >= 0; i -= 1) {
    for (let j = right.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = left[i] === right[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (left[i] === right[j]) {
      push(parts, "same", left[i]!);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      push(parts, "removed", left[i]!);
      i += 1;
    } else {
      push(parts, "added", right[j]!);
      j += 1;
    }
  }
  for (; i < left.length; i += 1) push(parts, "removed", left[i]!);
  for (; j < right.length; j += 1) push(parts, "added", right[j]!);
  return readable(parts);
}

/** Fewer shared words than this between two changes read as noise ("for", "it") inside a rewrite. */
const MIN_SHARED_WORDS = 3;

/**
 * Folds short unchanged runs between changes into the change around them and
 * shows each change as its removed text then its added text: a rewritten
 * sentence reads as one replacement, not as alternating fragments.
 */
function readable(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) push(out, "removed", removed);
    if (added) push(out, "added", added);
    removed = "";
    added = "";
  };
  for (const [index, part] of parts.entries()) {
    if (part.kind === "removed") removed += part.text;
    else if (part.kind === "added") added += part.text;
    else {
      const between = (removed !== "" || added !== "") && index < parts.length - 1;
      if (between && tokens(part.text).filter((token) => token.trim() !== "").length < MIN_SHARED_WORDS) {
        removed += part.text;
        added += part.text;
      } else {
        flush();
        push(out, "same", part.text);
      }
    }
  }
  flush();
  return out;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " };

/** The readable text of description HTML, for the diff (shown as text, never as markup). */
export function htmlText(html: string): string {
  return html
    .replace(/<(?:br|\/p|\/h[2-4]|\/li)\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "")
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n+/g, "\n")
    .trim();
}
