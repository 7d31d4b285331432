import type { Database } from "~/db/client.server";
import { lastFour, openSecret, sealSecret, type Keyring } from "~/secrets/crypto.server";
import { ModelCallError } from "./errors";
import type { BackendRegistry } from "./registry";
import { assertSafeEndpoint, createGuardedFetch, type EndpointPolicy } from "./ssrf.server";
import type { BackendDefinition, ModelConnection } from "./types";

/**
 * How a shop reaches each backend. API keys are sealed with the shop and the
 * backend as associated data; the plaintext exists only in memory for the
 * duration of a call and never leaves the server.
 */
export interface ConnectionEnvironment {
  keyring: Keyring;
  endpointPolicy: EndpointPolicy;
  /** backendId → key provided by the operator for every shop */
  operatorKeys: Readonly<Record<string, string>>;
  /** PLUME_OPERATOR_MONTHLY_CAP_USD in micro-USD: spending across every shop this month; null/absent = none */
  operatorMonthlyCapMicros?: number | null;
  fetch?: typeof fetch;
}

const secretOwner = (shop: string, backendId: string) => ({ shop, purpose: `model-backend:${backendId}` });

export interface ConnectionSummary {
  backendId: string;
  baseUrl: string | null;
  apiKeyLast4: string | null;
  useOperatorKey: boolean;
  operatorKeyAvailable: boolean;
  lastTestedAt: string | null;
  lastTestOutcome: string | null;
}

/** What the settings page may show: never a key, only its last four characters. */
export async function listConnections(database: Database, shop: string, environment: Pick<ConnectionEnvironment, "operatorKeys">): Promise<ConnectionSummary[]> {
  const rows = await database.backendConnection.findMany({ where: { shop } });
  return rows.map((row) => ({
    backendId: row.backendId,
    baseUrl: row.baseUrl,
    apiKeyLast4: row.apiKeyLast4,
    useOperatorKey: row.useOperatorKey,
    operatorKeyAvailable: Boolean(environment.operatorKeys[row.backendId]),
    lastTestedAt: row.lastTestedAt?.toISOString() ?? null,
    lastTestOutcome: row.lastTestOutcome,
  }));
}

export interface ConnectionUpdate {
  /** undefined: keep; "": remove; otherwise the new key */
  apiKey?: string;
  baseUrl?: string | null;
  useOperatorKey?: boolean;
}

export async function saveConnection(
  database: Database,
  environment: ConnectionEnvironment,
  backend: BackendDefinition,
  shop: string,
  update: ConnectionUpdate,
): Promise<void> {
  const data: Record<string, unknown> = {};
  if (update.apiKey !== undefined) {
    if (update.apiKey === "") Object.assign(data, { sealedApiKey: null, keyVersion: null, apiKeyLast4: null });
    else {
      const sealed = sealSecret(environment.keyring, secretOwner(shop, backend.id), update.apiKey);
      Object.assign(data, { sealedApiKey: sealed.sealed, keyVersion: sealed.keyVersion, apiKeyLast4: lastFour(update.apiKey) });
    }
  }
  if (update.baseUrl !== undefined && backend.baseUrlEditable) {
    if (update.baseUrl) await assertSafeEndpoint(update.baseUrl, environment.endpointPolicy);
    data.baseUrl = update.baseUrl || null;
  }
  if (update.useOperatorKey !== undefined) data.useOperatorKey = update.useOperatorKey;
  // The last test spoke of the previous key or endpoint: it no longer says anything about this one.
  if (Object.keys(data).length > 0) Object.assign(data, { lastTestedAt: null, lastTestOutcome: null });
  await database.backendConnection.upsert({
    where: { shop_backendId: { shop, backendId: backend.id } },
    create: { shop, backendId: backend.id, ...data },
    update: data,
  });
}

export async function recordConnectionTest(database: Database, shop: string, backendId: string, outcome: string, at: Date): Promise<void> {
  await database.backendConnection.upsert({
    where: { shop_backendId: { shop, backendId } },
    create: { shop, backendId, lastTestedAt: at, lastTestOutcome: outcome },
    update: { lastTestedAt: at, lastTestOutcome: outcome },
  });
}

/** Whether calls use the operator's key, and so the operator's endpoint: by default when there is one, unless the merchant turned it off. */
function usesOperatorEndpoint(operatorKeyAvailable: boolean, row: { useOperatorKey: boolean } | null | undefined): boolean {
  return operatorKeyAvailable && (row ? row.useOperatorKey : true);
}

/**
 * The base URL calls to this backend go to, as openConnection picks it: the operator's endpoint
 * with the operator's key, otherwise the merchant's own URL (where the backend lets one be set)
 * or the shipped default. Undefined when there is none (a custom endpoint not yet set).
 */
export function resolveBaseUrl(
  backend: Pick<BackendDefinition, "baseUrlEditable" | "defaultBaseUrl">,
  row: { baseUrl: string | null; useOperatorKey: boolean } | null | undefined,
  operatorKeyAvailable: boolean,
): string | undefined {
  if (usesOperatorEndpoint(operatorKeyAvailable, row)) return backend.defaultBaseUrl;
  const merchantBaseUrl = backend.baseUrlEditable ? (row?.baseUrl ?? undefined) : undefined;
  return merchantBaseUrl ?? backend.defaultBaseUrl;
}

/** The live connection for one call; throws not_configured when a required key is missing. */
export async function openConnection(
  database: Database,
  environment: ConnectionEnvironment,
  registry: BackendRegistry,
  shop: string,
  backendId: string,
  modelId: string,
): Promise<{ backend: BackendDefinition; connection: ModelConnection }> {
  const backend = registry.get(backendId);
  const row = await database.backendConnection.findUnique({ where: { shop_backendId: { shop, backendId } } });
  const operatorKey = environment.operatorKeys[backendId];
  const merchantBaseUrl = backend.baseUrlEditable ? (row?.baseUrl ?? undefined) : undefined;
  const usesOperatorKey = usesOperatorEndpoint(Boolean(operatorKey), row);
  let apiKey: string | undefined;
  let baseUrl: string | undefined;
  if (usesOperatorKey) {
    // The operator's key is bound to the operator's endpoint (the shipped default or
    // PLUME_EXTRA_BACKENDS): never sent to a URL a merchant typed.
    if (merchantBaseUrl && merchantBaseUrl !== backend.defaultBaseUrl) {
      throw new ModelCallError("not_configured", `The operator's key for ${backend.label} only works with the operator's endpoint: clear the custom URL or use your own key.`, { backendId, modelId });
    }
    if (!backend.defaultBaseUrl) {
      throw new ModelCallError("not_configured", `The operator's key for ${backend.label} has no operator endpoint to go to; use your own key.`, { backendId, modelId });
    }
    apiKey = operatorKey;
    baseUrl = backend.defaultBaseUrl;
  } else {
    if (row?.sealedApiKey && row.keyVersion) {
      apiKey = openSecret(environment.keyring, secretOwner(shop, backendId), { sealed: row.sealedApiKey, keyVersion: row.keyVersion });
    }
    baseUrl = resolveBaseUrl(backend, row, Boolean(operatorKey));
  }
  if (backend.apiKeyRequired && !apiKey) {
    throw new ModelCallError("not_configured", `No API key is set for ${backend.label}.`, { backendId, modelId });
  }
  if (backend.family !== "templates" && !baseUrl) {
    throw new ModelCallError("not_configured", `No endpoint URL is set for ${backend.label}.`, { backendId, modelId });
  }
  return {
    backend,
    connection: {
      modelId,
      apiKey,
      baseUrl,
      fetch: createGuardedFetch(environment.endpointPolicy, environment.fetch ?? globalThis.fetch),
    },
  };
}
