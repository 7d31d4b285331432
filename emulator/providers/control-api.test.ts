/**
 * The emulator as a server: its /__emulator control endpoints, unknown paths,
 * option validation, latency, and what it refuses to pretend (streaming).
 */
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { surfaceModel } from "./testing/sdk-clients";
import { startProviderEmulator } from "./server";
import { emulatorPerTestFile } from "./testing/emulator-per-test-file";

const emulator = emulatorPerTestFile();

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: response.status, body: await response.json() };
}

describe("/__emulator control endpoints", () => {
  it("reports health", async () => {
    expect(await control("GET", "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("injects a fault a person can see fail the next request", async () => {
    const injected = await control("POST", "/faults", { provider: "gemini", kind: "server_error" });
    expect(injected).toEqual({ status: 201, body: { pending: [{ provider: "gemini", kind: "server_error", times: 1, retryAfterSeconds: 1 }] } });
    const error = await generateText({ model: surfaceModel(emulator, "gemini"), prompt: "Teapot", maxRetries: 0 }).catch((caught: unknown) => caught);
    expect((error as { statusCode?: number }).statusCode).toBe(500);
    expect(await control("GET", "/faults")).toEqual({ status: 200, body: { pending: [] } });
  });

  it("rejects a fault it does not know, naming the problem", async () => {
    const rejected = await control("POST", "/faults", { provider: "openai", kind: "meltdown" });
    expect(rejected.status).toBe(400);
    expect(JSON.stringify(rejected.body)).toContain("kind");
    expect(emulator.faults.pending()).toEqual([]);
  });

  it("counts requests per provider, clears faults and resets", async () => {
    await generateText({ model: surfaceModel(emulator, "mistral"), prompt: "Teapot", maxRetries: 0 });
    await generateText({ model: surfaceModel(emulator, "mistral"), prompt: "Kettle", maxRetries: 0 });
    await generateText({ model: surfaceModel(emulator, "compatible"), prompt: "Kettle", maxRetries: 0 });
    const counted = await control("GET", "/requests");
    expect(counted).toMatchObject({ status: 200, body: { counts: { openai: 0, anthropic: 0, gemini: 0, mistral: 2, ollama: 0, compatible: 1 }, total: 3 } });
    // the tokens each answered request was charged against the rate limits, per provider
    const usage = (counted.body as { usage: Record<string, { inputTokens: number; outputTokens: number; answered: number }> }).usage;
    expect(Object.keys(usage).sort()).toEqual(["compatible", "mistral"]);
    expect(usage.mistral!.answered).toBe(2);
    expect(usage.mistral!.inputTokens).toBeGreaterThan(0);
    expect(usage.mistral!.outputTokens).toBeGreaterThan(0);

    await control("POST", "/faults", { kind: "overloaded", times: 5 });
    expect(await control("DELETE", "/faults")).toEqual({ status: 200, body: { pending: [] } });

    const requests = emulator.requests;
    expect(await control("POST", "/reset")).toEqual({ status: 200, body: { status: "reset" } });
    // The same array, emptied: tests holding a reference see the reset.
    expect(requests).toBe(emulator.requests);
    expect(requests).toHaveLength(0);
    expect((await control("GET", "/requests")).body).toMatchObject({ total: 0, usage: {} });
  });

  it("answers 404 for an unknown control endpoint, listing the real ones", async () => {
    const missing = await control("GET", "/nope");
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain("POST /reset");
  });
});

describe("paths and options", () => {
  it("answers unknown paths under a provider the way that provider does", async () => {
    const openai = await fetch(`${emulator.baseUrls.openai}/embeddings`, { method: "POST", headers: { authorization: "Bearer sk-emulated-openai" }, body: "{}" });
    expect(openai.status).toBe(404);
    expect(await openai.json()).toMatchObject({ error: { message: "Invalid URL (POST /v1/embeddings)" } });
    const ollama = await fetch(`${emulator.baseUrls.ollama}/api/embed`, { method: "POST", body: "{}" });
    expect(ollama.status).toBe(404);
    expect(await ollama.text()).toBe("404 page not found");
    const nowhere = await fetch(`${emulator.url}/cohere/v1/chat`);
    expect(nowhere.status).toBe(404);
  });

  it("says plainly that streaming is not emulated", async () => {
    const response = await fetch(`${emulator.baseUrls.openai}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-emulated-openai" },
      body: JSON.stringify({ model: "gpt-4.1-mini", stream: true, messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "stream", message: expect.stringContaining("does not emulate streaming") } });
  });

  it("answers a malformed body with the provider's 400", async () => {
    const response = await fetch(`${emulator.baseUrls.openai}/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-emulated-openai" }, body: "{not json" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("rejects a misspelt option instead of ignoring it", async () => {
    await expect(startProviderEmulator({ latency: 100 } as never)).rejects.toThrow(/latency/);
  });

  it("waits latencyMs before answering, and close() does not wait for it", async () => {
    const slow = await startProviderEmulator({ latencyMs: 250 });
    const started = Date.now();
    await generateText({ model: surfaceModel(slow, "ollama-v1"), prompt: "Teapot", maxRetries: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const pending = generateText({ model: surfaceModel(slow, "ollama-v1"), prompt: "Teapot", maxRetries: 0 }).catch(() => "ended");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = Date.now();
    await slow.close();
    expect(Date.now() - closing).toBeLessThan(200);
    await pending;
  });
});

describe("Ollama's native API", () => {
  const chat = (body: Record<string, unknown>) => fetch(`${emulator.baseUrls.ollama}/api/chat`, { method: "POST", body: JSON.stringify(body) });
  const schema = { type: "object", properties: { title: { type: "string" }, bullets: { type: "array", items: { type: "string" }, maxItems: 2 } }, required: ["title", "bullets"] };
  const messages = [{ role: "user", content: '<product_data>{"title":"Cast Iron Skillet","vendor":"Forge","options":[{"name":"Size","values":["10 in","12 in"]}]}</product_data>' }];

  it("answers format: <schema> with conforming JSON in message.content when stream is false", async () => {
    const response = await chat({ model: "qwen2.5:7b", messages, format: schema, stream: false });
    const body = (await response.json()) as { message: { content: string }; done: boolean; done_reason: string; prompt_eval_count: number; eval_count: number };
    expect(body).toMatchObject({ done: true, done_reason: "stop" });
    expect(JSON.parse(body.message.content)).toEqual({ title: "Cast Iron Skillet", bullets: ["Size: 10 in, 12 in", "Brand: Forge"] });
    expect(body.prompt_eval_count).toBeGreaterThan(10);
    expect(body.eval_count).toBeGreaterThan(5);
  });

  it("streams newline-delimited JSON by default, as Ollama does", async () => {
    const response = await chat({ model: "llama3.2", messages, format: "json" });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { done: boolean; message: { content: string } });
    expect(lines.map((line) => line.done)).toEqual([false, true]);
    expect(JSON.parse(lines[0]?.message.content ?? "")).toMatchObject({ title: "Cast Iron Skillet" });
  });

  it("answers an unknown model with Ollama's pull hint", async () => {
    const response = await chat({ model: "llama9", messages, stream: false });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'model "llama9" not found, try pulling it first' });
  });
});
