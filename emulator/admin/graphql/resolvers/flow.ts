/**
 * `flowTriggerReceive(handle:, payload:)`: starts the merchant's workflows that begin with one of the app's
 * Flow triggers. As Shopify documents it (Flow trigger reference): the handle is the trigger extension's, the
 * payload carries every field the trigger defines (reference fields as `<object>_id`) and is at most 50 KB.
 * A refusal is a userError and nothing is recorded. The deprecated `body:` argument is refused, as
 * `productUpdate(input:)` is, so no new code depends on it. The exact wording of Shopify's messages is not
 * documented; these name the same conditions.
 */
import { z } from "zod";
import { typeResolvers, type ResolverMap } from "../context";
import { notEmulatedInputError } from "../errors";
import { userError, type UserErrorValue } from "./user-errors";

/** Shopify's documented limit on a trigger payload. */
export const FLOW_TRIGGER_PAYLOAD_MAX_BYTES = 50_000;

const argsSchema = z.object({
  handle: z.string().nullish(),
  payload: z.unknown().optional(),
  body: z.string().nullish(),
});

const REFERENCE_TYPES: Record<string, string> = { customer_reference: "customer_id", order_reference: "order_id", product_reference: "product_id" };

function valueProblem(type: string, value: unknown): string | null {
  switch (type) {
    case "single_line_text_field":
    case "email":
      return typeof value === "string" ? null : "must be a string";
    case "url":
      return typeof value === "string" && URL.canParse(value) ? null : "must be a URL";
    case "number_decimal":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    default:
      return typeof value === "number" || typeof value === "string" ? null : "must be an id";
  }
}

const mutation = typeResolvers<unknown>({
  flowTriggerReceive: (_source, rawArgs, context) => {
    const args = argsSchema.parse(rawArgs);
    if (args.body !== undefined && args.body !== null) throw notEmulatedInputError("flowTriggerReceive.body (deprecated: use handle and payload)");
    const errors: UserErrorValue[] = [];
    const definition = context.store.flowTriggerDefinitions.find((trigger) => trigger.handle === args.handle);
    if (!args.handle || !definition) {
      errors.push(userError(["handle"], `Trigger handle '${args.handle ?? ""}' does not match a Flow trigger of this app.`));
      return { userErrors: errors };
    }
    if (typeof args.payload !== "object" || args.payload === null || Array.isArray(args.payload)) {
      return { userErrors: [userError(["payload"], "Payload must be a JSON object.")] };
    }
    const payload = args.payload as Record<string, unknown>;
    const size = Buffer.byteLength(JSON.stringify(payload), "utf8");
    if (size > FLOW_TRIGGER_PAYLOAD_MAX_BYTES) {
      return { userErrors: [userError(["payload"], `Payload is ${size} bytes; the limit is ${FLOW_TRIGGER_PAYLOAD_MAX_BYTES} bytes (50 KB).`)] };
    }
    for (const [key, type] of Object.entries(definition.fields)) {
      const name = REFERENCE_TYPES[type] ?? key;
      if (!(name in payload)) errors.push(userError(["payload", name], `Payload is missing the field '${name}' of trigger '${definition.handle}'.`));
      else {
        const problem = valueProblem(type, payload[name]);
        if (problem) errors.push(userError(["payload", name], `Field '${name}' ${problem}.`));
      }
    }
    const known = new Set(Object.entries(definition.fields).map(([key, type]) => REFERENCE_TYPES[type] ?? key));
    for (const name of Object.keys(payload)) if (!known.has(name)) errors.push(userError(["payload", name], `Field '${name}' is not defined by trigger '${definition.handle}'.`));
    if (errors.length > 0) return { userErrors: errors };
    context.store.flowTriggers.record({ shop: context.shop.domain, handle: definition.handle, payload, receivedAt: context.now });
    return { userErrors: [] };
  },
});

export const flowResolvers: ResolverMap = {
  Mutation: mutation,
  FlowTriggerReceivePayload: typeResolvers<{ userErrors: UserErrorValue[] }>({ userErrors: (source) => source.userErrors }),
};
