/**
 * POST /v1beta/models/{model}:generateContent. The AI SDK (4.x) sends the output
 * schema as `generationConfig.responseJsonSchema`, full JSON Schema with its limits;
 * the older `responseSchema` (Gemini's OpenAPI subset, no length or item limits)
 * is read too, as other clients still send it.
 */
import { z } from "zod";
import type { ProviderProblem } from "../../core/dialect";
import { jsonReply, type EmulatorRequest } from "../../core/http";
import type { CachingMode, ModelCall, OutputRequest, PromptSegment } from "../../core/model-call";
import type { ModelEndpoint } from "../../core/pipeline";
import { jsonSchemaObject, schemaSegment, textOfContent } from "../shared/chat-messages";
import { geminiDialect } from "./dialect";

const partsSchema = z.array(z.looseObject({})).default([]);
const contentSchema = z.looseObject({ role: z.string().optional(), parts: partsSchema });

/** REST accepts camelCase and snake_case field names alike. */
const generationConfigSchema = z.looseObject({
  responseMimeType: z.string().optional(),
  response_mime_type: z.string().optional(),
  responseSchema: jsonSchemaObject.optional(),
  response_schema: jsonSchemaObject.optional(),
  responseJsonSchema: jsonSchemaObject.optional(),
  response_json_schema: jsonSchemaObject.optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  max_output_tokens: z.number().int().positive().optional(),
});

const generateContentBodySchema = z.looseObject({
  contents: z.array(contentSchema).min(1),
  systemInstruction: contentSchema.optional(),
  system_instruction: contentSchema.optional(),
  generationConfig: generationConfigSchema.optional(),
  generation_config: generationConfigSchema.optional(),
});
type GenerateContentBody = z.infer<typeof generateContentBodySchema>;

/** Matched anywhere in the path: the router passes it with or without the /gemini prefix. */
const MODEL_PATH = /\/v1(?:beta)?\/models\/([^/:]+):([A-Za-z]+)$/;

export function modelFromPath(path: string): string {
  return decodeURIComponent(MODEL_PATH.exec(path)?.[1] ?? "");
}

export function methodFromPath(path: string): string | undefined {
  return MODEL_PATH.exec(path)?.[2];
}

function partsText(parts: readonly Record<string, unknown>[]): string {
  return textOfContent(parts.map((part) => (typeof part["text"] === "string" ? { text: part["text"] } : part["functionCall"] !== undefined ? { text: JSON.stringify(part["functionCall"]) } : {})));
}

function outputOf(body: GenerateContentBody): OutputRequest {
  const config = body.generationConfig ?? body.generation_config;
  const schema = config?.responseJsonSchema ?? config?.response_json_schema ?? config?.responseSchema ?? config?.response_schema;
  const mimeType = config?.responseMimeType ?? config?.response_mime_type;
  if (schema !== undefined) return { type: "schema", schema };
  return mimeType === "application/json" ? { type: "json" } : { type: "text" };
}

/** Implicit caching starts at 1,024 prompt tokens on Flash models and 2,048 on Pro. */
function cachingFor(model: string): CachingMode {
  return { type: "automatic", minimumTokens: model.includes("pro") ? 2048 : 1024, granularityTokens: 1, ttlMs: 5 * 60_000 };
}

export function geminiSegments(body: GenerateContentBody): PromptSegment[] {
  const output = outputOf(body);
  const system = body.systemInstruction ?? body.system_instruction;
  return [
    ...schemaSegment(output.type === "schema" ? output.schema : undefined),
    ...(system === undefined ? [] : [{ role: "system", text: partsText(system.parts) }]),
    ...body.contents.map((content) => ({ role: content.role === "model" ? "assistant" : "user", text: partsText(content.parts) })),
  ];
}

export const generateContentEndpoint: ModelEndpoint<GenerateContentBody> = {
  dialect: geminiDialect,
  bodySchema: generateContentBodySchema,
  modelOf: (_body, request: EmulatorRequest) => modelFromPath(request.path),
  toCall(body, model): ModelCall | ProviderProblem {
    const config = body.generationConfig ?? body.generation_config;
    return {
      provider: "gemini",
      model,
      segments: geminiSegments(body),
      output: outputOf(body),
      maxOutputTokens: config?.maxOutputTokens ?? config?.max_output_tokens,
      caching: cachingFor(model),
    };
  },
  format({ call, completion, refused, responseId }) {
    const { usage } = completion;
    const candidate = refused
      ? {
          finishReason: "SAFETY",
          index: 0,
          safetyRatings: [
            { category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true },
            { category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" },
          ],
        }
      : { content: { parts: [{ text: completion.text }], role: "model" }, finishReason: completion.finish === "length" ? "MAX_TOKENS" : "STOP", index: 0 };
    return jsonReply(200, {
      candidates: [candidate],
      usageMetadata: {
        promptTokenCount: usage.inputTokens,
        candidatesTokenCount: refused ? 0 : usage.outputTokens,
        totalTokenCount: usage.inputTokens + (refused ? 0 : usage.outputTokens),
        ...(usage.cacheReadTokens > 0 && { cachedContentTokenCount: usage.cacheReadTokens }),
        promptTokensDetails: [{ modality: "TEXT", tokenCount: usage.inputTokens }],
        ...(usage.cacheReadTokens > 0 && { cacheTokensDetails: [{ modality: "TEXT", tokenCount: usage.cacheReadTokens }] }),
      },
      modelVersion: call.model,
      responseId: responseId.slice(0, 22),
    });
  },
};
