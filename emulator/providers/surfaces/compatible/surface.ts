/** A generic OpenAI-compatible server under /compatible: Chat Completions and the model list. */
import { jsonReply } from "../../core/http";
import { modelListRoute, modelRoute, type Surface } from "../../core/surface";
import { createChatCompletionsEndpoint } from "../shared/chat-completions-endpoint";
import { compatibleDialect } from "./dialect";

const chatCompletionsEndpoint = createChatCompletionsEndpoint({
  dialect: compatibleDialect,
  style: { systemFingerprint: "fp_emulated", refusalField: false, usageDetails: true },
  // vLLM's automatic prefix caching reports prompt_tokens_details.cached_tokens the way OpenAI does.
  caching: { type: "automatic", minimumTokens: 1024, granularityTokens: 16, ttlMs: 10 * 60_000 },
});

export const compatibleSurface: Surface = {
  provider: "compatible",
  prefix: "/compatible",
  dialect: compatibleDialect,
  route(method, path) {
    if (method === "POST" && path === "/v1/chat/completions") return modelRoute(chatCompletionsEndpoint);
    if (method === "GET" && path === "/v1/models") {
      return modelListRoute(compatibleDialect, (ids) => {
        const owner = (id: string) => (id.includes("/") ? (id.split("/")[0] ?? "system") : "system");
        return jsonReply(200, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 1_735_689_600, owned_by: owner(id) })) });
      });
    }
    return undefined;
  },
};
