/**
 * Rate limits: each provider's real header names with sane, decreasing values, and
 * configured limits that answer 429 with retry-after until the bucket refills.
 */
import { APICallError, generateText, Output } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderEmulator, type RunningProviderEmulator } from "./server";
import { productPrompt, surfaceModel, type SurfaceName } from "./testing/sdk-clients";

const schema = z.object({ descriptionHtml: z.string() });
const prompt = productPrompt({ title: "Enamel Camp Mug", vendor: "Trailhead" });

async function headersOf(emulator: RunningProviderEmulator, surface: SurfaceName): Promise<Record<string, string>> {
  const result = await generateText({ model: surfaceModel(emulator, surface), output: Output.object({ schema }), prompt, maxRetries: 0 });
  return result.response.headers ?? {};
}

function numberHeader(headers: Record<string, string>, name: string): number {
  const value = headers[name];
  if (value === undefined) throw new Error(`missing header ${name}`);
  return Number(value);
}

/** Buckets refill continuously (5,000 a minute is 83 a second), so remaining counts are compared at a frozen instant. */
const FROZEN = () => Date.UTC(2026, 0, 1);

describe("rate-limit headers with the default limits", () => {
  let emulator: RunningProviderEmulator;
  beforeAll(async () => {
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
    emulator = await startProviderEmulator({ now: FROZEN });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it.each(["openai-responses", "openai-chat", "compatible"] as const)("%s sends x-ratelimit-* and the remaining counts fall", async (surface) => {
    const first = await headersOf(emulator, surface);
    const second = await headersOf(emulator, surface);
    expect(numberHeader(first, "x-ratelimit-limit-requests")).toBe(5000);
    expect(numberHeader(first, "x-ratelimit-limit-tokens")).toBe(2_000_000);
    expect(numberHeader(first, "x-ratelimit-remaining-requests")).toBe(4999);
    expect(numberHeader(second, "x-ratelimit-remaining-requests")).toBe(4998);
    expect(numberHeader(second, "x-ratelimit-remaining-tokens")).toBeLessThan(numberHeader(first, "x-ratelimit-remaining-tokens"));
    expect(first["x-ratelimit-reset-requests"]).toMatch(/^\d+(ms|(\.\d+)?s)$/);
    expect(first["x-ratelimit-reset-tokens"]).toMatch(/^\d+(ms|(\.\d+)?s)$/);
  });

  it("Anthropic sends anthropic-ratelimit-* with RFC 3339 resets", async () => {
    const first = await headersOf(emulator, "anthropic");
    const second = await headersOf(emulator, "anthropic");
    for (const name of ["requests", "input-tokens", "output-tokens", "tokens"]) {
      expect(numberHeader(first, `anthropic-ratelimit-${name}-limit`)).toBeGreaterThan(0);
      expect(first[`anthropic-ratelimit-${name}-reset`]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    expect(numberHeader(first, "anthropic-ratelimit-requests-remaining")).toBe(4999);
    expect(numberHeader(second, "anthropic-ratelimit-requests-remaining")).toBe(4998);
    expect(numberHeader(second, "anthropic-ratelimit-input-tokens-remaining")).toBeLessThan(numberHeader(first, "anthropic-ratelimit-input-tokens-remaining"));
    expect(numberHeader(second, "anthropic-ratelimit-output-tokens-remaining")).toBeLessThan(numberHeader(first, "anthropic-ratelimit-output-tokens-remaining"));
    // One request of a 5,000-a-minute bucket refills in 12 ms: the reset is the frozen instant, rounded up to the second.
    expect(first["anthropic-ratelimit-requests-reset"]).toBe("2026-01-01T00:00:01Z");
  });

  it("Mistral sends its per-minute headers and the query cost", async () => {
    const result = await generateText({ model: surfaceModel(emulator, "mistral"), output: Output.object({ schema }), prompt, maxRetries: 0 });
    const headers = result.response.headers ?? {};
    expect(numberHeader(headers, "x-ratelimit-limit-req-minute")).toBe(5000);
    expect(numberHeader(headers, "x-ratelimit-remaining-req-minute")).toBe(4999);
    expect(numberHeader(headers, "x-ratelimit-limit-tokens-minute")).toBe(2_000_000);
    expect(numberHeader(headers, "x-ratelimit-tokens-query-cost")).toBe(result.usage.totalTokens);
    expect(numberHeader(headers, "x-ratelimit-remaining-tokens-minute")).toBe(2_000_000 - (result.usage.totalTokens ?? 0));
  });

  it.each(["gemini", "ollama-v1"] as const)("%s sends no rate-limit headers, like the real one", async (surface) => {
    const headers = await headersOf(emulator, surface);
    expect(Object.keys(headers).filter((name) => name.includes("ratelimit"))).toEqual([]);
  });
});

describe("configured limits", () => {
  let clock = Date.UTC(2026, 0, 1);
  let emulator: RunningProviderEmulator;
  beforeAll(async () => {
    // The minute's bucket by itself: bursts of the whole limit let through (quantized bursts are tested below).
    emulator = await startProviderEmulator({ rateLimit: { requestsPerMinute: 2, tokensPerMinute: 100_000, burst: "minute" }, now: () => clock });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    clock = Date.UTC(2026, 0, 1);
  });

  it("answers 429 with retry-after once the requests are spent, and again after the refill", async () => {
    await headersOf(emulator, "openai-chat");
    const second = await headersOf(emulator, "openai-chat");
    expect(second["x-ratelimit-remaining-requests"]).toBe("0");
    expect(second["x-ratelimit-reset-requests"]).toBe("1m0s");

    const error = await generateText({ model: surfaceModel(emulator, "openai-chat"), output: Output.object({ schema }), prompt, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    const rateLimited = error as APICallError;
    expect(rateLimited.statusCode).toBe(429);
    // Two requests a minute refill one every 30 seconds.
    expect(rateLimited.responseHeaders?.["retry-after"]).toBe("30");
    expect(JSON.parse(rateLimited.responseBody ?? "{}")).toMatchObject({ error: { type: "requests", code: "rate_limit_exceeded" } });

    clock += 30_000;
    const after = await headersOf(emulator, "openai-chat");
    expect(after["x-ratelimit-remaining-requests"]).toBe("0");
  });

  it("limits each provider separately, in its own error shape", async () => {
    await headersOf(emulator, "anthropic");
    await headersOf(emulator, "anthropic");
    const anthropic = await generateText({ model: surfaceModel(emulator, "anthropic"), output: Output.object({ schema }), prompt, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(anthropic) && anthropic.statusCode).toBe(429);
    expect(APICallError.isInstance(anthropic) && JSON.parse(anthropic.responseBody ?? "{}")).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(APICallError.isInstance(anthropic) && anthropic.responseHeaders?.["anthropic-ratelimit-requests-remaining"]).toBe("0");
    const openai = await headersOf(emulator, "openai-responses");
    expect(openai["x-ratelimit-remaining-requests"]).toBe("1");
  });
});

describe("a token limit", () => {
  it("answers 429 on tokens when the prompt no longer fits", async () => {
    // The prompt is about 95 tokens and the reply about 36: the first fits in 150, the second no longer does.
    const emulator = await startProviderEmulator({ rateLimit: { requestsPerMinute: 100, tokensPerMinute: 150, burst: "minute" }, now: FROZEN });
    try {
      await headersOf(emulator, "compatible");
      const error = await generateText({ model: surfaceModel(emulator, "compatible"), output: Output.object({ schema }), prompt, maxRetries: 0 }).catch((caught: unknown) => caught);
      expect(APICallError.isInstance(error) && error.statusCode).toBe(429);
      expect(APICallError.isInstance(error) && JSON.parse(error.responseBody ?? "{}")).toMatchObject({ error: { type: "tokens", code: "rate_limit_exceeded" } });
      expect(APICallError.isInstance(error) && Number(error.responseHeaders?.["retry-after"])).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });
});

describe("quantized request limits (the default)", () => {
  it("answers 429 to a burst beyond a second's share of the minute's limit, with the minute's bucket far from spent", async () => {
    let clock = Date.UTC(2026, 0, 1);
    // 240 a minute is enforced as 4 a second: a fifth request in the same instant is refused.
    const emulator = await startProviderEmulator({ rateLimit: { requestsPerMinute: 240, tokensPerMinute: 10_000_000 }, now: () => clock });
    try {
      for (let sent = 0; sent < 4; sent += 1) await headersOf(emulator, "openai-chat");
      const error = await generateText({ model: surfaceModel(emulator, "openai-chat"), output: Output.object({ schema }), prompt, maxRetries: 0 }).catch((caught: unknown) => caught);
      expect(APICallError.isInstance(error) && error.statusCode).toBe(429);
      // the headers still speak of the minute: 236 of 240 left, which is why a client must not trust them alone
      expect(APICallError.isInstance(error) && error.responseHeaders?.["x-ratelimit-remaining-requests"]).toBe("236");
      expect(APICallError.isInstance(error) && error.responseHeaders?.["retry-after"]).toBe("1");
      // a quarter of a second later one request's share has come back
      clock += 250;
      const after = await headersOf(emulator, "openai-chat");
      expect(after["x-ratelimit-remaining-requests"]).toBe("236");
    } finally {
      await emulator.close();
    }
  });
});
