import { describe, expect, it } from "vitest";
import { htmlText, wordDiff } from "./word-diff";

describe("wordDiff", () => {
  it("keeps shared words and marks removed and added ones", () => {
    expect(wordDiff("Soft wool scarf in grey", "Soft merino scarf in grey")).toEqual([
      { kind: "same", text: "Soft " },
      { kind: "removed", text: "wool " },
      { kind: "added", text: "merino " },
      { kind: "same", text: "scarf in grey" },
    ]);
  });

  it("puts the texts back together from its parts", () => {
    const before = "A light jacket for spring walks, with two pockets.";
    const after = "A light, packable jacket for spring and autumn walks with two zipped pockets.";
    const parts = wordDiff(before, after);
    expect(parts.filter((part) => part.kind !== "added").map((part) => part.text).join("")).toBe(before);
    expect(parts.filter((part) => part.kind !== "removed").map((part) => part.text).join("")).toBe(after);
  });

  it("reads a rewrite as one replacement, not alternating fragments around small shared words", () => {
    expect(wordDiff("Suitable for sensitive skin.", "Made for every skin type.")).toEqual([
      { kind: "removed", text: "Suitable for sensitive skin." },
      { kind: "added", text: "Made for every skin type." },
    ]);
  });

  it("handles empty sides", () => {
    expect(wordDiff("", "New title")).toEqual([{ kind: "added", text: "New title" }]);
    expect(wordDiff("Old title", "")).toEqual([{ kind: "removed", text: "Old title" }]);
    expect(wordDiff("", "")).toEqual([]);
  });

  it("shows a very long text as replaced rather than building a huge table", () => {
    const long = Array.from({ length: 3000 }, (_, index) => `w${index}`).join(" ");
    expect(wordDiff(long, `${long} x`)).toEqual([
      { kind: "removed", text: long },
      { kind: "added", text: `${long} x` },
    ]);
  });
});

describe("htmlText", () => {
  it("keeps the words and block breaks of description HTML, and nothing of its markup", () => {
    expect(htmlText("<p>Warm &amp; <strong>soft</strong></p><ul><li>Wool</li><li>Hand wash</li></ul>")).toBe("Warm & soft\nWool\nHand wash");
  });
});
