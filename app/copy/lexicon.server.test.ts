import { describe, expect, it } from "vitest";
import { buildLexicon, isLexiconLanguage, lexiconFor } from "./lexicon.server";

describe("the packed word list", () => {
  const lexicon = buildLexicon("fr", ["marque", "marquer", "mars", "étui", "t-shirt", "aujourd'hui", "œuvre", "lin", "lin", "linge"]);

  it("folds entries as copy is folded, keeps compounds whole and their parts, and drops duplicates", () => {
    expect(lexicon.has("etui")).toBe(true);
    expect(lexicon.has("oeuvre")).toBe(true);
    expect(lexicon.has("t shirt")).toBe(true);
    expect(lexicon.has("shirt")).toBe(true);
    expect(lexicon.has("aujourd'hui")).toBe(true);
    expect(lexicon.has("hui")).toBe(true);
    expect(lexicon.size).toBe(13);
  });

  it("tells a word from the start of a longer one", () => {
    expect(lexicon.has("mar")).toBe(false);
    expect(lexicon.hasLongerWordStartingWith("mar")).toBe(true);
    expect(lexicon.hasLongerWordStartingWith("marque")).toBe(true);
    expect(lexicon.hasLongerWordStartingWith("marquer")).toBe(false);
    expect(lexicon.hasLongerWordStartingWith("lin")).toBe(true);
    expect(lexicon.hasLongerWordStartingWith("linge")).toBe(false);
    expect(lexicon.hasLongerWordStartingWith("t sh")).toBe(true);
    expect(lexicon.hasLongerWordStartingWith("zz")).toBe(false);
    expect(lexicon.hasLongerWordStartingWith("")).toBe(false);
    expect(lexicon.has("a")).toBe(false);
    expect(lexicon.has("zzzz")).toBe(false);
  });

  it("loads the French, English and Spanish lists from their packages, once", () => {
    expect(lexiconFor("fr")).toBe(lexiconFor("fr"));
    expect(lexiconFor("fr").size).toBeGreaterThan(300_000);
    expect(lexiconFor("fr").has("marque")).toBe(true);
    expect(lexiconFor("fr").has("etui")).toBe(true);
    expect(lexiconFor("en").has("buckle")).toBe(true);
    expect(lexiconFor("es").has("algodon")).toBe(true);
    expect(isLexiconLanguage("de")).toBe(false);
    expect(isLexiconLanguage("constructor")).toBe(false);
  });
});
