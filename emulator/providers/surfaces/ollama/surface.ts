/** An Ollama server under /ollama: native /api/chat and /api/tags, and the OpenAI-compatible /v1. */
import { createHash } from "node:crypto";
import { jsonReply, textReply } from "../../core/http";
import { modelListRoute, modelRoute, type Surface } from "../../core/surface";
import { createChatCompletionsEndpoint } from "../shared/chat-completions-endpoint";
import { ollamaNativeDialect, ollamaOpenAIDialect } from "./dialects";
import { nativeChatEndpoint } from "./native-chat";

const openAICompatibleEndpoint = createChatCompletionsEndpoint({
  dialect: ollamaOpenAIDialect,
  style: { systemFingerprint: "fp_ollama", refusalField: false, usageDetails: false },
  caching: { type: "none" },
});

function tag(name: string): Record<string, unknown> {
  const family = /^[a-z]+/.exec(name)?.[0] ?? "llama";
  const size = /(\d+(?:\.\d+)?)b/i.exec(name)?.[1] ?? "3";
  return {
    name,
    model: name,
    modified_at: "2026-01-01T00:00:00Z",
    size: Math.round(Number(size) * 620_000_000),
    digest: createHash("sha256").update(name).digest("hex"),
    details: { parent_model: "", format: "gguf", family, families: [family], parameter_size: `${size}B`, quantization_level: "Q4_K_M" },
  };
}

export const ollamaSurface: Surface = {
  provider: "ollama",
  prefix: "/ollama",
  dialect: ollamaNativeDialect,
  route(method, path) {
    if (method === "POST" && path === "/api/chat") return modelRoute(nativeChatEndpoint);
    if (method === "POST" && path === "/v1/chat/completions") return modelRoute(openAICompatibleEndpoint);
    if (method === "GET" && (path === "/" || path === "")) return () => ({ type: "reply", reply: textReply(200, "Ollama is running", "text/plain; charset=utf-8") });
    if (method === "GET" && path === "/api/version") return () => ({ type: "reply", reply: jsonReply(200, { version: "0.13.0" }) });
    if (method === "GET" && path === "/api/tags") return modelListRoute(ollamaNativeDialect, (ids) => jsonReply(200, { models: ids.map(tag) }));
    if (method === "GET" && path === "/v1/models") {
      return modelListRoute(ollamaOpenAIDialect, (ids) => jsonReply(200, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 1_767_225_600, owned_by: "library" })) }));
    }
    return undefined;
  },
};
