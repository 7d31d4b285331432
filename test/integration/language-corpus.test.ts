import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkField } from "~/copy/checks";
import { copyFieldSchema } from "~/copy/types";

/**
 * The language check measured on a labelled set we wrote ourselves
 * (test/corpora/language-labelled.jsonl, see test/corpora/README.md): short
 * and long texts in five languages, most naming a product, vendor or option in
 * another language. Each text is checked against every one of the five
 * languages: a "wrong language" block against its own language is a false
 * positive, against another a true positive.
 */
const LANGUAGES = ["en", "fr", "de", "es", "it"] as const;
const entrySchema = z.object({
  id: z.string(),
  lang: z.enum(LANGUAGES),
  kind: copyFieldSchema,
  text: z.string(),
  title: z.string(),
  vendor: z.string(),
  productType: z.string(),
  options: z.array(z.string()),
});
const corpus = readFileSync(new URL("../corpora/language-labelled.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => entrySchema.parse(JSON.parse(line)));

function blocked(entry: z.infer<typeof entrySchema>, target: string): { blocked: boolean; warned: boolean } {
  const result = checkField({
    field: entry.kind,
    value: entry.kind === "descriptionHtml" ? `<p>${entry.text}</p>` : entry.text,
    targetLocale: target,
    facts: {
      title: entry.title,
      descriptionText: "",
      vendor: entry.vendor,
      productType: entry.productType,
      tags: [],
      options: entry.options.length > 0 ? [{ name: "Option", values: entry.options }] : [],
      variants: [],
    },
    bannedWords: [],
  });
  return {
    blocked: result.hardFailures.some((issue) => issue.code === "wrong_language"),
    warned: result.warnings.some((issue) => issue.code === "wrong_language"),
  };
}

describe("language check on the labelled corpus", () => {
  it("has at least 60 texts in five languages", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((entry) => entry.lang))).toEqual(new Set(LANGUAGES));
  });

  it("blocks no correct text, and its 'wrong language' blocks have precision ≥ 0.98", () => {
    let truePositives = 0;
    let falsePositives = 0;
    let wrongTexts = 0;
    let longWrongTexts = 0;
    let longTruePositives = 0;
    let warnedCorrect = 0;
    const wronglyBlocked: string[] = [];
    for (const entry of corpus) {
      for (const target of LANGUAGES) {
        const verdict = blocked(entry, target);
        if (target === entry.lang) {
          if (verdict.blocked) {
            falsePositives += 1;
            wronglyBlocked.push(`${entry.id} (${entry.kind}): ${entry.text}`);
          }
          if (verdict.warned) warnedCorrect += 1;
        } else {
          wrongTexts += 1;
          if (verdict.blocked) truePositives += 1;
          if (entry.kind === "descriptionHtml") {
            longWrongTexts += 1;
            if (verdict.blocked) longTruePositives += 1;
          }
        }
      }
    }
    const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
    const recall = truePositives / wrongTexts;
    const longRecall = longTruePositives / longWrongTexts;
    console.info(
      `language corpus: ${corpus.length} texts; correct-language checks ${corpus.length}: blocked ${falsePositives}, warned ${warnedCorrect}; ` +
        `wrong-language checks ${wrongTexts}: blocked ${truePositives} (recall ${recall.toFixed(3)}; descriptions ${longRecall.toFixed(3)}); precision ${precision.toFixed(3)}`,
    );
    expect(wronglyBlocked).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    // Not a check that never blocks: a description in the wrong language is still caught.
    expect(longRecall).toBeGreaterThanOrEqual(0.9);
  });
});
