/**
 * The emulated model's answer to a prompt: JSON conforming to the requested schema,
 * a small default object in plain JSON mode, or plain prose. A pure function of the
 * prompt and the schema, so the same request always gets the same reply.
 */
import { CopyWriter } from "./copy-writers";
import { ValueGenerator } from "./generate-value";
import type { JsonSchema } from "./json-schema";
import type { BehaviourMode } from "../core/behaviour";
import { misbehave, misbehaveText, type GroundTruthValue } from "./adversarial";
import { extractProductFacts, type ProductFacts } from "./product-facts";

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
  return generateMisbehavingReply(input, undefined).text;
}

/** The reply in a behaviour mode, with the ground truth of what the mode changed (none when friendly). */
export function generateMisbehavingReply(
  input: ReplyInput,
  behaviour: { mode: BehaviourMode; instructions: string } | undefined,
): { text: string; values: GroundTruthValue[]; cutByLimit: boolean; facts: ProductFacts } {
  const facts = extractProductFacts(input.conversation, input.lastUserMessage);
  const adversarial = { mode: behaviour?.mode ?? "friendly", instructions: behaviour?.instructions ?? "", conversation: input.conversation, facts } as const;
  if (input.format.type === "text") {
    const text = new CopyWriter(facts).descriptionText({ minLength: undefined, maxLength: undefined });
    const result = misbehaveText(text, adversarial);
    return { text: String(result.value), values: result.values, cutByLimit: result.cutByLimit, facts };
  }
  const schema = input.format.type === "schema" ? input.format.schema : DEFAULT_JSON_SCHEMA;
  const result = misbehave(new ValueGenerator(facts, schema).generate(), adversarial);
  return { text: JSON.stringify(result.value), values: result.values, cutByLimit: result.cutByLimit, facts };
}

/** The reply of the emulated model when it declines, in the language it was asked to write in. */
export function generateRefusal(input: Pick<ReplyInput, "conversation" | "lastUserMessage">): string {
  return new CopyWriter(extractProductFacts(input.conversation, input.lastUserMessage)).bank.refusal;
}
