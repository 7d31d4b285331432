/**
 * What every resolver receives: the shop, the caller's token and scopes, the
 * running actual-cost tally, and (for bulk operations) how connections page.
 */
import type { GraphQLResolveInfo } from "graphql";
import type { AccessTokenRecord } from "../store/access-tokens";
import type { EmulatorStore } from "../store/emulator-store";
import type { ShopState } from "../store/shop-state";
import type { GrantedScopes } from "./access-scopes";
import type { AdminSchema } from "./schema";

export interface SearchWarning {
  readonly path: readonly (string | number)[];
  readonly query: string;
  readonly warnings: readonly { readonly field: string; readonly message: string }[];
}

/**
 * Bulk queries read whole connections instead of pages. The root connection is
 * read in windows so a 100k-product export does not build one giant response.
 */
export interface BulkReadMode {
  readonly rootWindow: { readonly offset: number; readonly size: number };
  /** Set by the root connection resolver: how many root items exist in total. */
  rootTotal: number;
}

export interface RequestContext {
  readonly store: EmulatorStore;
  readonly shop: ShopState;
  readonly schema: AdminSchema;
  readonly token: AccessTokenRecord | null;
  readonly scopes: GrantedScopes;
  readonly operationType: "query" | "mutation";
  readonly cost: { actual: number };
  readonly bulk: BulkReadMode | null;
  readonly searchWarnings: SearchWarning[];
  /** Request time (epoch ms) from the injected clock. */
  readonly now: number;
}

/**
 * A resolver for one field of one type. Sources are typed per type by the
 * resolver map; graphql-js hands them over as unknown, hence the cast in
 * `typeResolvers`.
 */
export type FieldResolver<Source> = (source: Source, args: Record<string, unknown>, context: RequestContext, info: GraphQLResolveInfo) => unknown;

export type TypeResolvers = Readonly<Record<string, FieldResolver<unknown>>>;
export type ResolverMap = Readonly<Record<string, TypeResolvers>>;

/** Declares the resolvers of one GraphQL type with a typed source. */
export function typeResolvers<Source>(resolvers: Readonly<Record<string, FieldResolver<Source>>>): TypeResolvers {
  // The cast is the single point where graphql-js' untyped source meets our record types.
  return resolvers as unknown as TypeResolvers;
}

/** Resolvers that read same-named properties of the source object. */
export function propertyResolvers(...fields: readonly string[]): TypeResolvers {
  const resolvers: Record<string, FieldResolver<unknown>> = {};
  for (const field of fields) {
    resolvers[field] = (source) => (source !== null && typeof source === "object" ? (source as Record<string, unknown>)[field] : undefined);
  }
  return resolvers;
}

export function mergeResolverMaps(...maps: readonly ResolverMap[]): ResolverMap {
  const merged: Record<string, Record<string, FieldResolver<unknown>>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) merged[typeName] = { ...merged[typeName], ...fields };
  }
  return merged;
}

/** A bulk operation runs its mutation without a request token; a direct call always has one. */
export const writeVia = (context: RequestContext): "mutation" | "bulk" => (context.token === null ? "bulk" : "mutation");
