/**
 * A local stand-in for the parts of Shopify's Admin API that Plume uses,
 * served over plain node:http. Started in-process by tests, the demo and
 * benchmarks (port 0 picks a free port), or from the CLI in main.ts.
 *
 *   POST /admin/api/<version>/graphql.json   Admin GraphQL (real schema, cost, throttle)
 *   POST /admin/oauth/access_token           token exchange and refresh
 *   POST /__emulator/staged-uploads          staged upload target (bulk mutations)
 *   GET  /__emulator/bulk-results/…          bulk operation JSONL results
 *   *    /__emulator/…                       control API (see control/control-api.ts)
 *
 * The shop of a request comes from `x-plume-emulator-shop` or a *.myshopify.com
 * Host header; see redirect-fetch.ts for routing real Shopify URLs here.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleBulkResult, handleStagedUpload } from "./bulk/bulk-endpoints";
import { ControlApi } from "./control/control-api";
import { BULK_RESULTS_PATH, CONTROL_PREFIX, STAGED_UPLOAD_PATH } from "./emulator-paths";
import { ADMIN_API_VERSION, loadAdminSchema, type AdminSchema } from "./graphql/schema";
import { handleAdminGraphQL } from "./http/graphql-endpoint";
import { HttpError, sendJson, sendText } from "./http/http-util";
import { createLogger, type Logger } from "./logger";
import { handleAccessTokenRequest } from "./oauth/token-endpoint";
import { adminEmulatorOptionsSchema, type AdminEmulatorOptions } from "./options";
import { EmulatorStore } from "./store/emulator-store";

export type { AdminEmulatorOptions } from "./options";
export { EmulatorStore } from "./store/emulator-store";

export interface RunningAdminEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** The emulator's live state, for assertions and direct setup in tests. */
  readonly store: EmulatorStore;
}

const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;
const BULK_RESULT_PATH = new RegExp(`^${BULK_RESULTS_PATH}/([^/]+)/([^/]+)$`);

function writeHttpError(response: ServerResponse, error: HttpError): void {
  if (typeof error.body === "string") sendText(response, error.status, error.body, error.headers["Content-Type"] ?? "text/plain; charset=utf-8", error.headers);
  else sendJson(response, error.status, error.body, error.headers);
}

async function route(request: IncomingMessage, response: ServerResponse, store: EmulatorStore, schema: AdminSchema, control: ControlApi): Promise<void> {
  const url = new URL(request.url ?? "/", "http://emulator.local");
  const graphql = GRAPHQL_PATH.exec(url.pathname);
  if (graphql?.[1] !== undefined && request.method === "POST") return handleAdminGraphQL(request, response, graphql[1], store, schema);
  if (url.pathname === "/admin/oauth/access_token" && request.method === "POST") return handleAccessTokenRequest(request, response, store);
  if (url.pathname === STAGED_UPLOAD_PATH && request.method === "POST") return handleStagedUpload(request, response, store);
  const bulkResult = BULK_RESULT_PATH.exec(url.pathname);
  if (bulkResult?.[1] !== undefined && bulkResult[2] !== undefined && request.method === "GET") return handleBulkResult(response, store, decodeURIComponent(bulkResult[1]), bulkResult[2]);
  if (url.pathname.startsWith(`${CONTROL_PREFIX}/`) && (await control.handle(request, response, url))) return;
  throw new HttpError(404, { errors: "Not Found" });
}

function requestListener(store: EmulatorStore, schema: AdminSchema, control: ControlApi, logger: Logger) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    route(request, response, store, schema, control).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpError) {
        writeHttpError(response, error);
        return;
      }
      logger.error("unhandled emulator error", { method: request.method, url: request.url, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      sendJson(response, 500, { errors: "Internal Server Error" });
    });
  };
}

export async function startAdminEmulator(options: AdminEmulatorOptions): Promise<RunningAdminEmulator> {
  const resolved = adminEmulatorOptionsSchema.parse(options);
  const schema = loadAdminSchema(ADMIN_API_VERSION);
  const logger = createLogger(resolved.logLevel);
  const store = new EmulatorStore(resolved, schema.version, resolved.now ?? Date.now, logger);
  const control = new ControlApi(store);
  const server = createServer(requestListener(store, schema, control, logger));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = resolved.host === "0.0.0.0" || resolved.host === "::" ? "127.0.0.1" : resolved.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  store.baseUrl = url;
  logger.info("admin emulator listening", { url, version: schema.version, shops: [...store.shops.keys()] });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    store,
    close: () => {
      closing ??= (async () => {
        await store.background.stop();
        await store.webhooks.settled();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
