/**
 * POST /v1/messages. Structured output arrives two ways from the AI SDK: models with
 * native support get `output_config.format` (a JSON schema, answered as a text block);
 * older ones get a forced tool named "json" (answered as a tool_use block).
 */
import { z } from "zod";
import type { ProviderProblem } from "../../core/dialect";
import { jsonReply } from "../../core/http";
import type { CachingMode, ModelCall, OutputRequest, PromptSegment } from "../../core/model-call";
import type { ModelEndpoint } from "../../core/pipeline";
import { FIVE_MINUTES_MS, ONE_HOUR_MS } from "../../core/prompt-cache";
import { STREAMING_NOT_EMULATED } from "../shared/chat-completions-endpoint";
import { jsonSchemaObject } from "../shared/chat-messages";
import { anthropicDialect } from "./dialect";

const cacheControlSchema = z.looseObject({ type: z.literal("ephemeral"), ttl: z.enum(["5m", "1h"]).optional() });
const blockSchema = z.looseObject({ type: z.string(), cache_control: cacheControlSchema.nullish() });
const jsonSchemaFormat = z.looseObject({ type: z.literal("json_schema"), schema: jsonSchemaObject });

const messagesBodySchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.looseObject({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(blockSchema)]) })).min(1),
  system: z.union([z.string(), z.array(blockSchema)]).optional(),
  tools: z.array(z.looseObject({ name: z.string(), input_schema: jsonSchemaObject.optional(), cache_control: cacheControlSchema.nullish() })).optional(),
  tool_choice: z.looseObject({ type: z.string(), name: z.string().optional() }).optional(),
  output_config: z.looseObject({ format: jsonSchemaFormat.optional() }).optional(),
  /** The beta field (structured-outputs-2025-11-13) that output_config.format replaced. */
  output_format: jsonSchemaFormat.optional(),
  /** Automatic caching: one breakpoint on the last block. */
  cache_control: cacheControlSchema.optional(),
  stream: z.boolean().optional(),
});
type MessagesBody = z.infer<typeof messagesBodySchema>;
type Block = z.infer<typeof blockSchema>;

function ttlOf(cacheControl: { ttl?: "5m" | "1h" | undefined } | null | undefined): { ttlMs: number } | undefined {
  if (cacheControl == null) return undefined;
  return { ttlMs: cacheControl.ttl === "1h" ? ONE_HOUR_MS : FIVE_MINUTES_MS };
}

function blockText(block: Block): string {
  const record = block as Record<string, unknown>;
  if (typeof record["text"] === "string") return record["text"];
  if (block.type === "tool_use") return JSON.stringify(record["input"] ?? {});
  if (block.type === "tool_result") {
    const content = record["content"];
    if (typeof content === "string") return content;
    if (Array.isArray(content)) return content.map((part: unknown) => (typeof part === "object" && part !== null && typeof (part as Record<string, unknown>)["text"] === "string" ? String((part as Record<string, unknown>)["text"]) : "")).join("\n");
  }
  return `[${block.type}]`;
}

function segment(role: string, text: string, cacheControl: Block["cache_control"]): PromptSegment {
  const breakpoint = ttlOf(cacheControl);
  return breakpoint === undefined ? { role, text } : { role, text, cacheBreakpoint: breakpoint };
}

/** Anthropic's minimum cacheable prompt differs by model; shorter prefixes are silently not cached. */
function minimumCacheableTokens(model: string): number {
  if (/haiku-4-5|opus-4-5/.test(model)) return 4096;
  return model.includes("haiku") ? 2048 : 1024;
}

/** The schema the reply must follow, and whether it goes in a tool_use block. */
export function structuredOutput(body: MessagesBody): { output: OutputRequest; toolName: string | undefined } {
  const format = body.output_config?.format ?? body.output_format;
  if (format !== undefined) return { output: { type: "schema", schema: format.schema }, toolName: undefined };
  const choice = body.tool_choice;
  const forced = choice?.type === "tool" ? body.tools?.find((tool) => tool.name === choice.name) : choice?.type === "any" ? body.tools?.[0] : undefined;
  if (forced !== undefined) return { output: { type: "schema", schema: forced.input_schema ?? { type: "object" } }, toolName: forced.name };
  return { output: { type: "text" }, toolName: undefined };
}

export const messagesEndpoint: ModelEndpoint<MessagesBody> = {
  dialect: anthropicDialect,
  bodySchema: messagesBodySchema,
  modelOf: (body) => body.model,
  toCall(body, model, request): ModelCall | ProviderProblem {
    if (request.headers["anthropic-version"] === undefined) return { kind: "invalid_request", message: "anthropic-version: header is required" };
    if (body.stream === true) return STREAMING_NOT_EMULATED;
    const { output } = structuredOutput(body);
    const segments: PromptSegment[] = [];
    for (const tool of body.tools ?? []) {
      const { cache_control: cacheControl, ...definition } = tool;
      segments.push(segment("schema", JSON.stringify(definition), cacheControl));
    }
    if (output.type === "schema" && body.tool_choice === undefined) segments.push({ role: "schema", text: JSON.stringify(output.schema) });
    if (typeof body.system === "string") segments.push({ role: "system", text: body.system });
    else for (const block of body.system ?? []) segments.push(segment("system", blockText(block), block.cache_control));
    for (const message of body.messages) {
      if (typeof message.content === "string") segments.push({ role: message.role, text: message.content });
      else for (const block of message.content) segments.push(segment(message.role, blockText(block), block.cache_control));
    }
    const last = segments[segments.length - 1];
    const automatic = ttlOf(body.cache_control);
    if (last !== undefined && automatic !== undefined && last.cacheBreakpoint === undefined) last.cacheBreakpoint = automatic;
    const caching: CachingMode = { type: "explicit", minimumTokens: minimumCacheableTokens(model) };
    return { provider: "anthropic", model, segments, output, maxOutputTokens: body.max_tokens, caching };
  },
  format({ body, call, completion, refused, responseId }) {
    const { toolName } = structuredOutput(body);
    let content: unknown[] = [{ type: "text", text: completion.text }];
    let stopReason = completion.finish === "length" ? "max_tokens" : "end_turn";
    if (refused) stopReason = "refusal";
    else if (toolName !== undefined && completion.finish === "stop") {
      try {
        content = [{ type: "tool_use", id: `toolu_01${responseId.slice(0, 22)}`, name: toolName, input: JSON.parse(completion.text) as unknown }];
        stopReason = "tool_use";
      } catch {
        // A malformed reply cannot be tool input; the model is then seen answering in text.
      }
    }
    const { usage } = completion;
    return jsonReply(200, {
      id: `msg_01${responseId.slice(0, 22)}`,
      type: "message",
      role: "assistant",
      model: call.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      ...(refused && { stop_details: { type: "refusal", category: null, explanation: null } }),
      usage: {
        input_tokens: usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens,
        cache_creation_input_tokens: usage.cacheWriteTokens,
        cache_read_input_tokens: usage.cacheReadTokens,
        cache_creation: { ephemeral_5m_input_tokens: usage.cacheWriteTokens - usage.cacheWrite1hTokens, ephemeral_1h_input_tokens: usage.cacheWrite1hTokens },
        output_tokens: usage.outputTokens,
        service_tier: "standard",
      },
    });
  },
};
