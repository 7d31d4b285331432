/**
 * The copy-quality eval on a small catalog (5 seeded products + the hostile set):
 * its last line is the summary JSON, and the claim checker meets the issue's
 * targets against the hallucinating mode's ground truth. The other targets
 * (0 hard violations published, language precision) belong to the checks being
 * fixed elsewhere and are asserted after the merge, not here.
 */
import { describe, expect, it } from "vitest";
import { runCopyEval } from "./copy-eval";

describe("npm run eval:copy", () => {
  it("prints one summary JSON object as its last line, and the claim checker meets its targets", async () => {
    const report = await runCopyEval({ products: 5 });
    const lines = report.output.trim().split("\n");
    const summary = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(["items", "hardViolationsPublished", "invented", "language", "falseBlocks"]);
    expect(summary).toMatchObject({ items: expect.any(Number), hardViolationsPublished: expect.any(Number), falseBlocks: expect.any(Number) });
    expect(summary.items).toBe((5 + 16) * 4);
    expect(lines.filter((line) => line.trim().startsWith("{"))).toHaveLength(1);
    expect(report.table).toMatch(/\| hallucinating /);

    const invented = summary.invented as { precision: number; recall: number };
    expect(invented.precision).toBeGreaterThanOrEqual(0.95);
    expect(invented.recall).toBeGreaterThanOrEqual(0.95);
  }, 180_000);
});
