import { describe, expect, it } from "vitest";
import { findNearDuplicate, normalizeForSimilarity, similarity } from "./similarity";

function referenceEditDistance(left: string, right: string): number {
  const a = [...left];
  const b = [...right];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let row = 1; row <= a.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= b.length; column += 1) {
      current[column] = Math.min(
        (previous[column] ?? 0) + 1,
        (current[column - 1] ?? 0) + 1,
        (previous[column - 1] ?? 0) + (a[row - 1] === b[column - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Deterministic pseudo-random strings, so a failure can be replayed. */
function* randomPairs(count: number): Generator<[string, string]> {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const word = (length: number) => Array.from({ length }, () => "abcé "[Math.floor(next() * 5)]).join("");
  for (let index = 0; index < count; index += 1) {
    const base = word(Math.floor(next() * 40));
    const mutated = [...base].map((character) => (next() < 0.1 ? word(Math.floor(next() * 2)) : character)).join("");
    yield [base, next() < 0.2 ? word(Math.floor(next() * 40)) : mutated];
  }
}

describe("similarity", () => {
  it("is 1 for equal strings and 1 − edits/longer otherwise", () => {
    expect(similarity("hoodie", "hoodie")).toBe(1);
    expect(similarity("", "")).toBe(1);
    expect(similarity("kitten", "sitting")).toBeCloseTo(1 - 3 / 7);
  });

  it("agrees with a plain Levenshtein whenever it is at or above the threshold", () => {
    let compared = 0;
    for (const [left, right] of randomPairs(2000)) {
      const longer = Math.max([...left].length, [...right].length);
      const exact = longer === 0 ? 1 : 1 - referenceEditDistance(left, right) / longer;
      for (const threshold of [0, 0.5, 0.9]) {
        const banded = similarity(left, right, threshold);
        if (exact >= threshold) expect(banded).toBeCloseTo(exact, 10);
        else expect(banded).toBe(0);
        compared += 1;
      }
    }
    expect(compared).toBe(6000);
  });

  it("counts exactly 0.9 as reaching the threshold", () => {
    const base = "a".repeat(60);
    const sixEdits = `${"b".repeat(6)}${"a".repeat(54)}`;
    expect(similarity(base, sixEdits, 0.9)).toBeCloseTo(0.9, 10);
    expect(findNearDuplicate(base, [sixEdits])).toBeDefined();
    expect(findNearDuplicate(base, [`${"b".repeat(7)}${"a".repeat(53)}`])).toBeUndefined();
  });
});

describe("findNearDuplicate", () => {
  it("ignores case, accents and punctuation", () => {
    expect(normalizeForSimilarity("Pull en Laine – Mérinos | ACME!")).toBe("pull en laine merinos acme");
  });

  it("returns the closest match above the threshold", () => {
    const others = ["Organic cotton hoodie in navy, soft and warm", "Organic cotton hoodie in navy, soft and warm!!", "Wool socks"];
    expect(findNearDuplicate("organic cotton hoodie in navy soft and warm", others)).toEqual({ text: others[0], similarity: 1 });
    expect(findNearDuplicate("Wool scarf", others)).toBeUndefined();
    expect(findNearDuplicate("!!!", others)).toBeUndefined();
  });

  it("checks a large catalog quickly", () => {
    const catalog = Array.from({ length: 20_000 }, (_, index) => `Product number ${index} in organic cotton with a soft brushed finish and ribbed cuffs.`);
    const started = performance.now();
    findNearDuplicate("A completely different meta description about a ceramic mug that keeps coffee warm.", catalog);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
