/**
 * The emulated model's answer to a prompt: JSON conforming to the requested schema,
 * a small default object in plain JSON mode, or plain prose. A pure function of the
 * prompt and the schema, so the same request always gets the same reply.
 */
import { CopyWriter } from "./copy-writers";
import { ValueGenerator } from "./generate-value";
import type { JsonSchema } from "./json-schema";
import { extractProductFacts } from "./product-facts";

export type ReplyFormat = { type: "text" } | { type: "json" } | { type: "schema"; schema: JsonSchema };

/** What Plume's JSON-mode prompts ask for when no schema is sent. */
const DEFAULT_JSON_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    title: { type: "string" },
    descriptionHtml: { type: "string" },
    seoTitle: { type: "string" },
    metaDescription: { type: "string" },
  },
  required: ["title", "descriptionHtml", "seoTitle", "metaDescription"],
  additionalProperties: false,
};

export interface ReplyInput {
  /** Every system and user message, in order: where <product_data> is looked for. */
  conversation: string;
  /** Used as the product title when the prompt carries no <product_data> block. */
  lastUserMessage: string;
  format: ReplyFormat;
}

export function generateReply(input: ReplyInput): string {
  const facts = extractProductFacts(input.conversation, input.lastUserMessage);
  switch (input.format.type) {
    case "schema":
      return JSON.stringify(new ValueGenerator(facts, input.format.schema).generate());
    case "json":
      return JSON.stringify(new ValueGenerator(facts, DEFAULT_JSON_SCHEMA).generate());
    case "text":
      return new CopyWriter(facts).descriptionText({ minLength: undefined, maxLength: undefined });
  }
}

/** The reply of the emulated model when it declines, in the language it was asked to write in. */
export function generateRefusal(input: Pick<ReplyInput, "conversation" | "lastUserMessage">): string {
  return new CopyWriter(extractProductFacts(input.conversation, input.lastUserMessage)).bank.refusal;
}
