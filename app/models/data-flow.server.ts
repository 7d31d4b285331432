import type { Database } from "~/db/client.server";
import type { BackendWording } from "~/i18n/backend-text";
import { listConnections, resolveBaseUrl, type ConnectionSummary } from "./connections.server";
import { dataProcessingFor, type DataProcessingEntry } from "./data-processing";
import { BUILT_IN_BACKENDS } from "./registry";
import { connectionEnvironment, modelRegistry } from "./runtime.server";
import { loadModelSettings } from "./settings.server";
import type { BackendDefinition, DataRegion } from "./types";

/**
 * Where one backend sends a shop's product data: the provider's terms (data-processing.json)
 * and the hosts that actually receive the requests, read from the shop's connection the way a
 * call reads it, so a base URL the merchant or the operator set is the host shown.
 */
export interface BackendDataFlow {
  backendId: string;
  wording: BackendWording;
  region: DataRegion;
  /** the terms of the shipped backend this one is (an operator's entry: the one it extends) */
  terms: DataProcessingEntry;
  /** hosts (with port) that receive product data; empty when nothing leaves this server, or no endpoint is set yet */
  hosts: string[];
  /** no endpoint is configured yet (a custom endpoint before its URL is saved) */
  endpointMissing: boolean;
  /** the endpoint is not the provider's shipped one: the provider's terms apply only if the host is theirs */
  customEndpoint: boolean;
  /** an operator's local emulator: requests reach it, not the provider */
  emulated: boolean;
}

/** why a backend is listed: the shop's settings, a saved connection, or calls this month (a comparison can run a backend set nowhere else) */
export type DataFlowRole = "primary" | "fallback" | "connected" | "used";

export class MissingDataProcessingEntryError extends Error {
  override name = "MissingDataProcessingEntryError";
  constructor(readonly backendId: string) {
    super(`data-processing.json has no entry for backend "${backendId}"`);
  }
}

const hostOf = (url: string | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/** One backend's data flow from its definition and the shop's saved connection (pure: no database). */
export function dataFlowFor(
  backend: BackendDefinition,
  connection: Pick<ConnectionSummary, "baseUrl" | "useOperatorKey"> | undefined,
  operatorKeyAvailable: boolean,
  shipped: readonly BackendDefinition[] = BUILT_IN_BACKENDS,
): BackendDataFlow {
  const shippedId = backend.operator?.extendsId ?? backend.id;
  const terms = dataProcessingFor(shippedId);
  if (!terms) throw new MissingDataProcessingEntryError(shippedId);
  const wording: BackendWording = { id: backend.id, operator: backend.operator ?? null };
  if (backend.family === "templates") {
    return { backendId: backend.id, wording, region: backend.region, terms, hosts: [], endpointMissing: false, customEndpoint: false, emulated: false };
  }
  const host = hostOf(resolveBaseUrl(backend, connection, operatorKeyAvailable));
  const shippedHost = hostOf(shipped.find((candidate) => candidate.id === shippedId)?.defaultBaseUrl);
  const emulated = backend.emulated ?? false;
  // A self-hosted server is the merchant's wherever it runs; a hosted provider's terms hold only on the provider's own host.
  const hosted = terms.kind === "provider" || terms.kind === "router";
  return {
    backendId: backend.id,
    wording,
    region: backend.region,
    terms,
    hosts: host ? [host] : [],
    endpointMissing: host === null,
    customEndpoint: hosted && !emulated && host !== null && host !== shippedHost,
    emulated,
  };
}

/** Every backend's data flow for the shop (Settings shows the one being chosen). */
export async function allDataFlows(database: Database, shop: string): Promise<BackendDataFlow[]> {
  const environment = connectionEnvironment();
  const connections = await listConnections(database, shop, environment);
  return modelRegistry()
    .list()
    .map((backend) =>
      dataFlowFor(
        backend,
        connections.find((connection) => connection.backendId === backend.id),
        Boolean(environment.operatorKeys[backend.id]),
      ),
    );
}

/**
 * The backends the shop has configured, each with its role: the primary, the fallbacks in order,
 * then any other backend it saved a connection for. Offered but unused backends are left out.
 */
export async function configuredDataFlows(
  database: Database,
  shop: string,
  usedBackendIds: readonly string[] = [],
): Promise<{ euOnly: boolean; flows: Array<BackendDataFlow & { role: DataFlowRole }> }> {
  const registry = modelRegistry();
  const environment = connectionEnvironment();
  const [settings, connections] = await Promise.all([loadModelSettings(database, shop), listConnections(database, shop, environment)]);
  const roles = new Map<string, DataFlowRole>();
  roles.set(settings.primary.backendId, "primary");
  for (const entry of settings.fallbacks) if (!roles.has(entry.backendId)) roles.set(entry.backendId, "fallback");
  for (const connection of connections) if (!roles.has(connection.backendId)) roles.set(connection.backendId, "connected");
  for (const backendId of usedBackendIds) if (!roles.has(backendId)) roles.set(backendId, "used");
  const flows = [...roles]
    // A backend the operator has since removed has nothing left to send data to.
    .filter(([backendId]) => registry.has(backendId))
    .map(([backendId, role]) => ({
      ...dataFlowFor(
        registry.get(backendId),
        connections.find((connection) => connection.backendId === backendId),
        Boolean(environment.operatorKeys[backendId]),
      ),
      role,
    }));
  return { euOnly: settings.euOnly, flows };
}
