/**
 * The Admin GraphQL pipeline, in Shopify's order:
 *   parse -> validate against the real schema -> static rules and requested
 *   cost -> single-query limit (1000) -> leaky bucket -> execute -> actual cost
 *   -> refund the difference.
 * Every response carries `extensions.cost`; failures come back as HTTP 200
 * with an `errors` array, as on Shopify.
 */
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import type { AccessTokenRecord } from "../store/access-tokens";
import type { EmulatorStore } from "../store/emulator-store";
import type { ShopState } from "../store/shop-state";
import { SINGLE_QUERY_MAX_COST, type ThrottleStatus } from "../throttle";
import { GrantedScopes } from "./access-scopes";
import type { BulkReadMode, RequestContext, SearchWarning } from "./context";
import { analyseOperation, type FieldCost } from "./cost";
import { maxCostExceededError, serializeExecutionError, shopifyParseError, shopifyValidationError, throttledError, type SerializedGraphQLError } from "./errors";
import { createFieldResolver } from "./field-resolver";
import { adminResolvers } from "./resolvers/index";
import type { AdminSchema } from "./schema";

export interface PreparedDocument {
  readonly document: DocumentNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
}

export type PrepareResult = { readonly ok: true; readonly prepared: PreparedDocument } | { readonly ok: false; readonly errors: SerializedGraphQLError[] };

const PREPARED_CACHE_LIMIT = 500;
const preparedCache = new Map<string, PrepareResult>();

/** Parses and validates a document; results are cached because apps resend the same documents. */
export function prepareDocument(schema: AdminSchema, query: string): PrepareResult {
  const cacheKey = `${schema.version}\u0000${query}`;
  const cached = preparedCache.get(cacheKey);
  if (cached) return cached;
  let result: PrepareResult;
  try {
    const document = parse(query);
    const validationErrors = validate(schema.schema, document);
    if (validationErrors.length > 0) {
      result = { ok: false, errors: validationErrors.map(shopifyValidationError) };
    } else {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of document.definitions) if (definition.kind === "FragmentDefinition") fragments[definition.name.value] = definition;
      result = { ok: true, prepared: { document, fragments } };
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    result = { ok: false, errors: [shopifyParseError(error)] };
  }
  if (preparedCache.size >= PREPARED_CACHE_LIMIT) preparedCache.delete(preparedCache.keys().next().value as string);
  preparedCache.set(cacheKey, result);
  return result;
}

const typeResolver: GraphQLTypeResolver<unknown, RequestContext> = (value) => {
  const typeName = value !== null && typeof value === "object" ? (value as { __typename?: unknown }).__typename : undefined;
  return typeof typeName === "string" ? typeName : undefined;
};

// Built on first use: the bulk resolvers import this module, so the resolver map is not ready at load time.
let fieldResolver: ReturnType<typeof createFieldResolver> | null = null;

export interface RunOperationInput {
  readonly store: EmulatorStore;
  readonly shop: ShopState;
  readonly schema: AdminSchema;
  readonly token: AccessTokenRecord | null;
  readonly scopes: string;
  readonly prepared: PreparedDocument;
  readonly operation: OperationDefinitionNode;
  readonly variables: Record<string, unknown>;
  readonly bulk: BulkReadMode | null;
}

export interface RunOperationResult {
  readonly data: Record<string, unknown> | null;
  readonly errors: SerializedGraphQLError[];
  readonly actualCost: number;
  readonly searchWarnings: readonly SearchWarning[];
}

/** Executes an already validated operation against the emulated shop. */
export async function runOperation(input: RunOperationInput): Promise<RunOperationResult> {
  const context: RequestContext = {
    store: input.store,
    shop: input.shop,
    schema: input.schema,
    token: input.token,
    scopes: new GrantedScopes(input.scopes),
    operationType: input.operation.operation === "mutation" ? "mutation" : "query",
    cost: { actual: 0 },
    bulk: input.bulk,
    searchWarnings: [],
    now: input.store.now(),
  };
  const result = await execute({
    schema: input.schema.schema,
    document: input.prepared.document,
    operationName: input.operation.name?.value,
    variableValues: input.variables,
    contextValue: context,
    fieldResolver: (fieldResolver ??= createFieldResolver(adminResolvers())),
    typeResolver,
  });
  return {
    data: (result.data as Record<string, unknown> | null | undefined) ?? null,
    errors: (result.errors ?? []).map(serializeExecutionError),
    actualCost: context.cost.actual,
    searchWarnings: context.searchWarnings,
  };
}

export interface GraphQLRequestBody {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null | undefined;
  readonly operationName?: string | null | undefined;
}

export interface GraphQLHttpResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

interface CostExtension {
  readonly requestedQueryCost: number;
  readonly actualQueryCost: number | null;
  readonly throttleStatus: ThrottleStatus;
  /** Only with `Shopify-GraphQL-Cost-Debug: 1`. */
  readonly fields?: readonly FieldCost[];
}

function respond(payload: { data?: unknown; errors?: SerializedGraphQLError[]; cost: CostExtension; search?: readonly SearchWarning[]; status?: number }): GraphQLHttpResult {
  const body: Record<string, unknown> = {};
  if (payload.errors && payload.errors.length > 0) body["errors"] = payload.errors;
  if (payload.data !== undefined) body["data"] = payload.data;
  const extensions: Record<string, unknown> = { cost: payload.cost };
  if (payload.search && payload.search.length > 0) extensions["search"] = payload.search;
  body["extensions"] = extensions;
  return { status: payload.status ?? 200, body };
}

export async function handleGraphQLRequest(params: {
  readonly store: EmulatorStore;
  readonly shop: ShopState;
  readonly schema: AdminSchema;
  readonly token: AccessTokenRecord;
  readonly body: GraphQLRequestBody;
  /** The request carried `Shopify-GraphQL-Cost-Debug: 1`: add the per-field breakdown to extensions.cost. */
  readonly costDebug?: boolean;
}): Promise<GraphQLHttpResult> {
  const { store, shop, schema, token, body } = params;
  const bucket = shop.bucket;
  const prepared = prepareDocument(schema, body.query);
  if (!prepared.ok) {
    store.calls.record(shop.domain, { operationName: body.operationName ?? null, rootFields: [], outcome: "invalid", requestedCost: 0, actualCost: 0 });
    return respond({ errors: prepared.errors, cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: bucket.status() } });
  }
  const operation = getOperationAST(prepared.prepared.document, body.operationName ?? undefined);
  if (!operation) {
    const message = body.operationName ? `No operation named "${body.operationName}"` : "An operation name is required if the query contains multiple operations.";
    store.calls.record(shop.domain, { operationName: body.operationName ?? null, rootFields: [], outcome: "invalid", requestedCost: 0, actualCost: 0 });
    return respond({ errors: [{ message, extensions: { code: "OPERATION_NOT_FOUND" } }], cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: bucket.status() } });
  }
  const operationName = operation.name?.value ?? null;
  const variables = body.variables ?? {};
  const analysis = analyseOperation(schema.schema, operation, prepared.prepared.fragments, variables, { costDebug: params.costDebug === true });
  const requested = analysis.requestedCost;
  const debugFields = analysis.fieldCosts ? { fields: analysis.fieldCosts } : {};
  const record = (outcome: "ok" | "throttled" | "maxCostExceeded" | "invalid", actualCost: number): void =>
    store.calls.record(shop.domain, { operationName, rootFields: analysis.rootFields, outcome, requestedCost: requested, actualCost, operationType: operation.operation === "mutation" ? "mutation" : "query" });

  if (analysis.errors.length > 0) {
    record("invalid", 0);
    return respond({ errors: [...analysis.errors], cost: { requestedQueryCost: requested, actualQueryCost: 0, throttleStatus: bucket.status(), ...debugFields } });
  }
  if (requested > SINGLE_QUERY_MAX_COST) {
    record("maxCostExceeded", 0);
    return respond({ errors: [maxCostExceededError(requested, SINGLE_QUERY_MAX_COST)], cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status(), ...debugFields } });
  }
  if (!bucket.tryTake(requested)) {
    record("throttled", 0);
    return respond({ errors: [throttledError()], cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status(), ...debugFields } });
  }
  const result = await runOperation({ store, shop, schema, token, scopes: token.scopes, prepared: prepared.prepared, operation, variables, bulk: null });
  // Shopify never charges more than it asked the bucket for.
  const actual = Math.min(result.actualCost, requested);
  bucket.refund(requested - actual);
  record("ok", actual);
  return respond({
    data: result.data,
    errors: result.errors,
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status(), ...debugFields },
    search: result.searchWarnings,
    // The variant-creation limit is the one GraphQL refusal Shopify sends as HTTP 429 (variant-throttle.ts).
    ...(result.errors.some((error) => error.extensions?.["code"] === "VARIANT_THROTTLE_EXCEEDED") ? { status: 429 } : {}),
  });
}
