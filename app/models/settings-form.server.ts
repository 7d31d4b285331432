import { z } from "zod";
import { jsonField } from "~/http/bad-request.server";
import type { Database } from "~/db/client.server";
import { listConnections, saveConnection, type ConnectionEnvironment, type ConnectionSummary } from "./connections.server";
import { isWellFormedApiKey } from "./errors";
import { dataFlowFor } from "./data-flow.server";
import { spentThisMonth } from "./ledger.server";
import { PRICE_TABLE_DATE, priceFor } from "./prices";
import { connectionEnvironment, modelRegistry } from "./runtime.server";
import { backendIdSchema, modelIdSchema } from "./ids";
import { chainEntrySchema, InvalidModelSettingsError, loadModelSettings, updateModelSettings } from "./settings.server";
import { UnsafeEndpointError } from "./ssrf.server";
import type { BackendDefinition } from "./types";
import { testConnection, type ConnectionTestResult } from "./test-connection.server";

/**
 * What the Settings page reads and the form intents it may post. Keys go in,
 * only their last four characters come out.
 */
export async function loadSettingsPage(database: Database, shop: string, now: Date) {
  const registry = modelRegistry();
  const environment = connectionEnvironment();
  const [settings, connections, spent] = await Promise.all([
    loadModelSettings(database, shop),
    listConnections(database, shop, environment),
    spentThisMonth(database, shop, now),
  ]);
  const backends = registry.list().map((backend) => ({
    id: backend.id,
    label: backend.label,
    region: backend.region,
    description: backend.description,
    suggestedModels: [...backend.suggestedModels],
    pricedModels: backend.suggestedModels.filter((model) => priceFor(backend, backend.pricingBackendId ?? backend.id, model) !== undefined),
    capabilities: backend.capabilities,
    apiKeyRequired: backend.apiKeyRequired,
    baseUrlEditable: backend.baseUrlEditable,
    defaultBaseUrl: backend.defaultBaseUrl ?? null,
    setupHint: backend.setupHint,
    emulated: backend.emulated ?? false,
    operator: backend.operator ?? null,
    operatorKeyAvailable: Boolean(environment.operatorKeys[backend.id]),
    ready: backendReady(backend, connections, environment),
  }));
  // Where each backend would send product data, read from the saved connection as a call reads it.
  const dataFlows = registry
    .list()
    .map((backend) => dataFlowFor(backend, connections.find((connection) => connection.backendId === backend.id), Boolean(environment.operatorKeys[backend.id])));
  return { backends, settings, connections, dataFlows, spentMicros: spent, priceTableDate: PRICE_TABLE_DATE };
}

/**
 * Whether a backend can be called as saved: Templates always; otherwise a key is
 * stored or the operator's is used (when one is required), and the last
 * connection test, if any, did not fail on the key or the endpoint.
 */
function backendReady(backend: BackendDefinition, connections: ConnectionSummary[], environment: Pick<ConnectionEnvironment, "operatorKeys">): boolean {
  if (backend.family === "templates") return true;
  const connection = connections.find((entry) => entry.backendId === backend.id);
  const operatorKey = Boolean(environment.operatorKeys[backend.id]) && (connection ? connection.useOperatorKey : true);
  if (backend.apiKeyRequired && !connection?.apiKeyLast4 && !operatorKey) return false;
  return !["auth", "malformed_key", "unreachable", "unsafe_endpoint", "not_configured"].includes(connection?.lastTestOutcome ?? "");
}

/** Every backend's readiness for one shop (see backendReady). */
export async function backendReadiness(database: Database, shop: string): Promise<Map<string, boolean>> {
  const environment = connectionEnvironment();
  const connections = await listConnections(database, shop, environment);
  return new Map(modelRegistry().list().map((backend) => [backend.id, backendReady(backend, connections, environment)]));
}

/** The merchant's words for why an endpoint URL is refused, one per cause. */
function endpointError(error: UnsafeEndpointError): string {
  switch (error.reason) {
    case "invalid_url":
      return "invalid_url";
    case "scheme":
      return "unsupported_scheme";
    case "credentials":
      return "credentials_in_url";
    case "unresolvable":
      return "host_not_found";
    default:
      return "unsafe_endpoint";
  }
}

const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .transform((value) => value || null);

export const settingsIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save-model"), backendId: backendIdSchema, modelId: modelIdSchema }),
  z.object({
    intent: z.literal("save-connection"),
    backendId: backendIdSchema,
    apiKey: z.string().trim().max(4000).optional(),
    baseUrl: optionalUrl.optional(),
    useOperatorKey: z.enum(["on", "off"]).optional(),
  }),
  z.object({ intent: z.literal("remove-key"), backendId: backendIdSchema }),
  z.object({ intent: z.literal("test-connection"), backendId: backendIdSchema, modelId: modelIdSchema }),
  z.object({
    intent: z.literal("save-fallbacks"),
    fallbacks: z
      .string()
      .max(10_000)
      .transform((value, context) => jsonField(value || "[]", context))
      .pipe(z.array(chainEntrySchema, { error: "invalid fallback chain" }).max(20)),
  }),
  z.object({ intent: z.literal("save-residency"), euOnly: z.enum(["on", "off"]) }),
  z.object({
    intent: z.literal("save-budget"),
    monthlyBudgetUsd: z
      .string()
      .trim()
      .regex(/^(\d{1,7}(\.\d{1,2})?)?$/, "a dollar amount such as 25 or 25.50"),
  }),
]);

export type SettingsIntent = z.infer<typeof settingsIntentSchema>;

export type SettingsActionResult =
  | { ok: true; intent: SettingsIntent["intent"]; test?: ConnectionTestResult }
  | { ok: false; intent: string; error: string; /** the form field the refusal is about, shown there */ field?: string };

/** Dollars typed by a merchant → integer micro-USD, without floating point. */
export function dollarsToMicros(text: string): number | null {
  if (!text) return null;
  const [whole, cents = ""] = text.split(".");
  return Number(whole) * 1_000_000 + Number(cents.padEnd(2, "0")) * 10_000;
}

/** Runs one parsed intent (the route parses with settingsIntentSchema and answers 400 when it fails). */
export async function runSettingsIntent(database: Database, shop: string, intent: SettingsIntent): Promise<SettingsActionResult> {
  const registry = modelRegistry();
  const environment = connectionEnvironment();
  try {
    switch (intent.intent) {
      case "save-model":
        await updateModelSettings(database, registry, shop, { primary: { backendId: intent.backendId, modelId: intent.modelId } });
        return { ok: true, intent: intent.intent };
      case "save-connection": {
        const backend = registry.get(intent.backendId);
        if (intent.apiKey && !isWellFormedApiKey(intent.apiKey)) return { ok: false, intent: intent.intent, error: "malformed_key", field: "apiKey" };
        const existing = (await listConnections(database, shop, environment)).find((connection) => connection.backendId === backend.id);
        const savedUrl = existing?.baseUrl ?? backend.defaultBaseUrl ?? null;
        const urlChanged = backend.baseUrlEditable && intent.baseUrl !== undefined && (intent.baseUrl ?? null) !== savedUrl;
        const operatorChanged = intent.useOperatorKey !== undefined && (intent.useOperatorKey === "on") !== (existing?.useOperatorKey ?? false);
        // An empty key field with nothing else changed stores nothing: say so instead of "saved".
        if (!intent.apiKey && !urlChanged && !operatorChanged) return { ok: false, intent: intent.intent, error: "nothing_to_save", field: "apiKey" };
        await saveConnection(database, environment, registry.get(intent.backendId), shop, {
          apiKey: intent.apiKey || undefined,
          baseUrl: intent.baseUrl,
          useOperatorKey: intent.useOperatorKey === undefined ? undefined : intent.useOperatorKey === "on",
        });
        return { ok: true, intent: intent.intent };
      }
      case "remove-key":
        await saveConnection(database, environment, registry.get(intent.backendId), shop, { apiKey: "" });
        return { ok: true, intent: intent.intent };
      case "test-connection": {
        registry.get(intent.backendId);
        const settings = await loadModelSettings(database, shop);
        const test = await testConnection(
          { database, registry, connections: environment, monthlyBudgetMicros: settings.monthlyBudgetMicros },
          shop,
          intent.backendId,
          intent.modelId,
        );
        return { ok: true, intent: intent.intent, test };
      }
      case "save-fallbacks": {
        const { primary } = await loadModelSettings(database, shop);
        const keys = intent.fallbacks.map((entry) => `${entry.backendId}:${entry.modelId}`);
        if (keys.includes(`${primary.backendId}:${primary.modelId}`)) return { ok: false, intent: intent.intent, error: "fallback_is_primary" };
        if (new Set(keys).size !== keys.length) return { ok: false, intent: intent.intent, error: "fallback_repeated" };
        await updateModelSettings(database, registry, shop, { fallbacks: intent.fallbacks });
        return { ok: true, intent: intent.intent };
      }
      case "save-residency":
        await updateModelSettings(database, registry, shop, { euOnly: intent.euOnly === "on" });
        return { ok: true, intent: intent.intent };
      case "save-budget":
        await updateModelSettings(database, registry, shop, { monthlyBudgetMicros: dollarsToMicros(intent.monthlyBudgetUsd) });
        return { ok: true, intent: intent.intent };
    }
  } catch (error) {
    if (error instanceof InvalidModelSettingsError) return { ok: false, intent: intent.intent, error: error.code };
    if (error instanceof UnsafeEndpointError) return { ok: false, intent: intent.intent, error: endpointError(error), field: "baseUrl" };
    if (error instanceof Error && error.name === "UnknownBackendError") return { ok: false, intent: intent.intent, error: "unknown_backend" };
    throw error;
  }
}
