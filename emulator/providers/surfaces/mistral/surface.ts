/** api.mistral.ai under /mistral: Chat Completions and the model list. */
import { jsonReply } from "../../core/http";
import { modelListRoute, modelRoute, type Surface } from "../../core/surface";
import { createChatCompletionsEndpoint } from "../shared/chat-completions-endpoint";
import { mistralDialect } from "./dialect";

const chatCompletionsEndpoint = createChatCompletionsEndpoint({
  dialect: mistralDialect,
  style: { systemFingerprint: null, refusalField: false, usageDetails: false },
  caching: { type: "none" },
});

export const mistralSurface: Surface = {
  provider: "mistral",
  prefix: "/mistral",
  dialect: mistralDialect,
  route(method, path) {
    if (method === "POST" && path === "/v1/chat/completions") return modelRoute(chatCompletionsEndpoint);
    if (method === "GET" && path === "/v1/models") {
      return modelListRoute(mistralDialect, (ids) => {
        const capabilities = { completion_chat: true, function_calling: true, vision: false };
        return jsonReply(200, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 1_735_689_600, owned_by: "mistralai", capabilities })) });
      });
    }
    return undefined;
  },
};
