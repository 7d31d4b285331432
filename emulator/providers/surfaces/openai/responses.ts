/** POST /v1/responses: OpenAI's Responses API, which `openai(model)` in the AI SDK calls. */
import { z } from "zod";
import type { ProviderProblem } from "../../core/dialect";
import { jsonReply } from "../../core/http";
import type { ModelCall, OutputRequest, PromptSegment } from "../../core/model-call";
import type { ModelEndpoint } from "../../core/pipeline";
import { STREAMING_NOT_EMULATED } from "../shared/chat-completions-endpoint";
import { jsonSchemaObject, roleOf, schemaSegment, textOfContent } from "../shared/chat-messages";
import { OPENAI_CACHING } from "./caching";
import { openAIDialect } from "./dialect";
import { strictSchemaProblem } from "./strict-schema";

const textFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("json_schema"), name: z.string().optional(), schema: jsonSchemaObject, strict: z.boolean().nullish() }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({ type: z.literal("text") }),
]);

const responsesBodySchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]),
  instructions: z.string().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  text: z.looseObject({ format: textFormatSchema.optional() }).nullish(),
  stream: z.boolean().nullish(),
});
type ResponsesBody = z.infer<typeof responsesBodySchema>;

/** Input items: messages (string or parts), function calls and their outputs; references are skipped. */
function inputSegments(input: ResponsesBody["input"]): PromptSegment[] {
  if (typeof input === "string") return [{ role: "user", text: input }];
  return input.flatMap((item): PromptSegment[] => {
    if (typeof item !== "object" || item === null) return [];
    const record = item as Record<string, unknown>;
    if (typeof record["role"] === "string") return [{ role: roleOf(record["role"]), text: textOfContent(record["content"]) }];
    if (record["type"] === "function_call") return [{ role: "assistant", text: String(record["arguments"] ?? "") }];
    if (record["type"] === "function_call_output") return [{ role: "tool", text: String(record["output"] ?? "") }];
    return [];
  });
}

function outputOf(format: z.infer<typeof textFormatSchema> | undefined): OutputRequest {
  if (format === undefined || format.type === "text") return { type: "text" };
  return format.type === "json_object" ? { type: "json" } : { type: "schema", schema: format.schema };
}

export const responsesEndpoint: ModelEndpoint<ResponsesBody> = {
  dialect: openAIDialect,
  bodySchema: responsesBodySchema,
  modelOf: (body) => body.model,
  toCall(body, model): ModelCall | ProviderProblem {
    if (body.stream === true) return STREAMING_NOT_EMULATED;
    const format = body.text?.format;
    if (format?.type === "json_schema" && format.strict === true) {
      const problem = strictSchemaProblem(format.schema, format.name ?? "response", "text.format.schema");
      if (problem !== undefined) return problem;
    }
    const output = outputOf(format);
    const instructions: PromptSegment[] = body.instructions == null ? [] : [{ role: "system", text: body.instructions }];
    return {
      provider: "openai",
      model,
      segments: [...schemaSegment(output.type === "schema" ? output.schema : undefined), ...instructions, ...inputSegments(body.input)],
      output,
      maxOutputTokens: body.max_output_tokens ?? undefined,
      caching: OPENAI_CACHING,
    };
  },
  format({ body, call, completion, refused, responseId, createdAt }) {
    const incomplete = completion.finish === "length";
    const status = incomplete ? "incomplete" : "completed";
    const content = refused ? [{ type: "refusal", refusal: completion.text }] : [{ type: "output_text", text: completion.text, annotations: [], logprobs: [] }];
    const { usage } = completion;
    return jsonReply(200, {
      id: `resp_${responseId}`,
      object: "response",
      created_at: createdAt,
      status,
      background: false,
      error: null,
      incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model: call.model,
      output: [{ id: `msg_${responseId}`, type: "message", status, content, role: "assistant" }],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      service_tier: "default",
      store: true,
      temperature: body.temperature ?? 1,
      text: { format: body.text?.format ?? { type: "text" }, verbosity: "medium" },
      tool_choice: "auto",
      tools: [],
      top_p: 1,
      truncation: "disabled",
      usage: {
        input_tokens: usage.inputTokens,
        input_tokens_details: { cached_tokens: usage.cacheReadTokens },
        output_tokens: usage.outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.inputTokens + usage.outputTokens,
      },
      user: null,
      metadata: {},
    });
  },
};
