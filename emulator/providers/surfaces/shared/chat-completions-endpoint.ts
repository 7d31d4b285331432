/**
 * POST …/chat/completions for every surface that speaks the OpenAI chat shape:
 * OpenAI itself, Mistral, Ollama's /v1 and the generic OpenAI-compatible surface.
 * They differ only in dialect (errors, headers), caching and response details.
 */
import { z } from "zod";
import type { ProviderDialect, ProviderProblem } from "../../core/dialect";
import { jsonReply } from "../../core/http";
import type { CachingMode, ModelCall } from "../../core/model-call";
import type { ModelEndpoint } from "../../core/pipeline";
import { chatCompletionBody, type ChatCompletionStyle } from "./chat-completion";
import { chatMessageSchema, outputFromResponseFormat, responseFormatSchema, schemaSegment, segmentsFromChatMessages } from "./chat-messages";

const chatCompletionsBodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  response_format: responseFormatSchema.nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
});
export type ChatCompletionsBody = z.infer<typeof chatCompletionsBodySchema>;

export interface ChatCompletionsConfig {
  dialect: ProviderDialect;
  style: ChatCompletionStyle;
  caching: CachingMode;
  /** OpenAI rejects some strict schemas before generating; others accept any schema. */
  checkStrictSchema?: (schema: Record<string, unknown>, formatName: string, param: string) => ProviderProblem | undefined;
}

export const STREAMING_NOT_EMULATED: ProviderProblem = {
  kind: "invalid_request",
  message: "The provider emulator does not emulate streaming; send stream: false.",
  param: "stream",
};

export function createChatCompletionsEndpoint(config: ChatCompletionsConfig): ModelEndpoint<ChatCompletionsBody> {
  return {
    dialect: config.dialect,
    bodySchema: chatCompletionsBodySchema,
    modelOf: (body) => body.model,
    toCall(body, model): ModelCall | ProviderProblem {
      if (body.stream === true) return STREAMING_NOT_EMULATED;
      const format = body.response_format ?? undefined;
      if (config.checkStrictSchema !== undefined && format?.type === "json_schema" && format.json_schema.strict === true && format.json_schema.schema !== undefined) {
        const problem = config.checkStrictSchema(format.json_schema.schema, format.json_schema.name ?? "response", "response_format");
        if (problem !== undefined) return problem;
      }
      const output = outputFromResponseFormat(format);
      return {
        provider: config.dialect.provider,
        model,
        segments: [...schemaSegment(output.type === "schema" ? output.schema : undefined), ...segmentsFromChatMessages(body.messages)],
        output,
        maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
        caching: config.caching,
      };
    },
    format: (outcome) => jsonReply(200, chatCompletionBody(outcome, outcome.call.model, config.style)),
  };
}
