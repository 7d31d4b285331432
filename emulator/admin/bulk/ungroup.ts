/**
 * Shopify's JSONL order when `groupObjects` is false (the default since API
 * 2026-01): every line is still one object and nested nodes still carry
 * `__parentId`, but a child is no longer guaranteed to follow its parent. Its
 * docs say so ("child nodes might not appear directly after their parent"),
 * and from 2026-01 they may come anywhere in the file. The emulator makes that
 * visible: root lines keep their order, and every child line is dropped into a
 * seeded random gap between root lines anywhere in the file, so it can come
 * before its parent, long after it, or among other products' children. The
 * seed comes from the operation, so a given run is reproducible.
 */

export interface OutputLine {
  readonly text: string;
  /** Whether the line has `__parentId` (a node of a nested connection). */
  readonly child: boolean;
}

/** mulberry32: small, fast and good enough to scatter lines reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFor(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}

/** Reorders grouped output (children right after their parent) into ungrouped output. */
export function ungroupLines(lines: readonly OutputLine[], seed: number): string[] {
  const roots: string[] = [];
  const children: string[] = [];
  for (const line of lines) (line.child ? children : roots).push(line.text);
  if (children.length === 0) return roots;
  const random = seededRandom(seed);
  // gaps[i] holds the children written just before root i; gaps[roots.length] those after the last root.
  const gaps: string[][] = Array.from({ length: roots.length + 1 }, () => []);
  for (const child of children) gaps[Math.floor(random() * gaps.length)]?.push(child);
  // Never hand back something that happens to look grouped: the first child goes to the very top,
  // before any root line, so at least one child precedes its parent.
  if (roots.length > 0 && (gaps[0]?.length ?? 0) === 0) {
    const donor = gaps.findIndex((gap) => gap.length > 0);
    const moved = gaps[donor]?.shift();
    if (moved !== undefined) gaps[0]?.push(moved);
  }
  const output: string[] = [];
  for (const [index, gap] of gaps.entries()) {
    for (let position = gap.length - 1; position > 0; position -= 1) {
      const swap = Math.floor(random() * (position + 1));
      [gap[position], gap[swap]] = [gap[swap] as string, gap[position] as string];
    }
    output.push(...gap);
    const root = roots[index];
    if (root !== undefined) output.push(root);
  }
  return output;
}
