import type { LanguageModelV4FinishReason, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createKeyring } from "~/secrets/crypto.server";
import { freshSqlite, type TestDatabase } from "../../test/support/databases";
import { ModelCallError } from "./errors";
import { generateStructured, type GenerationContext } from "./generate.server";
import { BackendRegistry } from "./registry";
import type { BackendDefinition } from "./types";

/**
 * A reply the provider stopped at the token limit (finish reason "length": OpenAI `length` /
 * incomplete, Anthropic `max_tokens`, Gemini `MAX_TOKENS`) is never a value, even when what
 * arrived happens to parse: it is retried, then the chain moves on.
 */
const SHOP = "finish.myshopify.com";
const schema = z.object({ seoTitle: z.string() });
let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await freshSqlite();
});
afterAll(async () => {
  await testDatabase.close();
});

function reply(text: string, unified: LanguageModelV4FinishReason["unified"], raw: string): LanguageModelV4GenerateResult {
  return {
    content: [{ type: "text", text }],
    finishReason: { unified, raw },
    usage: { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } },
    warnings: [],
  };
}

function contextWith(model: MockLanguageModelV4): GenerationContext {
  const backend: BackendDefinition = {
    id: "mock",
    label: "Mock",
    region: "US",
    family: "openai",
    description: "test double",
    suggestedModels: ["mock-1"],
    capabilities: { structuredOutput: true, promptCaching: false, batch: false },
    defaultBaseUrl: "https://mock.invalid/v1",
    baseUrlEditable: false,
    apiKeyRequired: false,
    setupHint: "",
    createModel: () => model,
  };
  return {
    database: testDatabase.database,
    registry: new BackendRegistry([backend]),
    connections: { keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 4).toString("base64") }), endpointPolicy: { allowedHosts: [] }, operatorKeys: {} },
    policy: { chain: [{ backendId: "mock", modelId: "mock-1" }], euOnly: false, monthlyBudgetMicros: null },
    sleep: async () => {},
  };
}

const request = { shop: SHOP, purpose: "test", schema, instructions: "Write an SEO title.", data: "<product_data>{}</product_data>", maxOutputTokens: 50 };

describe("finish reason length", () => {
  it.each([
    ["openai", "length"],
    ["anthropic", "max_tokens"],
    ["gemini", "MAX_TOKENS"],
  ])("a %s reply cut at the token limit (%s) is regenerated, not returned", async (_provider, raw) => {
    // Parses as JSON, but the model was stopped mid-word.
    const model = new MockLanguageModelV4({ doGenerate: [reply('{"seoTitle":"Merino Wool Beanie | Kestrel Wea"}', "length", raw), reply('{"seoTitle":"Merino Wool Beanie | Kestrel Wear"}', "stop", "stop")] });
    const result = await generateStructured(contextWith(model), request);
    expect(result.output.seoTitle).toBe("Merino Wool Beanie | Kestrel Wear");
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["invalid_output", "ok"]);
  });

  it("fails with invalid_output when every attempt is cut", async () => {
    const cut = reply('{"seoTitle":"Merino Wool Beanie | Kestrel Wea"}', "length", "length");
    const model = new MockLanguageModelV4({ doGenerate: [cut, cut, cut] });
    const error = await generateStructured(contextWith(model), request).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).kind).toBe("invalid_output");
    expect((error as ModelCallError).message).toMatch(/output tokens|token limit/);
  });
});
