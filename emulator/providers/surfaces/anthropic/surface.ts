/** api.anthropic.com under /anthropic: Messages and the model list. */
import { jsonReply } from "../../core/http";
import { modelListRoute, modelRoute, type Surface } from "../../core/surface";
import { anthropicDialect } from "./dialect";
import { messagesEndpoint } from "./messages";

function displayName(id: string): string {
  return id
    .replace(/-\d{8}$/, "")
    .split("-")
    .map((part) => (/^\d+$/.test(part) ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(" ")
    .replace(/(\d) (\d)/g, "$1.$2");
}

export const anthropicSurface: Surface = {
  provider: "anthropic",
  prefix: "/anthropic",
  dialect: anthropicDialect,
  route(method, path) {
    if (method === "POST" && path === "/v1/messages") return modelRoute(messagesEndpoint);
    if (method === "GET" && path === "/v1/models") {
      return modelListRoute(anthropicDialect, (ids) => {
        const data = ids.map((id) => ({ type: "model", id, display_name: displayName(id), created_at: "2025-01-01T00:00:00Z" }));
        return jsonReply(200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
      });
    }
    return undefined;
  },
};
