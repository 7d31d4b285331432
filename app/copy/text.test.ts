import { describe, expect, it } from "vitest";
import { characterCount, shortenAtWordBoundary } from "./text";

describe("shortenAtWordBoundary", () => {
  it("leaves text that fits alone", () => {
    expect(shortenAtWordBoundary("Merino Beanie | Kestrel Wear", 60)).toBe("Merino Beanie | Kestrel Wear");
  });

  it("drops the ' | suffix' before any word of the title", () => {
    expect(shortenAtWordBoundary("Merino Beanie with a folded cuff in soft yarn | Kestrel Wear", 50)).toBe("Merino Beanie with a folded cuff in soft yarn");
  });

  it("then drops trailing words, never cutting one, and no dangling separator", () => {
    const title = `${"Handwoven organic linen throw blanket, ".repeat(6)}extra`;
    const shortened = shortenAtWordBoundary(`${title} | Atelier Morel`, 60);
    expect(characterCount(shortened)).toBeLessThanOrEqual(60);
    expect(title.startsWith(shortened)).toBe(true);
    expect(title.charAt(shortened.length)).toMatch(/[\s,]/);
    expect(shortened).not.toMatch(/[\s,|–-]$/);
  });

  it("counts code points and returns empty when not even one word fits", () => {
    expect(shortenAtWordBoundary("Supercalifragilisticexpialidocious", 10)).toBe("");
    expect(characterCount(shortenAtWordBoundary("Chaise en chêne massif à l'ancienne", 20))).toBeLessThanOrEqual(20);
  });
});
