/**
 * Runs bulk operations in the background: CREATED -> RUNNING -> COMPLETED
 * (or FAILED / CANCELED), with objectCount growing as it goes, then fires
 * `bulk_operations/finish`. Queries read the root connection in windows and
 * yield to the event loop between windows; mutations execute the mutation once
 * per line of the staged JSONL and write `{"data":…,"__lineNumber":n}` lines.
 * Bulk operations are not subject to the cost limits or the throttle bucket.
 */
import type { OperationDefinitionNode } from "graphql";
import type { BulkReadMode } from "../graphql/context";
import { runOperation, type PreparedDocument } from "../graphql/execute";
import type { AdminSchema } from "../graphql/schema";
import { pause } from "../store/background-tasks";
import type { BulkOperationRecord } from "../store/bulk-operations";
import type { EmulatorStore } from "../store/emulator-store";
import type { ShopState } from "../store/shop-state";
import { bulkOperationFinishPayload } from "../webhooks/payloads";
import { flattenBulkResult } from "./jsonl";
import { seedFor, ungroupLines, type OutputLine } from "./ungroup";

/** Root objects read per execution window of a bulk query. */
const ROOT_WINDOW = 1000;

export interface BulkRunInput {
  readonly store: EmulatorStore;
  readonly shop: ShopState;
  readonly schema: AdminSchema;
  readonly scopes: string;
  readonly record: BulkOperationRecord;
  readonly prepared: PreparedDocument;
  readonly operation: OperationDefinitionNode;
  /**
   * `bulkOperationRunQuery(groupObjects:)`, false by default since 2026-01:
   * true keeps every child right after its parent, false scatters children
   * (see ungroup.ts). Mutations ignore it, as Shopify does.
   */
  readonly groupObjects?: boolean;
}

function finish(input: BulkRunInput, lines: readonly string[], status: "COMPLETED" | "FAILED" | "CANCELED"): void {
  const { record, store, shop } = input;
  const body = lines.length > 0 ? `${lines.join("\n")}\n` : null;
  if (status === "COMPLETED") record.result = body;
  else record.partialResult = body;
  record.status = status;
  record.completedAt = store.now();
  // A server shutting down does not announce the operations it abandons.
  if (!store.background.stopping) store.webhooks.trigger(shop.domain, "bulk_operations/finish", bulkOperationFinishPayload(record));
}

function cancelled(input: BulkRunInput): boolean {
  return input.record.cancelRequested || input.store.background.stopping;
}

/** Holds the operation in RUNNING until `bulkDelayMs` has passed since it started, unless it is cancelled first. */
async function holdUntil(input: BulkRunInput, startedAt: number): Promise<void> {
  const deadline = startedAt + input.store.options.bulkDelayMs;
  while (Date.now() < deadline && !cancelled(input)) await pause(Math.min(20, deadline - Date.now()), input.store.background);
}

async function runQuery(input: BulkRunInput): Promise<void> {
  const { store, shop, schema, record } = input;
  const startedAt = Date.now();
  await pause(0, store.background);
  record.status = "RUNNING";
  const lines: OutputLine[] = [];
  const collect = { schema: schema.schema, fragments: input.prepared.fragments, variables: {} };
  const ordered = (): string[] => (input.groupObjects ? lines.map((line) => line.text) : ungroupLines(lines, seedFor(`${shop.domain}/${record.id}`)));
  for (let offset = 0; ; offset += ROOT_WINDOW) {
    if (cancelled(input)) return finish(input, ordered(), "CANCELED");
    const mode: BulkReadMode = { rootWindow: { offset, size: ROOT_WINDOW }, rootTotal: 0 };
    const result = await runOperation({ store, shop, schema, token: null, scopes: input.scopes, prepared: input.prepared, operation: input.operation, variables: {}, bulk: mode });
    if (result.errors.length > 0) {
      record.errorCode = result.errors.some((error) => error.extensions?.["code"] === "ACCESS_DENIED") ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
      return finish(input, ordered(), "FAILED");
    }
    if (result.data) {
      record.rootObjectCount += flattenBulkResult(result.data, input.operation, collect, (line) => lines.push({ text: JSON.stringify(line), child: "__parentId" in line }));
      record.objectCount = lines.length;
    }
    if (offset + ROOT_WINDOW >= mode.rootTotal) break;
    await pause(0, store.background);
  }
  await holdUntil(input, startedAt);
  if (cancelled(input)) return finish(input, ordered(), "CANCELED");
  finish(input, ordered(), "COMPLETED");
}

async function runMutation(input: BulkRunInput, variableLines: readonly Record<string, unknown>[]): Promise<void> {
  const { store, shop, schema, record } = input;
  const startedAt = Date.now();
  await pause(0, store.background);
  record.status = "RUNNING";
  const lines: string[] = [];
  for (const [lineNumber, variables] of variableLines.entries()) {
    if (cancelled(input)) return finish(input, lines, "CANCELED");
    const result = await runOperation({ store, shop, schema, token: null, scopes: input.scopes, prepared: input.prepared, operation: input.operation, variables, bulk: null });
    const line: Record<string, unknown> = { data: result.data };
    if (result.errors.length > 0) line["errors"] = result.errors;
    line["__lineNumber"] = lineNumber;
    lines.push(JSON.stringify(line));
    record.objectCount = lines.length;
    record.rootObjectCount = lines.length;
    if (lineNumber % 50 === 49) await pause(0, store.background);
  }
  await holdUntil(input, startedAt);
  if (cancelled(input)) return finish(input, lines, "CANCELED");
  finish(input, lines, "COMPLETED");
}

export function startBulkQuery(input: BulkRunInput): void {
  input.store.background.run(() => runQuery(input));
}

export function startBulkMutation(input: BulkRunInput, variableLines: readonly Record<string, unknown>[]): void {
  input.store.background.run(() => runMutation(input, variableLines));
}
