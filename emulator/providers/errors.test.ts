/**
 * Keys and models: each provider's real status and body for a wrong or missing key
 * and an unknown model, as the AI SDK surfaces them (APICallError, not retryable).
 */
import { APICallError, generateText, Output } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { productPrompt, SURFACE_PROVIDER, surfaceModel, surfaceNames, type SurfaceName } from "./testing/sdk-clients";
import { emulatorPerTestFile } from "./testing/emulator-per-test-file";

const schema = z.object({ descriptionHtml: z.string() });

// Ollama accepts any key unless something in front of it checks one: configure one so a wrong key is possible.
const emulator = emulatorPerTestFile({ keys: { ollama: ["proxy-secret"] } });

async function callError(surface: SurfaceName, overrides: { model?: string; apiKey?: string }): Promise<APICallError> {
  const model = surfaceModel(emulator, surface, { apiKey: surface === "ollama-v1" ? "proxy-secret" : undefined, ...overrides });
  try {
    await generateText({ model, output: Output.object({ schema }), prompt: productPrompt({ title: "Kettle" }), maxRetries: 3 });
  } catch (error) {
    if (APICallError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`${surface} answered although it should have failed`);
}

/** Real statuses: Gemini answers a bad key with 400 API_KEY_INVALID; Mistral an unknown model with 400 invalid_model. */
const WRONG_KEY: Record<SurfaceName, { status: number; body: RegExp }> = {
  "openai-responses": { status: 401, body: /"code":"invalid_api_key"/ },
  "openai-chat": { status: 401, body: /"code":"invalid_api_key"/ },
  anthropic: { status: 401, body: /"type":"authentication_error","message":"invalid x-api-key"/ },
  "anthropic-json-tool": { status: 401, body: /"type":"authentication_error"/ },
  gemini: { status: 400, body: /"reason":"API_KEY_INVALID"/ },
  mistral: { status: 401, body: /"message":"Unauthorized"/ },
  "ollama-v1": { status: 401, body: /"message":"unauthorized"/ },
  compatible: { status: 401, body: /"message":"Invalid API Key"/ },
};

const UNKNOWN_MODEL: Record<SurfaceName, { status: number; body: RegExp }> = {
  "openai-responses": { status: 404, body: /"code":"model_not_found"/ },
  "openai-chat": { status: 404, body: /does not exist or you do not have access to it/ },
  anthropic: { status: 404, body: /"type":"not_found_error","message":"model: claude-imaginary-9"/ },
  "anthropic-json-tool": { status: 404, body: /"type":"not_found_error"/ },
  gemini: { status: 404, body: /models\/gemini-imaginary-9 is not found for API version v1beta/ },
  mistral: { status: 400, body: /"type":"invalid_model","param":null,"code":"1500"/ },
  "ollama-v1": { status: 404, body: /model \\"llama-imaginary-9\\" not found, try pulling it first/ },
  compatible: { status: 404, body: /"code":"model_not_found"/ },
};

const IMAGINARY_MODEL: Record<string, string> = { openai: "gpt-imaginary-9", anthropic: "claude-imaginary-9", gemini: "gemini-imaginary-9", mistral: "mistral-imaginary-9", ollama: "llama-imaginary-9", compatible: "imaginary-9" };

describe.each(surfaceNames)("%s", (surface) => {
  it("rejects a wrong key with the provider's error, and the SDK does not retry it", async () => {
    const error = await callError(surface, { apiKey: "wrong-key-123" });
    expect(error.statusCode).toBe(WRONG_KEY[surface].status);
    expect(error.responseBody).toMatch(WRONG_KEY[surface].body);
    expect(error.isRetryable).toBe(false);
    expect(emulator.requests).toHaveLength(1);
  });

  it("rejects an unknown model with the provider's not-found error", async () => {
    const error = await callError(surface, { model: IMAGINARY_MODEL[SURFACE_PROVIDER[surface]] });
    expect(error.statusCode).toBe(UNKNOWN_MODEL[surface].status);
    expect(error.responseBody).toMatch(UNKNOWN_MODEL[surface].body);
    expect(error.isRetryable).toBe(false);
  });
});

describe("requests without a key, over plain HTTP", () => {
  const body = (model: string) => JSON.stringify({ model, max_tokens: 50, messages: [{ role: "user", content: "Hi" }] });

  it("answers each provider's missing-key error", async () => {
    const openai = await fetch(`${emulator.baseUrls.openai}/chat/completions`, { method: "POST", body: body("gpt-4.1-mini") });
    expect(openai.status).toBe(401);
    expect(await openai.text()).toContain("You didn't provide an API key");

    const anthropic = await fetch(`${emulator.baseUrls.anthropic}/messages`, { method: "POST", headers: { "anthropic-version": "2023-06-01" }, body: body("claude-sonnet-4-6") });
    expect(anthropic.status).toBe(401);
    expect(await anthropic.json()).toMatchObject({ type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } });

    const gemini = await fetch(`${emulator.baseUrls.gemini}/models/gemini-2.5-flash:generateContent`, { method: "POST", body: JSON.stringify({ contents: [{ parts: [{ text: "Hi" }] }] }) });
    expect(gemini.status).toBe(403);
    expect(await gemini.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });

    const mistral = await fetch(`${emulator.baseUrls.mistral}/chat/completions`, { method: "POST", body: body("mistral-small-latest") });
    expect(mistral.status).toBe(401);
    expect(await mistral.json()).toMatchObject({ message: "No API key found in request" });
  });

  it("requires anthropic-version on Anthropic", async () => {
    const response = await fetch(`${emulator.baseUrls.anthropic}/messages`, { method: "POST", headers: { "x-api-key": "sk-ant-emulated" }, body: body("claude-sonnet-4-6") });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", message: "anthropic-version: header is required" } });
  });

  it("accepts Gemini's key as a query parameter and masks it in the record", async () => {
    const response = await fetch(`${emulator.baseUrls.gemini}/models/gemini-2.5-flash:generateContent?key=gemini-emulated-key`, {
      method: "POST",
      body: JSON.stringify({ contents: [{ parts: [{ text: "A walnut cutting board" }] }] }),
    });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(reply.candidates[0]?.content.parts[0]?.text).toContain("A walnut cutting board");
    expect(emulator.requests[0]?.path).toBe("/gemini/v1beta/models/gemini-2.5-flash:generateContent?key=%5Bmasked%5D");
  });

  it("masks credentials in recorded headers", async () => {
    await fetch(`${emulator.baseUrls.openai}/models`, { headers: { authorization: "Bearer sk-emulated-openai" } });
    await fetch(`${emulator.baseUrls.anthropic}/models`, { headers: { "x-api-key": "sk-ant-emulated" } });
    expect(emulator.requests.map((request) => [request.headers["authorization"] ?? request.headers["x-api-key"], request.status])).toEqual([
      ["Bearer [masked]", 200],
      ["[masked]", 200],
    ]);
  });

  it("lists models in each provider's shape", async () => {
    const openai = (await (await fetch(`${emulator.baseUrls.openai}/models`, { headers: { authorization: "Bearer sk-emulated-openai" } })).json()) as { object: string; data: { id: string }[] };
    expect(openai.object).toBe("list");
    expect(openai.data.map((model) => model.id)).toContain("gpt-5.4-mini");
    const gemini = (await (await fetch(`${emulator.baseUrls.gemini}/models`, { headers: { "x-goog-api-key": "gemini-emulated-key" } })).json()) as { models: { name: string }[] };
    expect(gemini.models.map((model) => model.name)).toContain("models/gemini-2.5-flash");
    const tags = (await (await fetch(`${emulator.baseUrls.ollama}/api/tags`, { headers: { authorization: "Bearer proxy-secret" } })).json()) as { models: { name: string; details: { format: string } }[] };
    expect(tags.models[0]).toMatchObject({ name: "llama3.2:latest", details: { format: "gguf" } });
  });
});
