/**
 * Loads Shopify's real Admin GraphQL schema (the introspection shipped in
 * shopify-schema/) once per process. Every request the emulator serves is
 * validated against it, so an operation that passes here is one Shopify's
 * schema accepts.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { z } from "zod";
import { ADMIN_API_VERSION } from "../../../app/shopify/api-version";
import { AccessScopeIndex, accessScopeItemSchema } from "./access-scopes";

export interface AdminSchema {
  readonly version: string;
  readonly schema: GraphQLSchema;
  readonly accessScopes: AccessScopeIndex;
}

export class SchemaNotAvailableError extends Error {
  override readonly name = "SchemaNotAvailableError";
  constructor(
    readonly version: string,
    options?: { cause?: unknown },
  ) {
    super(`No Admin API schema for version ${version} in shopify-schema/`, options);
  }
}

const introspectionFileSchema = z.object({
  data: z.object({ __schema: z.object({}).passthrough() }),
  offline_scopes: z.object({ items: z.array(accessScopeItemSchema) }).optional(),
});

const cache = new Map<string, AdminSchema>();

export function schemaFileUrl(version: string): URL {
  return new URL(`../../../shopify-schema/admin_${version}.json.gz`, import.meta.url);
}

export function loadAdminSchema(version: string = ADMIN_API_VERSION): AdminSchema {
  const cached = cache.get(version);
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(gunzipSync(readFileSync(schemaFileUrl(version))).toString("utf8"));
  } catch (error) {
    throw new SchemaNotAvailableError(version, { cause: error });
  }
  const file = introspectionFileSchema.parse(raw);
  const schema = buildClientSchema(file.data as unknown as IntrospectionQuery);
  const loaded: AdminSchema = { version, schema, accessScopes: new AccessScopeIndex(file.offline_scopes?.items ?? []) };
  cache.set(version, loaded);
  return loaded;
}

export { ADMIN_API_VERSION };
