import { z } from "zod";
import { runAdminQuery, type AdminGraphql } from "~/catalog/admin-client.server";
import { BULK_PRODUCT_UPDATE } from "./jsonl";

/**
 * The Admin calls of a bulk write (https://shopify.dev/docs/api/usage/bulk-operations/imports): stagedUploadsCreate,
 * the file POSTed to the staged target (not an Admin call), bulkOperationRunMutation, then the operation read back by id
 * and its result file downloaded. Every answer is parsed before use.
 */

const userErrorsSchema = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() }));

const STAGED_UPLOADS_CREATE = `#graphql
  mutation PlumeBulkWriteStage($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }
`;

const RUN_BULK_MUTATION = `#graphql
  mutation PlumeBulkWriteRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

const BULK_WRITE_STATUS = `#graphql
  query PlumeBulkWriteStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation { id status errorCode url partialDataUrl }
    }
  }
`;

// currentBulkOperation is deprecated since 2026-01; bulkOperations lists newest first by default.
const NEWEST_BULK_MUTATION = `#graphql
  query PlumeBulkWriteCurrent {
    bulkOperations(first: 1, query: "operation_type:mutation") { nodes { id status } }
  }
`;

export const TERMINAL_BULK_STATUSES = ["COMPLETED", "FAILED", "CANCELED", "EXPIRED"] as const;
export type TerminalBulkStatus = (typeof TERMINAL_BULK_STATUSES)[number];

export interface BulkOperationState {
  id: string;
  status: string;
  errorCode: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

/** Shopify refused to start the operation. `busy`: the shop already runs as many bulk operations as it may (try later). */
export class BulkWriteRefusedError extends Error {
  override name = "BulkWriteRefusedError";
  constructor(
    message: string,
    readonly busy: boolean,
  ) {
    super(message);
  }
}

/** Stages `contents` (JSONL) and returns the path bulkOperationRunMutation takes. One Admin call and one upload. */
export async function stageFile(admin: AdminGraphql, fileName: string, contents: string, fetcher: typeof fetch = fetch): Promise<string> {
  const data = await runAdminQuery(
    admin,
    "PlumeBulkWriteStage",
    STAGED_UPLOADS_CREATE,
    z.object({
      stagedUploadsCreate: z.object({
        stagedTargets: z.array(z.object({ url: z.string(), resourceUrl: z.string().nullish(), parameters: z.array(z.object({ name: z.string(), value: z.string() })) })).nullish(),
        userErrors: userErrorsSchema,
      }),
    }),
    { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: fileName, mimeType: "text/jsonl", httpMethod: "POST" }] },
  );
  const target = data.stagedUploadsCreate.stagedTargets?.[0];
  if (!target || data.stagedUploadsCreate.userErrors.length > 0) {
    throw new BulkWriteRefusedError(`stagedUploadsCreate: ${data.stagedUploadsCreate.userErrors.map((error) => error.message).join("; ") || "no target"}`, false);
  }
  const key = target.parameters.find((parameter) => parameter.name === "key")?.value;
  if (!key) throw new BulkWriteRefusedError("stagedUploadsCreate: the target has no key", false);
  const form = new FormData();
  for (const parameter of target.parameters) form.append(parameter.name, parameter.value);
  // The file goes last, as the signed form policy requires.
  form.append("file", new Blob([contents], { type: "text/jsonl" }), fileName);
  const response = await fetcher(target.url, { method: "POST", body: form });
  if (!response.ok) throw new BulkWriteRefusedError(`staged upload answered ${response.status}: ${(await response.text()).slice(0, 300)}`, false);
  return key;
}

/** Starts the bulk mutation over the staged file; returns the operation's id. */
export async function runBulkWrite(admin: AdminGraphql, stagedUploadPath: string, clientIdentifier: string): Promise<string> {
  const data = await runAdminQuery(
    admin,
    "PlumeBulkWriteRun",
    RUN_BULK_MUTATION,
    z.object({ bulkOperationRunMutation: z.object({ bulkOperation: z.object({ id: z.string(), status: z.string() }).nullish(), userErrors: userErrorsSchema }) }),
    { mutation: BULK_PRODUCT_UPDATE, stagedUploadPath, clientIdentifier },
  );
  const { bulkOperation, userErrors } = data.bulkOperationRunMutation;
  if (bulkOperation) return bulkOperation.id;
  const busy = userErrors.some((error) => error.code === "LIMIT_REACHED" || error.code === "OPERATION_IN_PROGRESS");
  throw new BulkWriteRefusedError(`bulkOperationRunMutation: ${userErrors.map((error) => `${error.code ?? ""} ${error.message}`.trim()).join("; ")}`, busy);
}

/** The operation as Shopify has it now; null when Shopify does not know it (an operation older than its retention). */
export async function bulkOperationState(admin: AdminGraphql, id: string): Promise<BulkOperationState | null> {
  const data = await runAdminQuery(
    admin,
    "PlumeBulkWriteStatus",
    BULK_WRITE_STATUS,
    z.object({
      node: z
        .object({ id: z.string(), status: z.string(), errorCode: z.string().nullish(), url: z.string().nullish(), partialDataUrl: z.string().nullish() })
        .nullish(),
    }),
    { id },
  );
  const node = data.node;
  return node ? { id: node.id, status: node.status, errorCode: node.errorCode ?? null, url: node.url ?? null, partialDataUrl: node.partialDataUrl ?? null } : null;
}

/** Whether the shop's newest bulk mutation is still under way (a dead process may have started one it never recorded). */
export async function bulkMutationActive(admin: AdminGraphql): Promise<boolean> {
  const data = await runAdminQuery(
    admin,
    "PlumeBulkWriteCurrent",
    NEWEST_BULK_MUTATION,
    z.object({ bulkOperations: z.object({ nodes: z.array(z.object({ id: z.string(), status: z.string() })) }) }),
  );
  const status = data.bulkOperations.nodes[0]?.status;
  return status !== undefined && !(TERMINAL_BULK_STATUSES as readonly string[]).includes(status);
}

/** The result (or partial result) file's text. */
export async function downloadResult(url: string, fetcher: typeof fetch = fetch): Promise<string> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`bulk result download answered ${response.status}`);
  return response.text();
}
