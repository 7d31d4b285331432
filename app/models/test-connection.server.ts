import { z } from "zod";
import type { Database } from "~/db/client.server";
import { recordConnectionTest, type ConnectionEnvironment } from "./connections.server";
import { ModelCallError, type ModelErrorKind } from "./errors";
import { generateStructured } from "./generate.server";
import { isAllowedWhenEuOnly, type BackendRegistry } from "./registry";
import { InvalidModelSettingsError, loadModelSettings } from "./settings.server";

export interface ConnectionTestResult {
  ok: boolean;
  kind: "ok" | ModelErrorKind;
  latencyMs: number;
  detail?: string;
}

const pingSchema = z.object({ ok: z.boolean() });

/**
 * A minimal real call: one tiny structured answer from the chosen backend and
 * model, with no fallback, so the result says exactly what is wrong (bad key,
 * no quota, unknown model, unreachable host, timeout). It is billed, so it is
 * on the ledger and under the budget like any call. A shop that keeps its
 * data in the EU / on its own servers cannot test a US backend: the refusal
 * (InvalidModelSettingsError "not_allowed_eu_only") comes before any request,
 * so neither the ping nor the key leaves.
 */
export async function testConnection(
  context: { database: Database; registry: BackendRegistry; connections: ConnectionEnvironment; monthlyBudgetMicros: number | null },
  shop: string,
  backendId: string,
  modelId: string,
): Promise<ConnectionTestResult> {
  const backend = context.registry.get(backendId);
  const { euOnly } = await loadModelSettings(context.database, shop);
  if (euOnly && !isAllowedWhenEuOnly(backend.region)) throw new InvalidModelSettingsError("not_allowed_eu_only", backendId);
  const started = performance.now();
  let result: ConnectionTestResult;
  try {
    await generateStructured(
      {
        database: context.database,
        registry: context.registry,
        connections: context.connections,
        policy: { chain: [{ backendId, modelId }], euOnly, monthlyBudgetMicros: context.monthlyBudgetMicros },
        retry: { maxAttempts: 1 },
      },
      {
        shop,
        purpose: "connection-test",
        schema: pingSchema,
        instructions: 'Answer with the JSON object {"ok": true}.',
        data: "Connection test from Plume.",
        maxOutputTokens: 20,
        offline: () => ({ ok: true }),
        timeoutMs: 20_000,
      },
    );
    result = { ok: true, kind: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof ModelCallError)) throw error;
    result = { ok: false, kind: error.kind, latencyMs: Math.round(performance.now() - started), detail: error.details.statusCode ? `HTTP ${error.details.statusCode}` : undefined };
  }
  await recordConnectionTest(context.database, shop, backendId, result.kind, new Date());
  return result;
}
