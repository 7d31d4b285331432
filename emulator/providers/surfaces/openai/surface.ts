/** api.openai.com under /openai: Responses, Chat Completions and the model list. */
import { jsonReply } from "../../core/http";
import { modelListRoute, modelRoute, type Surface } from "../../core/surface";
import { createChatCompletionsEndpoint } from "../shared/chat-completions-endpoint";
import { OPENAI_CACHING } from "./caching";
import { openAIDialect } from "./dialect";
import { responsesEndpoint } from "./responses";
import { strictSchemaProblem } from "./strict-schema";

const chatCompletionsEndpoint = createChatCompletionsEndpoint({
  dialect: openAIDialect,
  style: { systemFingerprint: "fp_emulated", refusalField: true, usageDetails: true },
  caching: OPENAI_CACHING,
  checkStrictSchema: strictSchemaProblem,
});

/** A fixed creation time: model lists are compared in snapshots. */
const MODEL_CREATED_AT = 1_735_689_600;

export const openAISurface: Surface = {
  provider: "openai",
  prefix: "/openai",
  dialect: openAIDialect,
  route(method, path) {
    if (method === "POST" && path === "/v1/responses") return modelRoute(responsesEndpoint);
    if (method === "POST" && path === "/v1/chat/completions") return modelRoute(chatCompletionsEndpoint);
    if (method === "GET" && path.startsWith("/v1/models")) {
      return modelListRoute(openAIDialect, (ids) => {
        const models = ids.map((id) => ({ id, object: "model", created: MODEL_CREATED_AT, owned_by: "system" }));
        if (path === "/v1/models") return jsonReply(200, { object: "list", data: models });
        const id = decodeURIComponent(path.slice("/v1/models/".length));
        const model = models.find((candidate) => candidate.id === id);
        return model === undefined ? openAIDialect.problem({ kind: "model_not_found", model: id }) : jsonReply(200, model);
      });
    }
    return undefined;
  },
};
