/** generativelanguage.googleapis.com under /gemini: generateContent, countTokens and the model list. */
import { z } from "zod";
import { jsonReply, parseJsonBody, type EmulatorRequest } from "../../core/http";
import { canonicalPrompt } from "../../core/model-call";
import type { EmulatorState } from "../../core/emulator-state";
import { authenticate, isKnownModel, type PipelineResult } from "../../core/pipeline";
import { modelListRoute, modelRoute, type Surface } from "../../core/surface";
import { estimateTokens } from "../../core/tokens";
import { knownModels } from "../../options";
import { geminiDialect } from "./dialect";
import { generateContentEndpoint, geminiSegments, methodFromPath, modelFromPath } from "./generate-content";

function modelResource(id: string): Record<string, unknown> {
  return {
    name: `models/${id}`,
    version: "001",
    displayName: id.replace(/^gemini-/, "Gemini ").replace(/-/g, " "),
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ["generateContent", "countTokens"],
  };
}

const countTokensBodySchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().optional(), parts: z.array(z.looseObject({})).default([]) })).optional(),
  generateContentRequest: z.looseObject({ contents: z.array(z.looseObject({ role: z.string().optional(), parts: z.array(z.looseObject({})).default([]) })).min(1) }).optional(),
});

function countTokens(state: EmulatorState, request: EmulatorRequest): PipelineResult {
  const denied = authenticate(state, geminiDialect, request);
  if (denied !== undefined) return { type: "reply", reply: denied };
  const model = modelFromPath(request.path);
  if (!isKnownModel("gemini", model, knownModels(state.options, "gemini"))) return { type: "reply", reply: geminiDialect.problem({ kind: "model_not_found", model }) };
  const parsed = countTokensBodySchema.safeParse(parseJsonBody(request.bodyText));
  const contents = parsed.success ? (parsed.data.generateContentRequest?.contents ?? parsed.data.contents) : undefined;
  if (contents === undefined || contents.length === 0) return { type: "reply", reply: geminiDialect.problem({ kind: "invalid_request", message: "* CountTokensRequest.contents: contents is not specified" }) };
  const totalTokens = estimateTokens(canonicalPrompt(geminiSegments({ contents })));
  return { type: "reply", reply: jsonReply(200, { totalTokens, promptTokensDetails: [{ modality: "TEXT", tokenCount: totalTokens }] }) };
}

export const geminiSurface: Surface = {
  provider: "gemini",
  prefix: "/gemini",
  dialect: geminiDialect,
  route(method, path) {
    const action = methodFromPath(path);
    if (method === "POST" && action === "generateContent") return modelRoute(generateContentEndpoint);
    if (method === "POST" && action === "countTokens") return countTokens;
    if (method === "POST" && action === "streamGenerateContent") {
      return () => ({ type: "reply", reply: geminiDialect.problem({ kind: "invalid_request", message: "The provider emulator does not emulate streaming; call generateContent." }) });
    }
    if (method === "GET" && /^\/v1(beta)?\/models(\/[^/]+)?$/.test(path)) {
      return modelListRoute(geminiDialect, (models) => {
        const id = /\/models\/([^/]+)$/.exec(path)?.[1];
        if (id === undefined) return jsonReply(200, { models: models.map(modelResource) });
        const model = decodeURIComponent(id);
        return models.includes(model) ? jsonReply(200, modelResource(model)) : geminiDialect.problem({ kind: "model_not_found", model });
      });
    }
    return undefined;
  },
};
