/**
 * Prompt caching as usage reports it: Anthropic writes at cache_control breakpoints
 * and reads them back while they live; OpenAI and Gemini reuse a long repeated
 * prefix on their own. Plume's long, fixed instructions make this the cost lever.
 */
import { generateText, Output, type SystemModelMessage } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderEmulator, type RunningProviderEmulator } from "./server";
import { productPrompt, surfaceModel, type SurfaceName } from "./testing/sdk-clients";

const schema = z.object({ descriptionHtml: z.string(), seoTitle: z.string().max(60) });

/** About 1,500 tokens of fixed instructions: long enough for every provider's minimum. */
const INSTRUCTIONS = Array.from({ length: 60 }, (_, index) => `Rule ${index + 1}: write in the brand's voice, state only facts from the product data, and keep HTML to p, ul, li and strong.`).join("\n");

let clock = Date.UTC(2026, 0, 1);
let emulator: RunningProviderEmulator;

beforeAll(async () => {
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  emulator = await startProviderEmulator({ now: () => clock });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  clock = Date.UTC(2026, 0, 1);
});

/** The `system` option takes a message with providerOptions, which is where Anthropic's cache_control goes. */
function system(content: string, cacheControl?: { type: "ephemeral"; ttl?: "5m" | "1h" }): SystemModelMessage {
  return { role: "system", content, ...(cacheControl !== undefined && { providerOptions: { anthropic: { cacheControl } } }) };
}

function call(title: string, cacheControl?: { type: "ephemeral"; ttl?: "5m" | "1h" }) {
  return { system: system(INSTRUCTIONS, cacheControl), prompt: productPrompt({ title, vendor: "Atelier Nord" }), output: Output.object({ schema }), maxRetries: 0 };
}

async function usageOf(surface: SurfaceName, title: string, cacheControl?: { type: "ephemeral"; ttl?: "5m" | "1h" }) {
  const result = await generateText({ model: surfaceModel(emulator, surface), ...call(title, cacheControl) });
  return { usage: result.usage, raw: result.usage.raw as Record<string, unknown> };
}

describe("Anthropic cache_control", () => {
  it("writes the marked prefix once, then reads it for the next product", async () => {
    const first = await usageOf("anthropic", "Stoneware Mug", { type: "ephemeral" });
    const written = first.raw["cache_creation_input_tokens"] as number;
    expect(written).toBeGreaterThan(1024);
    expect(first.raw["cache_read_input_tokens"]).toBe(0);
    expect(first.usage.inputTokenDetails.cacheWriteTokens).toBe(written);

    const second = await usageOf("anthropic", "Linen Apron", { type: "ephemeral" });
    expect(second.raw["cache_read_input_tokens"]).toBe(written);
    expect(second.raw["cache_creation_input_tokens"]).toBe(0);
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBe(written);
    // input_tokens counts only what came after the last breakpoint.
    expect(second.raw["input_tokens"]).toBeLessThan(200);
    expect(second.usage.inputTokens).toBe((second.raw["input_tokens"] as number) + written);
  });

  it("lets an entry lapse after five idle minutes, and keeps a one-hour entry", async () => {
    await usageOf("anthropic", "Stoneware Mug", { type: "ephemeral" });
    clock += 6 * 60_000;
    const lapsed = await usageOf("anthropic", "Linen Apron", { type: "ephemeral" });
    expect(lapsed.raw["cache_read_input_tokens"]).toBe(0);
    expect(lapsed.raw["cache_creation_input_tokens"]).toBeGreaterThan(0);

    emulator.reset();
    const hour = await usageOf("anthropic", "Stoneware Mug", { type: "ephemeral", ttl: "1h" });
    expect(hour.raw["cache_creation"]).toMatchObject({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: hour.raw["cache_creation_input_tokens"] });
    clock += 30 * 60_000;
    const later = await usageOf("anthropic", "Linen Apron", { type: "ephemeral", ttl: "1h" });
    expect(later.raw["cache_read_input_tokens"]).toBe(hour.raw["cache_creation_input_tokens"]);
  });

  it("caches nothing without a breakpoint, or below the minimum length", async () => {
    await usageOf("anthropic", "Stoneware Mug");
    const unmarked = await usageOf("anthropic", "Stoneware Mug");
    expect(unmarked.raw["cache_read_input_tokens"]).toBe(0);
    expect(unmarked.raw["cache_creation_input_tokens"]).toBe(0);

    const result = await generateText({
      model: surfaceModel(emulator, "anthropic"),
      system: system("Write product copy.", { type: "ephemeral" }),
      prompt: productPrompt({ title: "Stoneware Mug" }),
      output: Output.object({ schema }),
      maxRetries: 0,
    });
    expect((result.usage.raw as Record<string, unknown>)["cache_creation_input_tokens"]).toBe(0);
    expect(emulator.requests.at(-1)?.body).toMatchObject({ system: [{ type: "text", text: "Write product copy.", cache_control: { type: "ephemeral" } }] });
  });
});

describe("automatic caching", () => {
  it("OpenAI reports the repeated prefix as cached tokens, in 128-token steps from 1,024", async () => {
    const first = await usageOf("openai-responses", "Stoneware Mug");
    expect(first.usage.inputTokenDetails.cacheReadTokens).toBe(0);
    const second = await usageOf("openai-responses", "Linen Apron");
    const cached = second.usage.inputTokenDetails.cacheReadTokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThan(second.usage.inputTokens ?? 0);
    expect(second.raw).toMatchObject({ input_tokens_details: { cached_tokens: cached } });
  });

  it("Gemini reports implicit caching in cachedContentTokenCount", async () => {
    await usageOf("gemini", "Stoneware Mug");
    const second = await usageOf("gemini", "Linen Apron");
    expect(second.raw["cachedContentTokenCount"]).toBeGreaterThan(1024);
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBe(second.raw["cachedContentTokenCount"]);
  });

  it("forgets prefixes of another model and prompts shorter than the minimum", async () => {
    await usageOf("openai-responses", "Stoneware Mug");
    const otherModel = await generateText({ model: surfaceModel(emulator, "openai-responses", { model: "gpt-5.4" }), ...call("Linen Apron") });
    expect(otherModel.usage.inputTokenDetails.cacheReadTokens).toBe(0);
    await usageOf("mistral", "Stoneware Mug");
    const mistral = await usageOf("mistral", "Linen Apron");
    expect(mistral.usage.inputTokenDetails.cacheReadTokens ?? 0).toBe(0);
  });
});
