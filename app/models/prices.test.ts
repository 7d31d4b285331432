import { describe, expect, it } from "vitest";
import table from "./price-table.json";
import { BUILT_IN_BACKENDS } from "./registry";
import { costMicros, priceFor, priceRows, priceTableSchema, PRICE_TABLE_DATE, suggestedModelsFor, withdrawnModels, type ModelPrice } from "./prices";

const US = { family: "openai", region: "US" } as const;

describe("price table rows", () => {
  const rows = Object.entries(priceRows());

  it("has a source and a checked date on every priced row, and says why on every unpriced one", () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const [key, row] of rows) {
      expect(row.checked, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.checked <= PRICE_TABLE_DATE, key).toBe(true);
      if (row.price) expect(row.source, key).toMatch(/^https:\/\//);
      else expect(row.source, key).toBeNull();
      expect(row.note.length, key).toBeGreaterThan(20);
    }
  });

  it("keys rows by pinned model ids, never by a moving -latest alias", () => {
    for (const [key] of rows) expect(key).not.toMatch(/latest$/);
    // the aliases the app used to suggest are now unpriced, not mapped to a guessed row
    expect(priceFor(US, "mistral", "mistral-medium-latest")).toBeUndefined();
    expect(priceFor(US, "mistral", "mistral-small-latest")).toBeUndefined();
    expect(priceFor(US, "anthropic", "claude-haiku-4-5")).toBeUndefined();
  });

  it("holds no retired or shutting-down model", () => {
    const withdrawn = withdrawnModels().map((entry) => entry.id);
    expect(withdrawn).toContain("anthropic:claude-3-5-haiku-latest");
    for (const [key] of rows) expect(withdrawn).not.toContain(key);
    for (const id of withdrawn) {
      const [backend, ...model] = id.split(":");
      expect(priceFor(US, backend!, model.join(":")), id).toBeUndefined();
    }
  });

  it("stores prices as integer micro-USD per 1M tokens", () => {
    for (const [key, row] of rows) {
      for (const rates of [row.price, row.longPrompt]) {
        if (!rates) continue;
        for (const value of [rates.input, rates.cachedInput, rates.cacheWrite, rates.output]) {
          if (value !== null) expect(Number.isInteger(value), key).toBe(true);
        }
      }
    }
    expect(priceFor(US, "openai", "gpt-6-luna")).toMatchObject({
      inputMicrosPerMillion: 100_000,
      cachedInputMicrosPerMillion: 10_000,
      cacheWriteInputMicrosPerMillion: 125_000,
      outputMicrosPerMillion: 500_000,
      batchDiscountPercent: 50,
    });
  });
});

describe("costs", () => {
  const price = (rates: Partial<ModelPrice> = {}): ModelPrice => ({
    inputMicrosPerMillion: 250_000,
    cachedInputMicrosPerMillion: 25_000,
    cacheWriteInputMicrosPerMillion: 250_000,
    outputMicrosPerMillion: 2_000_000,
    batchDiscountPercent: 50,
    asOf: "2026-11-30",
    ...rates,
  });

  it("is exact integer arithmetic: 1,234,567 input tokens at $0.25 per 1M is 308,642 micro-USD (308,641.75 rounded up)", () => {
    expect(costMicros(price(), { inputTokens: 1_234_567, cachedInputTokens: 0, outputTokens: 0 })).toBe(308_642);
    // 1,234,567 × 0.1 USD per 1M = 123,456.7 → 123,457; no float residue either way
    expect(costMicros(price({ inputMicrosPerMillion: 100_000 }), { inputTokens: 1_234_567, cachedInputTokens: 0, outputTokens: 0 })).toBe(123_457);
    expect(costMicros(price({ inputMicrosPerMillion: 100_000 }), { inputTokens: 10_000_000, cachedInputTokens: 0, outputTokens: 0 })).toBe(1_000_000);
  });

  it("stays exact when an intermediate sum passes 2^53", () => {
    const huge = price({ inputMicrosPerMillion: 1_000_000_000, outputMicrosPerMillion: 1 });
    // 10^10 × 10^9 + 1 × 1 = 10^19 + 1: in floating point the +1 vanishes and the cost would be 10^13
    expect(costMicros(huge, { inputTokens: 10_000_000_000, cachedInputTokens: 0, outputTokens: 1 })).toBe(10_000_000_000_001);
  });

  it("bills cached reads, cache writes and output at their own rates", () => {
    const luna = priceFor(US, "openai", "gpt-6-luna")!;
    // 1,000 input of which 400 cached and 100 written, 500 output:
    // 500×0.10 + 400×0.01 + 100×0.125 + 500×0.50 = 50 + 4 + 12.5 + 250 = 316.5 → 317 micro-USD
    expect(costMicros(luna, { inputTokens: 1000, cachedInputTokens: 400, cacheWriteInputTokens: 100, outputTokens: 500 })).toBe(317);
    expect(luna.asOf).toBe(priceRows()["openai:gpt-6-luna"]!.checked);
  });

  it("switches the whole request to the long-prompt rates above the provider's threshold", () => {
    const haiku = priceFor(US, "anthropic", "claude-haiku-5-5")!;
    expect(costMicros(haiku, { inputTokens: 100_000, cachedInputTokens: 0, outputTokens: 1000 })).toBe(10_000 + 500);
    expect(costMicros(haiku, { inputTokens: 100_001, cachedInputTokens: 0, outputTokens: 1000 })).toBe(50_001 + 2_500);
  });

  it("rounds a fraction of a micro-unit up, never down", () => {
    expect(costMicros(priceFor(US, "openai", "gpt-6-luna")!, { inputTokens: 1, cachedInputTokens: 0, outputTokens: 0 })).toBe(1);
  });

  it("bills cached tokens at the input rate where the provider publishes no cached rate", () => {
    const mini = priceFor(US, "openrouter", "openai/gpt-5.4-mini")!;
    expect(mini.cachedInputMicrosPerMillion).toBe(mini.inputMicrosPerMillion);
  });

  it("is free on templates and self-hosted, unknown for a model the table lacks or could not source", () => {
    expect(costMicros(priceFor({ family: "templates", region: "on-server" }, "templates", "default")!, { inputTokens: 5000, cachedInputTokens: 0, outputTokens: 900 })).toBe(0);
    expect(priceFor({ family: "openai-compatible", region: "self-hosted" }, "ollama", "llama3.1:8b")?.inputMicrosPerMillion).toBe(0);
    expect(priceFor(US, "openai", "some-new-model")).toBeUndefined();
    expect(priceRows()["groq:llama-3.1-8b-instant"]?.price).toBeNull();
    expect(priceFor({ family: "openai-compatible", region: "US" }, "groq", "llama-3.1-8b-instant")).toBeUndefined();
  });
});

describe("suggested models", () => {
  it("come from the table for every paid backend, and free backends keep their own", () => {
    for (const backend of BUILT_IN_BACKENDS) {
      const free = backend.family === "templates" || backend.region === "self-hosted";
      if (free) continue;
      expect(backend.suggestedModels, backend.id).toEqual(suggestedModelsFor(backend.id));
      expect(backend.suggestedModels.length, backend.id).toBeGreaterThan(0);
    }
    expect(suggestedModelsFor("anthropic")).toEqual(["claude-haiku-5-5", "claude-haiku-4-5-20251001"]);
    expect(BUILT_IN_BACKENDS.find((backend) => backend.id === "templates")?.suggestedModels).toEqual(["default"]);
    expect(BUILT_IN_BACKENDS.find((backend) => backend.id === "ollama")?.suggestedModels).toContain("llama3.1:8b");
  });

  it("never suggest a table key outside the registry", () => {
    const ids = new Set(BUILT_IN_BACKENDS.map((backend) => backend.id));
    for (const key of Object.keys(priceRows())) expect(ids.has(key.split(":")[0]!), key).toBe(true);
  });
});

describe("schema at load", () => {
  // A deep copy to break on purpose; the schema, not the type checker, must catch each fault.
  type Row = Record<string, unknown> & { price: Record<string, unknown> };
  const clone = () => JSON.parse(JSON.stringify(table)) as { prices: Record<string, Row> };
  const rowOf = (copy: { prices: Record<string, Row> }, key: string): Row => {
    const row = copy.prices[key];
    if (!row) throw new Error(`no row ${key}`);
    return row;
  };

  it("accepts the shipped table", () => {
    expect(priceTableSchema.safeParse(table).success).toBe(true);
  });

  it("rejects float prices, -latest keys, priced rows without a source, withdrawn rows, and unknown fields", () => {
    const float = clone();
    rowOf(float, "openai:gpt-6-luna").price.input = 0.1;
    expect(priceTableSchema.safeParse(float).success).toBe(false);

    const alias = clone();
    alias.prices["mistral:mistral-small-latest"] = rowOf(alias, "mistral:mistral-small-2603");
    expect(priceTableSchema.safeParse(alias).success).toBe(false);

    const unsourced = clone();
    rowOf(unsourced, "openai:gpt-6-luna").source = null;
    expect(priceTableSchema.safeParse(unsourced).success).toBe(false);

    const undated = clone();
    delete rowOf(undated, "openai:gpt-6-luna").checked;
    expect(priceTableSchema.safeParse(undated).success).toBe(false);

    const retired = clone();
    retired.prices["anthropic:claude-3-5-haiku-latest"] = rowOf(retired, "anthropic:claude-haiku-4-5-20251001");
    expect(priceTableSchema.safeParse(retired).success).toBe(false);

    const stray = clone();
    rowOf(stray, "openai:gpt-6-luna").cost = 1;
    expect(priceTableSchema.safeParse(stray).success).toBe(false);

    const future = clone();
    rowOf(future, "openai:gpt-6-luna").checked = "2099-01-01";
    expect(priceTableSchema.safeParse(future).success).toBe(false);

    // the retired-row case must fail for being withdrawn, not only for its -latest key
    const retiredPinned = clone();
    retiredPinned.prices["anthropic:claude-3-5-haiku-20241022"] = rowOf(retiredPinned, "anthropic:claude-haiku-4-5-20251001");
    expect(priceTableSchema.safeParse(retiredPinned).success).toBe(false);
  });
});
