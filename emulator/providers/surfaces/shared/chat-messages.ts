/**
 * Reading prompts in the OpenAI chat shape, which Mistral, Ollama and every
 * OpenAI-compatible server share: messages whose content is a string or a list of
 * parts, and a response_format naming the output.
 */
import { z } from "zod";
import type { JsonSchema } from "../../content/json-schema";
import type { OutputRequest, PromptSegment } from "../../core/model-call";

export const chatMessageSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const jsonSchemaObject = z.record(z.string(), z.unknown());

export const responseFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string().optional(),
      schema: jsonSchemaObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({ type: z.literal("text") }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/** Text of a message's content, whatever part shapes carry it (images and audio are skipped). */
export function textOfContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => {
      if (typeof part === "string") return part;
      if (typeof part !== "object" || part === null) return "";
      const record = part as Record<string, unknown>;
      if (typeof record["text"] === "string") return record["text"];
      if (typeof record["refusal"] === "string") return record["refusal"];
      return "";
    })
    .filter((text) => text !== "")
    .join("\n");
}

export function roleOf(role: string): string {
  return role === "developer" ? "system" : role;
}

export function segmentsFromChatMessages(messages: readonly ChatMessage[]): PromptSegment[] {
  return messages.map((message) => {
    const toolCalls = (message as Record<string, unknown>)["tool_calls"];
    const text = textOfContent(message.content) + (toolCalls === undefined ? "" : JSON.stringify(toolCalls));
    return { role: roleOf(message.role), text };
  });
}

/** The schema comes first in the prompt: the same schema and instructions form a cacheable prefix. */
export function schemaSegment(schema: JsonSchema | undefined): PromptSegment[] {
  return schema === undefined ? [] : [{ role: "schema", text: JSON.stringify(schema) }];
}

export function outputFromResponseFormat(format: ResponseFormat | undefined): OutputRequest {
  if (format === undefined || format.type === "text") return { type: "text" };
  if (format.type === "json_object") return { type: "json" };
  const schema = format.json_schema.schema;
  return schema === undefined ? { type: "json" } : { type: "schema", schema };
}
