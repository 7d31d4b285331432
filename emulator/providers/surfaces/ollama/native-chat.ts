/**
 * POST /api/chat, Ollama's own API. `format` is "json" or a JSON schema; `stream`
 * defaults to true, answered as newline-delimited JSON (one content chunk, then
 * the final chunk with timings), as Ollama does.
 */
import { z } from "zod";
import type { ProviderProblem } from "../../core/dialect";
import { jsonReply, textReply } from "../../core/http";
import type { ModelCall, OutputRequest } from "../../core/model-call";
import type { ModelEndpoint } from "../../core/pipeline";
import { chatMessageSchema, jsonSchemaObject, schemaSegment, segmentsFromChatMessages } from "../shared/chat-messages";
import { ollamaNativeDialect } from "./dialects";

const nativeChatBodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).default([]),
  format: z.union([z.literal("json"), jsonSchemaObject]).optional(),
  stream: z.boolean().optional(),
  options: z.looseObject({ num_predict: z.number().int().optional() }).optional(),
});
type NativeChatBody = z.infer<typeof nativeChatBodySchema>;

/** Fixed timings (nanoseconds) scaled by tokens: plausible and identical across runs. */
const NANOSECONDS_PER_PROMPT_TOKEN = 400_000;
const NANOSECONDS_PER_OUTPUT_TOKEN = 20_000_000;
const LOAD_NANOSECONDS = 12_000_000;

function outputOf(format: NativeChatBody["format"]): OutputRequest {
  if (format === undefined) return { type: "text" };
  return format === "json" ? { type: "json" } : { type: "schema", schema: format };
}

export const nativeChatEndpoint: ModelEndpoint<NativeChatBody> = {
  dialect: ollamaNativeDialect,
  bodySchema: nativeChatBodySchema,
  modelOf: (body) => body.model,
  toCall(body, model): ModelCall | ProviderProblem {
    const output = outputOf(body.format);
    const limit = body.options?.num_predict;
    return {
      provider: "ollama",
      model,
      segments: [...schemaSegment(output.type === "schema" ? output.schema : undefined), ...segmentsFromChatMessages(body.messages)],
      output,
      maxOutputTokens: limit === undefined || limit < 0 ? undefined : limit,
      caching: { type: "none" },
    };
  },
  format({ body, call, completion, createdAt }) {
    const createdAtText = new Date(createdAt * 1000).toISOString();
    const { usage } = completion;
    const promptDuration = usage.inputTokens * NANOSECONDS_PER_PROMPT_TOKEN;
    const evalDuration = usage.outputTokens * NANOSECONDS_PER_OUTPUT_TOKEN;
    const final = {
      model: call.model,
      created_at: createdAtText,
      message: { role: "assistant", content: completion.text },
      done_reason: completion.finish === "length" ? "length" : "stop",
      done: true,
      total_duration: LOAD_NANOSECONDS + promptDuration + evalDuration,
      load_duration: LOAD_NANOSECONDS,
      prompt_eval_count: usage.inputTokens,
      prompt_eval_duration: promptDuration,
      eval_count: usage.outputTokens,
      eval_duration: evalDuration,
    };
    if (body.stream === false) return jsonReply(200, final);
    const chunk = { model: call.model, created_at: createdAtText, message: { role: "assistant", content: completion.text }, done: false };
    const lines = [chunk, { ...final, message: { role: "assistant", content: "" } }].map((line) => JSON.stringify(line)).join("\n");
    return textReply(200, `${lines}\n`, "application/x-ndjson");
  },
};
