/**
 * `node(id:)` and `nodes(ids:)` for the types the emulator models. A global id
 * of another type fails loudly instead of returning a null that would look
 * like "not found".
 */
import { z } from "zod";
import { typeResolvers, type RequestContext, type ResolverMap } from "../context";
import { invalidGlobalIdError, notEmulatedInputError } from "../errors";
import { parseGlobalId } from "../../store/records";

const NODE_TYPES = ["Product", "ProductVariant", "MediaImage", "BulkOperation"] as const;

export function lookupNode(context: RequestContext, id: string): unknown {
  const parsed = parseGlobalId(id);
  if (!parsed) throw invalidGlobalIdError(id);
  const catalog = context.shop.catalog;
  switch (parsed.typeName) {
    case "Product":
      return catalog.get(parsed.legacyId) ?? null;
    case "ProductVariant":
      return catalog.getVariant(parsed.legacyId) ?? null;
    case "MediaImage":
      return catalog.getMedia(parsed.legacyId) ?? null;
    case "BulkOperation":
      return context.shop.bulk.get(parsed.legacyId) ?? null;
    default:
      throw notEmulatedInputError(`node(id:) for ${parsed.typeName} ids (emulated: ${NODE_TYPES.join(", ")})`);
  }
}

const queryRoot = typeResolvers<unknown>({
  node: (_source, rawArgs, context) => lookupNode(context, z.object({ id: z.string() }).parse(rawArgs).id),
  nodes: (_source, rawArgs, context) => z.object({ ids: z.array(z.string()) }).parse(rawArgs).ids.map((id) => lookupNode(context, id)),
});

export const nodeResolvers: ResolverMap = { QueryRoot: queryRoot };
