/**
 * Bulk operations: run query, run mutation, cancel, and the three ways to read
 * them back (`bulkOperation(id)`, `currentBulkOperation(type)`,
 * `bulkOperations`). From API 2026-01 an app may run five at once per shop;
 * the sixth is refused with LIMIT_REACHED.
 */
import { getOperationAST } from "graphql";
import { z } from "zod";
import { checkBulkQuery, withBulkAliases } from "../../bulk/bulk-document";
import { startBulkMutation, startBulkQuery } from "../../bulk/bulk-runner";
import { BulkOperationRecord, MAX_CONCURRENT_BULK_OPERATIONS, type BulkOperationType } from "../../store/bulk-operations";
import { parseGlobalId } from "../../store/records";
import { isoDateTime } from "../../time-format";
import { paginate } from "../connection";
import { typeResolvers, type RequestContext, type ResolverMap } from "../context";
import { invalidGlobalIdError } from "../errors";
import { prepareDocument } from "../execute";
import { compileSearch, dateMatches, exactMatches, type SearchFields } from "../search-query";
import { userError, type UserErrorValue } from "./user-errors";
import { BULK_RESULTS_PATH } from "../../emulator-paths";


function limitReached(context: RequestContext): UserErrorValue | null {
  return context.shop.bulk.activeCount() >= MAX_CONCURRENT_BULK_OPERATIONS
    ? userError(null, `Bulk operations limit reached. An app can run ${MAX_CONCURRENT_BULK_OPERATIONS} bulk operations at a time per shop. Please try again later.`, "LIMIT_REACHED")
    : null;
}

function scopesOf(context: RequestContext): string {
  return context.token?.scopes ?? context.store.options.scopes;
}

function newRecord(context: RequestContext, type: BulkOperationType, query: string, clientIdentifier: string | null): BulkOperationRecord {
  const record = new BulkOperationRecord(context.shop.catalog.ids.allocate("bulkOperation"), type, query, context.now, clientIdentifier);
  context.shop.bulk.add(record);
  return record;
}

function runQuery(context: RequestContext, query: string, groupObjects: boolean) {
  const failure = (message: string) => ({ bulkOperation: null, userErrors: [userError(["query"], message, "INVALID")] });
  const limit = limitReached(context);
  if (limit) return { bulkOperation: null, userErrors: [limit] };
  const prepared = prepareDocument(context.schema, query);
  if (!prepared.ok) return failure(`Invalid bulk query: ${prepared.errors.map((error) => error.message).join("; ")}`);
  const operation = getOperationAST(prepared.prepared.document);
  if (!operation) return failure("Invalid bulk query: the document must contain exactly one operation.");
  const check = checkBulkQuery(context.schema.schema, prepared.prepared.document, operation);
  if (!check.ok) return failure(check.message);
  const document = withBulkAliases(context.schema.schema, prepared.prepared.document);
  const aliasedOperation = getOperationAST(document);
  if (!aliasedOperation) return failure("Invalid bulk query.");
  const record = newRecord(context, "QUERY", query, null);
  startBulkQuery({
    store: context.store,
    shop: context.shop,
    schema: context.schema,
    scopes: scopesOf(context),
    record,
    prepared: { document, fragments: Object.fromEntries(document.definitions.flatMap((definition) => (definition.kind === "FragmentDefinition" ? [[definition.name.value, definition]] : []))) },
    operation: aliasedOperation,
    groupObjects,
  });
  return { bulkOperation: record, userErrors: [] };
}

function parseVariableLines(contents: string): Record<string, unknown>[] | null {
  const lines: Record<string, unknown>[] = [];
  for (const raw of contents.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      lines.push(parsed as Record<string, unknown>);
    } catch {
      return null;
    }
  }
  return lines;
}

function runMutation(context: RequestContext, mutation: string, stagedUploadPath: string, clientIdentifier: string | null) {
  const failure = (field: string[] | null, message: string, code: string) => ({ bulkOperation: null, userErrors: [userError(field, message, code)] });
  const limit = limitReached(context);
  if (limit) return { bulkOperation: null, userErrors: [limit] };
  const prepared = prepareDocument(context.schema, mutation);
  if (!prepared.ok) return failure(["mutation"], `Invalid mutation: ${prepared.errors.map((error) => error.message).join("; ")}`, "INVALID_MUTATION");
  const operation = getOperationAST(prepared.prepared.document);
  if (!operation || operation.operation !== "mutation" || operation.selectionSet.selections.length !== 1) {
    return failure(["mutation"], "Invalid mutation: a bulk mutation must contain exactly one mutation field.", "INVALID_MUTATION");
  }
  const upload = context.shop.bulk.stagedUploads.get(stagedUploadPath);
  if (!upload || upload.contents === null) {
    return failure(["stagedUploadPath"], "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.", "NO_SUCH_FILE");
  }
  const variableLines = parseVariableLines(upload.contents);
  if (!variableLines) return failure(["stagedUploadPath"], "Unexpected file structure - expected JSONL", "INVALID_STAGED_UPLOAD_FILE");
  const record = newRecord(context, "MUTATION", mutation, clientIdentifier);
  startBulkMutation({ store: context.store, shop: context.shop, schema: context.schema, scopes: scopesOf(context), record, prepared: prepared.prepared, operation }, variableLines);
  return { bulkOperation: record, userErrors: [] };
}

function findOperation(context: RequestContext, id: string): BulkOperationRecord | null {
  const parsed = parseGlobalId(id);
  if (!parsed) throw invalidGlobalIdError(id);
  return parsed.typeName === "BulkOperation" ? (context.shop.bulk.get(parsed.legacyId) ?? null) : null;
}

const mutation = typeResolvers<unknown>({
  bulkOperationRunQuery: (_source, rawArgs, context) => {
    // groupObjects is Boolean! with a schema default of false (API 2026-01+), so it always arrives.
    const args = z.object({ query: z.string(), groupObjects: z.boolean().default(false) }).parse(rawArgs);
    return runQuery(context, args.query, args.groupObjects);
  },
  bulkOperationRunMutation: (_source, rawArgs, context) => {
    const args = z.object({ mutation: z.string(), stagedUploadPath: z.string(), clientIdentifier: z.string().nullish() }).parse(rawArgs);
    return runMutation(context, args.mutation, args.stagedUploadPath, args.clientIdentifier ?? null);
  },
  bulkOperationCancel: (_source, rawArgs, context) => {
    const { id } = z.object({ id: z.string() }).parse(rawArgs);
    const operation = findOperation(context, id);
    if (!operation) return { bulkOperation: null, userErrors: [userError(["id"], "Bulk operation does not exist")] };
    if (!operation.isActive) return { bulkOperation: operation, userErrors: [userError(["id"], `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}`)] };
    operation.cancelRequested = true;
    operation.status = "CANCELING";
    return { bulkOperation: operation, userErrors: [] };
  },
});

const BULK_SEARCH_FIELDS: SearchFields<BulkOperationRecord> = {
  fields: {
    status: (operation, term) => exactMatches(operation.status, term),
    operation_type: (operation, term) => exactMatches(operation.type, term),
    created_at: (operation, term) => dateMatches(operation.createdAt, term),
  },
  freeText: () => true,
};

const queryRoot = typeResolvers<unknown>({
  bulkOperation: (_source, rawArgs, context) => findOperation(context, z.object({ id: z.string() }).parse(rawArgs).id),
  currentBulkOperation: (_source, rawArgs, context) => {
    const { type } = z.object({ type: z.enum(["QUERY", "MUTATION"]).nullish() }).parse(rawArgs);
    return context.shop.bulk.newestFirst().find((operation) => operation.type === (type ?? "QUERY")) ?? null;
  },
  bulkOperations: (_source, rawArgs, context, info) => {
    const args = z.object({ query: z.string().nullish(), reverse: z.boolean().nullish() }).parse(rawArgs);
    const search = compileSearch(args.query, BULK_SEARCH_FIELDS);
    const operations = context.shop.bulk.newestFirst().filter(search.matches);
    if (args.reverse) operations.reverse();
    const direction = args.reverse ? 1 : -1;
    return paginate(operations, rawArgs, { id: (operation) => operation.legacyId, value: (operation) => String(operation.createdAt), compareToCursor: (operation, cursor) => direction * (operation.legacyId - cursor.last_id) }, context, info);
  },
});

function resultUrl(context: RequestContext, operation: BulkOperationRecord, kind: "result" | "partial"): string {
  return `${context.store.baseUrl}${BULK_RESULTS_PATH}/${context.shop.domain}/${operation.legacyId}${kind === "partial" ? "-partial" : ""}.jsonl`;
}

const bulkOperation = typeResolvers<BulkOperationRecord>({
  id: (source) => source.id,
  status: (source) => source.status,
  errorCode: (source) => source.errorCode,
  type: (source) => source.type,
  query: (source) => source.query,
  createdAt: (source) => isoDateTime(source.createdAt),
  completedAt: (source) => (source.completedAt === null ? null : isoDateTime(source.completedAt)),
  // UnsignedInt64 is serialised as a string by Shopify.
  objectCount: (source) => String(source.objectCount),
  rootObjectCount: (source) => String(source.rootObjectCount),
  fileSize: (source) => (source.fileSize === null ? null : String(source.fileSize)),
  url: (source, _args, context) => (source.status === "COMPLETED" && source.result !== null ? resultUrl(context, source, "result") : null),
  partialDataUrl: (source, _args, context) => (source.status === "FAILED" && source.partialResult !== null ? resultUrl(context, source, "partial") : null),
});

const payload = typeResolvers<{ bulkOperation: BulkOperationRecord | null; userErrors: UserErrorValue[] }>({
  bulkOperation: (source) => source.bulkOperation,
  userErrors: (source) => source.userErrors,
});

export const bulkResolvers: ResolverMap = {
  Mutation: mutation,
  QueryRoot: queryRoot,
  BulkOperation: bulkOperation,
  BulkOperationRunQueryPayload: payload,
  BulkOperationRunMutationPayload: payload,
  BulkOperationCancelPayload: payload,
};
