import { describe, expect, it } from "vitest";
import { costMicros, priceFor, PRICE_TABLE_DATE } from "./prices";

describe("price table", () => {
  it("prices a known model in integer micro-USD with cached input at the cached rate", () => {
    const price = priceFor({ family: "openai", region: "US" }, "openai", "gpt-4.1-mini");
    expect(price).toBeDefined();
    // 1,000 input of which 400 cached, 500 output: 600×0.40 + 400×0.10 + 500×1.60 = 1080 micro-USD
    expect(costMicros(price!, { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 500 })).toBe(1080);
    expect(price?.asOf).toBe(PRICE_TABLE_DATE);
  });

  it("rounds a fraction of a micro-unit up, never down", () => {
    const price = priceFor({ family: "openai", region: "US" }, "openai", "gpt-4o-mini")!;
    expect(costMicros(price, { inputTokens: 1, cachedInputTokens: 0, outputTokens: 0 })).toBe(1);
  });

  it("is free on templates and self-hosted, unknown for a model the table lacks", () => {
    expect(costMicros(priceFor({ family: "templates", region: "on-server" }, "templates", "default")!, { inputTokens: 5000, cachedInputTokens: 0, outputTokens: 900 })).toBe(0);
    expect(priceFor({ family: "openai-compatible", region: "self-hosted" }, "ollama", "llama3.1:8b")?.inputMicrosPerMillion).toBe(0);
    expect(priceFor({ family: "openai", region: "US" }, "openai", "some-new-model")).toBeUndefined();
  });
});
