/**
 * Injected faults: each kind answers with the provider's real status and body, and
 * the AI SDK reacts as it really does (retries, no retries, parse failures, aborts).
 */
import { APICallError, generateText, NoObjectGeneratedError, NoOutputGeneratedError, Output, RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { FaultKind } from "./core/faults";
import { productPrompt, SURFACE_PROVIDER, surfaceModel, surfaceNames, type SurfaceName } from "./testing/sdk-clients";
import { startProviderEmulator } from "./server";
import { emulatorPerTestFile } from "./testing/emulator-per-test-file";

const schema = z.object({ descriptionHtml: z.string(), seoTitle: z.string() });
const prompt = productPrompt({ title: "Walnut Cutting Board", vendor: "Grain & Co", images: [] });

const emulator = emulatorPerTestFile();

function generate(surface: SurfaceName, options: { maxRetries?: number; abortSignal?: AbortSignal } = {}) {
  return generateText({ model: surfaceModel(emulator, surface), output: Output.object({ schema }), prompt, maxRetries: options.maxRetries ?? 0, abortSignal: options.abortSignal });
}

async function failure(surface: SurfaceName, options: { maxRetries?: number } = {}): Promise<unknown> {
  try {
    await generate(surface, options);
  } catch (error) {
    return error;
  }
  throw new Error(`${surface} succeeded although a fault was injected`);
}

async function apiCallFailure(surface: SurfaceName): Promise<APICallError> {
  const error = await failure(surface);
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got ${String(error)}`);
  return error;
}

function inject(surface: SurfaceName, kind: FaultKind, extra: { times?: number; retryAfterSeconds?: number } = {}): void {
  emulator.faults.inject({ provider: SURFACE_PROVIDER[surface], kind, ...extra });
}

describe.each(surfaceNames)("%s faults", (surface) => {
  it("rate_limit: 429, with retry-after where the provider sends one and RetryInfo on Gemini", async () => {
    inject(surface, "rate_limit", { retryAfterSeconds: 7 });
    const error = await apiCallFailure(surface);
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    if (surface === "gemini") {
      expect(error.responseHeaders?.["retry-after"]).toBeUndefined();
      expect(JSON.parse(error.responseBody ?? "{}")).toMatchObject({
        error: { code: 429, status: "RESOURCE_EXHAUSTED", details: expect.arrayContaining([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" }]) },
      });
    } else {
      expect(error.responseHeaders?.["retry-after"]).toBe("7");
    }
  });

  it("server_error and unavailable: 500 and 503, both retryable", async () => {
    inject(surface, "server_error");
    const serverError = await apiCallFailure(surface);
    expect(serverError.statusCode).toBe(500);
    expect(serverError.isRetryable).toBe(true);
    inject(surface, "unavailable");
    const unavailable = await apiCallFailure(surface);
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.isRetryable).toBe(true);
  });

  it("overloaded: Anthropic's 529 overloaded_error, 503 elsewhere", async () => {
    inject(surface, "overloaded");
    const error = await apiCallFailure(surface);
    const anthropic = SURFACE_PROVIDER[surface] === "anthropic";
    expect(error.statusCode).toBe(anthropic ? 529 : 503);
    if (anthropic) expect(JSON.parse(error.responseBody ?? "{}")).toMatchObject({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    expect(error.isRetryable).toBe(true);
  });

  it("malformed_json: a 200 whose content does not parse, which the SDK reports as no object", async () => {
    inject(surface, "malformed_json");
    const error = await failure(surface);
    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
    expect(() => JSON.parse((error as NoObjectGeneratedError).text ?? "")).toThrow();
    expect(emulator.requests[0]?.status).toBe(200);
  });

  it("refusal: the model declines in the provider's own way", async () => {
    inject(surface, "refusal");
    if (surface === "gemini") {
      // A safety block has no text at all: generateText resolves, and reading .output throws.
      const result = await generate(surface);
      expect(result.finishReason).toBe("content-filter");
      expect(result.text).toBe("");
      expect(() => result.output).toThrow(NoOutputGeneratedError);
      return;
    }
    const error = await failure(surface);
    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
    const noObject = error as NoObjectGeneratedError;
    // OpenAI and Anthropic flag refusals; the others just say no in text.
    const flagged = ["openai-responses", "openai-chat", "anthropic", "anthropic-json-tool"].includes(surface);
    expect(noObject.finishReason).toBe(flagged ? "content-filter" : "stop");
    expect(noObject.text).toContain("I'm sorry, but I can't help with that request.");
  });

  it("timeout: the request hangs until the client gives up", async () => {
    inject(surface, "timeout");
    const started = Date.now();
    const error = await generate(surface, { abortSignal: AbortSignal.timeout(150) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(emulator.requests[0]?.status).toBeUndefined();
  });
});

// Gemini sends no retry-after, so the SDK waits its own 2 s backoff: covered once below.
describe.each(surfaceNames.filter((surface) => surface !== "gemini"))("%s retry after a 429", (surface) => {
  it("the SDK's own retry succeeds after one 429 that says retry-after: 0", async () => {
    inject(surface, "rate_limit", { retryAfterSeconds: 0 });
    const result = await generate(surface, { maxRetries: 1 });
    expect(result.output.seoTitle).toBe("Walnut Cutting Board | Grain & Co");
    expect(emulator.requests.map((request) => request.status)).toEqual([429, 200]);
  });
});

describe("fault wire shapes", () => {
  async function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }

  it("OpenAI Responses puts a refusal in a refusal content part", async () => {
    emulator.faults.inject({ provider: "openai", kind: "refusal" });
    const reply = await post(`${emulator.baseUrls.openai}/responses`, { authorization: "Bearer sk-emulated-openai" }, { model: "gpt-5.4-mini", input: "Hi" });
    expect(reply.body).toMatchObject({ status: "completed", output: [{ type: "message", content: [{ type: "refusal", refusal: expect.stringContaining("I'm sorry") }] }] });
  });

  it("Anthropic stops with stop_reason refusal, Gemini with finishReason SAFETY", async () => {
    emulator.faults.inject({ kind: "refusal", times: 2 });
    const anthropic = await post(
      `${emulator.baseUrls.anthropic}/messages`,
      { "x-api-key": "sk-ant-emulated", "anthropic-version": "2023-06-01" },
      { model: "claude-sonnet-4-6", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] },
    );
    expect(anthropic.body).toMatchObject({ stop_reason: "refusal", stop_details: { type: "refusal" } });
    const gemini = await post(`${emulator.baseUrls.gemini}/models/gemini-2.5-flash:generateContent`, { "x-goog-api-key": "gemini-emulated-key" }, { contents: [{ parts: [{ text: "Hi" }] }] });
    expect(gemini.body).toMatchObject({ candidates: [{ finishReason: "SAFETY" }] });
  });
});

describe("retries the SDK makes on its own", () => {
  it("Anthropic 529 is retried and then succeeds (after the SDK's 2 s backoff: no retry-after)", async () => {
    emulator.faults.inject({ provider: "anthropic", kind: "overloaded" });
    const result = await generate("anthropic", { maxRetries: 1 });
    expect(result.output.descriptionHtml).toContain("Walnut Cutting Board");
    expect(emulator.requests.map((request) => request.status)).toEqual([529, 200]);
  });

  it("Gemini's 429 is retried on exponential backoff: the SDK ignores RetryInfo in the body", async () => {
    emulator.faults.inject({ provider: "gemini", kind: "rate_limit", retryAfterSeconds: 0 });
    const started = Date.now();
    await generate("gemini", { maxRetries: 1 });
    expect(emulator.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it("OpenAI insufficient_quota is a 429 the non-streaming SDK still retries (only its stream path checks the code)", async () => {
    emulator.faults.inject({ provider: "openai", kind: "insufficient_quota", times: 2 });
    const error = await failure("openai-chat", { maxRetries: 1 });
    expect(RetryError.isInstance(error)).toBe(true);
    const last = (error as RetryError).lastError;
    expect(APICallError.isInstance(last) && last.statusCode).toBe(429);
    expect(APICallError.isInstance(last) && JSON.parse(last.responseBody ?? "{}")).toMatchObject({ error: { type: "insufficient_quota", code: "insufficient_quota" } });
    expect(APICallError.isInstance(last) && last.isRetryable).toBe(true);
    expect(emulator.requests).toHaveLength(2);
  });

  it("insufficient_quota elsewhere: Anthropic's credit balance 400 and Mistral's 402 are not retried", async () => {
    emulator.faults.inject({ provider: "anthropic", kind: "insufficient_quota" });
    const anthropic = await apiCallFailure("anthropic");
    expect(anthropic.statusCode).toBe(400);
    expect(anthropic.message).toContain("credit balance is too low");
    expect(anthropic.isRetryable).toBe(false);
    emulator.faults.inject({ provider: "mistral", kind: "insufficient_quota" });
    const mistral = await apiCallFailure("mistral");
    expect(mistral.statusCode).toBe(402);
    expect(mistral.isRetryable).toBe(false);
  });
});

describe("account faults: the provider's own refusal, which waiting does not fix", () => {
  const body = (error: APICallError): unknown => JSON.parse(error.responseBody ?? "{}");

  it("Anthropic spend_limit: 429 rate_limit_error with details.error_code, and no retry-after", async () => {
    inject("anthropic", "spend_limit");
    const error = await apiCallFailure("anthropic");
    expect(error.statusCode).toBe(429);
    expect(error.responseHeaders?.["retry-after"]).toBeUndefined();
    expect(body(error)).toMatchObject({
      type: "error",
      error: {
        type: "rate_limit_error",
        message: expect.stringMatching(/^You have reached your API usage limits: your organization has crossed its monthly API usage threshold.* You will regain access on \d{4}-\d{2}-01 at 00:00 UTC\.$/),
        details: { error_code: "enforced_spend_limit_reached" },
      },
      request_id: expect.stringMatching(/^req_/),
    });
  });

  it("Anthropic spend_limit: access comes back on the first of next month, by the emulator's clock", async () => {
    const own = await startProviderEmulator({ now: () => Date.parse("2026-12-14T10:00:00Z") });
    try {
      own.faults.inject({ provider: "anthropic", kind: "spend_limit" });
      const response = await fetch(`${own.baseUrls.anthropic}/messages`, {
        method: "POST",
        headers: { "x-api-key": "sk-ant-emulated", "anthropic-version": "2023-06-01" },
        body: JSON.stringify({ model: "claude-sonnet-4-6", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] }),
      });
      expect(response.status).toBe(429);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("You will regain access on 2027-01-01 at 00:00 UTC.");
    } finally {
      await own.close();
    }
  });

  it("Anthropic billing: 402 billing_error, which the SDK does not retry", async () => {
    inject("anthropic", "billing");
    const error = await apiCallFailure("anthropic");
    expect(error.statusCode).toBe(402);
    expect(error.isRetryable).toBe(false);
    expect(body(error)).toMatchObject({ type: "error", error: { type: "billing_error" } });
  });

  it("OpenAI spend_limit: billing_hard_limit_reached; billing: 429 billing_not_active; insufficient_quota: 429; none with retry-after", async () => {
    inject("openai-chat", "spend_limit");
    const hardLimit = await apiCallFailure("openai-chat");
    expect(hardLimit.statusCode).toBe(400);
    expect(body(hardLimit)).toEqual({ error: { message: "Billing hard limit has been reached", type: "invalid_request_error", param: null, code: "billing_hard_limit_reached" } });

    inject("openai-responses", "billing");
    const notActive = await apiCallFailure("openai-responses");
    expect(notActive.statusCode).toBe(429);
    expect(body(notActive)).toEqual({
      error: { message: "Your account is not active, please check your billing details on our website.", type: "billing_not_active", param: null, code: "billing_not_active" },
    });

    inject("openai-chat", "insufficient_quota");
    const quota = await apiCallFailure("openai-chat");
    expect(quota.statusCode).toBe(429);
    for (const error of [hardLimit, notActive, quota]) {
      // Rate-limit 429s carry retry-after and x-ratelimit-*; account refusals carry neither (retry-after-ms is Azure's).
      expect(error.responseHeaders?.["retry-after"]).toBeUndefined();
      expect(error.responseHeaders?.["retry-after-ms"]).toBeUndefined();
      expect(Object.keys(error.responseHeaders ?? {}).filter((name) => name.startsWith("x-ratelimit-"))).toEqual([]);
    }
  });

  it("Gemini daily_quota: 429 RESOURCE_EXHAUSTED, a per-day QuotaFailure for the model called, and no RetryInfo", async () => {
    inject("gemini", "daily_quota");
    const error = await apiCallFailure("gemini");
    expect(error.statusCode).toBe(429);
    expect(error.responseHeaders?.["retry-after"]).toBeUndefined();
    const parsed = body(error) as { error: { details: { "@type": string }[] } };
    expect(parsed).toMatchObject({
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        message: expect.stringContaining("You exceeded your current quota"),
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            violations: [
              {
                quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
                quotaValue: "250",
              },
            ],
          },
          { "@type": "type.googleapis.com/google.rpc.Help" },
        ],
      },
    });
    expect(parsed.error.details.map((detail) => detail["@type"])).not.toContain("type.googleapis.com/google.rpc.RetryInfo");
  });

  it("a provider without its own shape for an account fault answers as for insufficient_quota", async () => {
    inject("mistral", "spend_limit");
    expect((await apiCallFailure("mistral")).statusCode).toBe(402);
    inject("compatible", "billing");
    expect(body(await apiCallFailure("compatible"))).toMatchObject({ error: { code: "insufficient_quota" } });
  });
});

describe("fault matching", () => {
  it("applies a provider's fault only to that provider, `times` times", async () => {
    emulator.faults.inject({ provider: "mistral", kind: "server_error", times: 2 });
    await generate("openai-chat");
    expect(emulator.faults.pending()).toEqual([{ provider: "mistral", kind: "server_error", times: 2, retryAfterSeconds: 1 }]);
    await failure("mistral");
    await failure("mistral");
    await generate("mistral");
    expect(emulator.requests.map((request) => [request.provider, request.status])).toEqual([
      ["openai", 200],
      ["mistral", 500],
      ["mistral", 500],
      ["mistral", 200],
    ]);
  });

  it("applies a fault without a provider to whichever is called next, and clear() drops the rest", async () => {
    emulator.faults.inject({ kind: "unavailable", times: 3 });
    await failure("gemini");
    expect(emulator.faults.pending()).toHaveLength(1);
    emulator.faults.clear();
    await generate("gemini");
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 200]);
  });
});

describe("a hanging request and close()", () => {
  it("close() ends a request that would never be answered", async () => {
    const own = await startProviderEmulator();
    own.faults.inject({ kind: "timeout" });
    const hanging = fetch(`${own.baseUrls.openai}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-emulated-openai" },
      body: JSON.stringify({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "Hi" }] }),
    }).then(
      () => "answered",
      () => "dropped",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.close();
    expect(await hanging).toBe("dropped");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
