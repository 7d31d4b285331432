/**
 * The `{ "error": { message, type, param, code } }` body OpenAI answers with, and
 * that Groq, OpenRouter, LM Studio and Ollama's /v1 imitate.
 */
import { jsonReply, type Reply } from "../../core/http";

export interface OpenAIErrorFields {
  message: string;
  type: string;
  param?: string | null;
  code?: string | null;
}

export function openAIError(status: number, fields: OpenAIErrorFields, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { error: { message: fields.message, type: fields.type, param: fields.param ?? null, code: fields.code ?? null } }, headers);
}
