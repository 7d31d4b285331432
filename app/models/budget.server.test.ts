import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { freshSqlite, type TestDatabase } from "../../test/support/databases";
import { generateRequestSchema } from "~/copy/product-workflow.server";
import { parseEnvironment } from "~/config/env.server";
import { createKeyring } from "~/secrets/crypto.server";
import { TEST_ENVIRONMENT } from "../../test/support/environment";
import { saveConnection, type ConnectionEnvironment } from "./connections.server";
import { ModelCallError } from "./errors";
import { generateStructured, type GenerationContext, type GenerationRequest, type ShopModelPolicy } from "./generate.server";
import { BackendRegistry } from "./registry";
import { chainEntrySchema } from "./settings.server";
import { settingsIntentSchema } from "./settings-form.server";

/**
 * The budget cannot be bypassed: unpriced paid models under a budget, the
 * operator's cap across every shop, and free calls that a spent cap never blocks.
 */
const SHOP = "budget.myshopify.com";
const OTHER = "big-spender.myshopify.com";
const schema = z.object({ seoTitle: z.string(), metaDescription: z.string() });
type Copy = z.infer<typeof schema>;

let emulator: RunningProviderEmulator;
let testDatabase: TestDatabase;
let registry: BackendRegistry;
let connections: ConnectionEnvironment;

beforeAll(async () => {
  emulator = await startProviderEmulator({ models: { ollama: ["llama3.1:8b"] } });
  testDatabase = await freshSqlite();
  registry = BackendRegistry.withExtras([
    { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: emulator.baseUrls.openai, emulated: true },
    { id: "emulated-gemini", extends: "gemini", label: "Gemini (emulated)", baseUrl: emulator.baseUrls.gemini, emulated: true },
    { id: "emulated-ollama", extends: "ollama", label: "Ollama (emulated)", baseUrl: `${emulator.baseUrls.ollama}/v1`, emulated: true },
  ]);
  connections = {
    keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 4).toString("base64") }),
    endpointPolicy: { allowedHosts: [new URL(emulator.url).host] },
    operatorKeys: {},
  };
  await saveConnection(testDatabase.database, connections, registry.get("emulated-openai"), SHOP, { apiKey: "sk-emulated-openai" });
  await saveConnection(testDatabase.database, connections, registry.get("emulated-gemini"), SHOP, { apiKey: "gemini-emulated-key" });
});

afterAll(async () => {
  await emulator.close();
  await testDatabase.close();
});

beforeEach(async () => {
  emulator.reset();
  await testDatabase.database.usageLedger.deleteMany({});
});

function context(policy: Partial<ShopModelPolicy> & Pick<ShopModelPolicy, "chain">, operatorCapMicros: number | null = null): GenerationContext {
  return {
    database: testDatabase.database,
    registry,
    connections: { ...connections, operatorMonthlyCapMicros: operatorCapMicros },
    policy: { euOnly: false, monthlyBudgetMicros: null, ...policy },
    sleep: async () => {},
  };
}

const request = (): GenerationRequest<Copy> => ({
  shop: SHOP,
  purpose: "test",
  schema,
  instructions: "Write an SEO title and a meta description.",
  data: '<product_data>{"title":"Merino Wool Beanie"}</product_data>',
  maxOutputTokens: 200,
  offline: () => ({ seoTitle: "Merino Wool Beanie", metaDescription: "A warm beanie." }),
});

async function spend(shop: string, costMicros: number) {
  await testDatabase.database.usageLedger.create({
    data: {
      shop,
      backendId: "openai",
      modelId: "gpt-4.1",
      purpose: "earlier",
      inputTokens: 1,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 0,
      outputTokens: 1,
      costMicros: BigInt(costMicros),
      priceTableDate: "2026-01-01",
      latencyMs: 1,
      outcome: "ok",
      attempt: 1,
    },
  });
}

const UNPRICED = { backendId: "emulated-gemini", modelId: "gemini-3.5-flash-lite" };
const PRICED = { backendId: "emulated-openai", modelId: "gpt-6-luna" };
const TEMPLATES = { backendId: "templates", modelId: "default" };
const SELF_HOSTED = { backendId: "emulated-ollama", modelId: "llama3.1:8b" };

describe("unpriced paid models under a budget", () => {
  it("with a shop budget set, an unpriced paid model is refused before any request", async () => {
    const error = await generateStructured(context({ chain: [UNPRICED], monthlyBudgetMicros: 50_000_000 }), request()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).kind).toBe("unpriced_model");
    expect(emulator.requests).toEqual([]);
  });

  it("with only the operator's cap set, an unpriced paid model is refused too", async () => {
    const error = await generateStructured(context({ chain: [UNPRICED] }, 1_000_000_000), request()).catch((thrown: unknown) => thrown);
    expect((error as ModelCallError).kind).toBe("unpriced_model");
    expect(emulator.requests).toEqual([]);
  });

  it("without any budget or cap, an unpriced model still runs (its cost is unknown, not guessed)", async () => {
    const result = await generateStructured(context({ chain: [UNPRICED] }), request());
    expect(result.costMicros).toBeNull();
  });

  it("the refusal falls through to a free backend further down the chain", async () => {
    const result = await generateStructured(context({ chain: [UNPRICED, TEMPLATES], monthlyBudgetMicros: 50_000_000 }), request());
    expect(result.backendId).toBe("templates");
    expect(emulator.requests).toEqual([]);
  });
});

describe("the operator's monthly cap across all shops", () => {
  it("refuses a priced call once every shop together has spent the cap", async () => {
    await spend(OTHER, 9_999_990);
    const error = await generateStructured(context({ chain: [PRICED] }, 10_000_000), request()).catch((thrown: unknown) => thrown);
    expect((error as ModelCallError).kind).toBe("budget_exceeded");
    expect(emulator.requests).toEqual([]);
  });

  it("lets a priced call run while the cap has room", async () => {
    await spend(OTHER, 1_000);
    const result = await generateStructured(context({ chain: [PRICED] }, 10_000_000), request());
    expect(result.backendId).toBe(PRICED.backendId);
  });

  it.each([
    ["Templates", TEMPLATES],
    ["a self-hosted model", SELF_HOSTED],
  ])("never blocks %s (zero cost) when the operator's cap and the shop's budget are spent", async (_name, entry) => {
    await spend(OTHER, 50_000_000);
    await spend(SHOP, 50_000_000);
    const result = await generateStructured(context({ chain: [entry], monthlyBudgetMicros: 1_000_000 }, 10_000_000), request());
    expect(result.backendId).toBe(entry.backendId);
    expect(result.costMicros).toBe(0);
  });
});

describe("model ids at every edge", () => {
  const long = `gpt-${"x".repeat(200)}`;
  it.each([long, "gpt 4", "gpt-4\u0000x", "<script>", "../../etc/passwd?", "-leading-dash", ""])("refuses the model id %j", (modelId) => {
    expect(chainEntrySchema.safeParse({ backendId: "openai", modelId }).success).toBe(false);
    expect(settingsIntentSchema.safeParse({ intent: "save-model", backendId: "openai", modelId }).success).toBe(false);
    expect(settingsIntentSchema.safeParse({ intent: "test-connection", backendId: "openai", modelId }).success).toBe(false);
    expect(generateRequestSchema.safeParse({ fields: ["seoTitle"], locales: ["en"], backendId: "openai", modelId }).success).toBe(false);
  });

  it.each(["gpt-4.1-mini", "claude-haiku-4-5-20251001", "llama3.1:8b", "meta-llama/Llama-3.1-8B-Instruct", "qwen2.5-7b-instruct"])("accepts the model id %s", (modelId) => {
    expect(chainEntrySchema.safeParse({ backendId: "openai", modelId }).success).toBe(true);
    expect(generateRequestSchema.safeParse({ fields: ["seoTitle"], locales: ["en"], backendId: "openai", modelId }).success).toBe(true);
  });

  it("refuses a backend id that is not an id", () => {
    expect(generateRequestSchema.safeParse({ fields: ["seoTitle"], locales: ["en"], backendId: "x".repeat(500), modelId: "gpt-4.1" }).success).toBe(false);
  });
});

describe("PLUME_OPERATOR_MONTHLY_CAP_USD", () => {
  const base = { ...TEST_ENVIRONMENT, DATABASE_URL: "file:/tmp/x.sqlite" };
  it("parses dollars to micro-USD, empty for none", () => {
    expect(parseEnvironment({ ...base, PLUME_OPERATOR_MONTHLY_CAP_USD: "250.50" }).PLUME_OPERATOR_MONTHLY_CAP_USD).toBe(250_500_000);
    expect(parseEnvironment(base).PLUME_OPERATOR_MONTHLY_CAP_USD).toBeNull();
  });

  it("stops boot on a malformed amount, naming the variable", () => {
    expect(() => parseEnvironment({ ...base, PLUME_OPERATOR_MONTHLY_CAP_USD: "lots" })).toThrow(/PLUME_OPERATOR_MONTHLY_CAP_USD/);
  });
});
