import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { applyColumn, createComparison, deleteComparison, drawProducts, estimateComparison, listComparisons, loadComparison, runComparison, adoptColumn, voteWinner } from "~/compare/service.server";
import { COMPARE_PURPOSE, compareStartInputSchema, type CompareModel } from "~/compare/types";
import { saveConnection } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import type { ModelEnvironment } from "~/models/run-context.server";
import { loadModelSettings, updateModelSettings } from "~/models/settings.server";
import { createKeyring } from "~/secrets/crypto.server";
import { usageSummary } from "~/usage/summary.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type RunningProviderEmulator } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Compare (issue 13) over real HTTP: product facts from the Admin emulator, copy from three provider
 * emulators, each with its own stated latency, and Templates. The models run in parallel, so the wall
 * time is about the slowest column's, not the sum; a failing backend fails only its own column; votes
 * and "use as default" change the shop's settings; every call is a ledger row of kind compare.
 */
const SHOP = "compare.myshopify.com";
const LATENCY = { openai: 600, mistral: 900, ollama: 1200 } as const;
const OPENAI: CompareModel = { backendId: "emulated-openai", modelId: "gpt-6-luna" };
const MISTRAL: CompareModel = { backendId: "emulated-mistral", modelId: "mistral-small-latest" };
const OLLAMA: CompareModel = { backendId: "emulated-ollama", modelId: "llama3.2:latest" };
const TEMPLATES: CompareModel = { backendId: "templates", modelId: "default" };

let admin: RunningAdminEmulator;
let emulators: Record<keyof typeof LATENCY, RunningProviderEmulator>;
let testDatabase: TestDatabase;
let client: ReturnType<typeof emulatorAdminClient>;
let environment: ModelEnvironment;
let productIds: string[];

beforeAll(async () => {
  admin = await startAdminEmulator({ apiKey: "k", apiSecret: "s", scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales", plan: "plus", shops: [{ domain: SHOP, seed: { products: 12, seed: 11 } }] });
  const [openai, mistral, ollama] = await Promise.all([
    startProviderEmulator({ latencyMs: LATENCY.openai }),
    startProviderEmulator({ latencyMs: LATENCY.mistral }),
    startProviderEmulator({ latencyMs: LATENCY.ollama }),
  ]);
  emulators = { openai: openai!, mistral: mistral!, ollama: ollama! };
  testDatabase = await freshSqlite();
  client = emulatorAdminClient(admin, SHOP);
  const registry = BackendRegistry.withExtras([
    { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: emulators.openai.baseUrls.openai, emulated: true },
    { id: "emulated-mistral", extends: "mistral", label: "Mistral (emulated)", baseUrl: emulators.mistral.baseUrls.mistral, emulated: true },
    { id: "emulated-ollama", extends: "ollama", label: "Ollama (emulated)", baseUrl: `${emulators.ollama.baseUrls.ollama}/v1`, emulated: true },
  ]);
  const connections = {
    keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 5).toString("base64") }),
    endpointPolicy: { allowedHosts: Object.values(emulators).map((emulator) => new URL(emulator.url).host) },
    operatorKeys: {},
  };
  environment = { registry, connections };
  await saveConnection(testDatabase.database, connections, registry.get("emulated-openai"), SHOP, { apiKey: "sk-emulated-openai" });
  await saveConnection(testDatabase.database, connections, registry.get("emulated-mistral"), SHOP, { apiKey: "mistral-emulated-key" });
  // English products, indexed like the Products page's catalog (the sample and the titles read the index).
  const english = admin.store.requireShop(SHOP).catalog.all().filter((product) => product.contentLanguage === "en");
  productIds = english.map((product) => `gid://shopify/Product/${product.legacyId}`);
  for (const productId of productIds) await refreshIndexedProduct(client, testDatabase.database, SHOP, productId);
  expect(productIds.length).toBeGreaterThanOrEqual(3);
}, 60_000);

afterAll(async () => {
  await Promise.all([admin.close(), ...Object.values(emulators).map((emulator) => emulator.close()), testDatabase.close()]);
});

beforeEach(async () => {
  for (const emulator of Object.values(emulators)) emulator.reset();
  await updateModelSettings(testDatabase.database, environment.registry, SHOP, { primary: TEMPLATES, fallbacks: [], monthlyBudgetMicros: null });
});

const request = { fields: ["seoTitle", "metaDescription"] as const, locale: "en" };

async function compare(models: CompareModel[], ids: string[]) {
  const { id } = await createComparison(testDatabase.database, SHOP, "merchant", { models, request: { ...request, fields: [...request.fields] }, productIds: ids }, { environment });
  const started = performance.now();
  await runComparison(client, testDatabase.database, SHOP, id, { environment });
  const wallMs = performance.now() - started;
  const view = await loadComparison(testDatabase.database, SHOP, id, { environment });
  if (!view) throw new Error("the comparison was not stored");
  return { id, view, wallMs };
}

describe("compare", () => {
  it("estimates calls, tokens and cost per model from the price table before anything runs", async () => {
    const estimate = await estimateComparison(client, testDatabase.database, SHOP, { models: [OPENAI, OLLAMA, TEMPLATES], request: { ...request, fields: [...request.fields] }, products: { kind: "sample", filter: { query: "", missing: "", tooLong: "", vendor: "", productType: "", status: "" }, size: 3 } }, { environment });
    expect(estimate.products).toHaveLength(3);
    for (const product of estimate.products) expect(productIds).toContain(product.id);
    const [openai, ollama, templates] = estimate.columns;
    expect(openai!.modelCalls).toBe(3);
    expect(openai!.inputTokens).toBeGreaterThan(0);
    expect(openai!.costMicros).toBeGreaterThan(0);
    expect(templates!.modelCalls).toBe(0);
    expect(templates!.costMicros).toBe(0);
    expect(ollama!.refusal).toBeNull();
    expect(estimate.budget.ok).toBe(true);
    // no model was called by an estimate
    for (const emulator of Object.values(emulators)) expect(emulator.requests.length).toBe(0);
  });

  it("runs 4 backends in parallel: the wall time is about the slowest column's, well under the sum", async () => {
    const ids = productIds.slice(0, 2);
    const { id, view, wallMs } = await compare([OPENAI, MISTRAL, OLLAMA, TEMPLATES], ids);
    expect(view.status).toBe("done");
    for (const result of view.results) expect(result.status, `${view.models[result.column]!.backendId}: ${result.errorKind}`).toBe("done");
    // one model call per product per paid column, through each emulator with its own latency
    expect(emulators.openai.requests.length).toBe(2);
    expect(emulators.mistral.requests.length).toBe(2);
    expect(emulators.ollama.requests.length).toBe(2);
    const columnMs = view.totals.map((total) => total.totalLatencyMs);
    const slowest = Math.max(...columnMs);
    const sum = columnMs.reduce((total, value) => total + value, 0);
    // each column takes at least its stated latency per product (its products run one after another)
    expect(columnMs[0]).toBeGreaterThanOrEqual(2 * LATENCY.openai);
    expect(columnMs[1]).toBeGreaterThanOrEqual(2 * LATENCY.mistral);
    expect(columnMs[2]).toBeGreaterThanOrEqual(2 * LATENCY.ollama);
    console.log(`compare wall ${Math.round(wallMs)} ms; slowest column ${slowest} ms; sum of columns ${sum} ms; columns ${columnMs.join("/")} ms`);
    expect(wallMs).toBeLessThan(1.3 * slowest);
    // what running them together adds beyond the slowest column stays under 30% of its latency-driven time
    // (a bound on the orchestration, robust to a loaded machine slowing every column alike)
    expect(wallMs - slowest).toBeLessThan(0.3 * 2 * LATENCY.ollama);
    expect(wallMs).toBeLessThan(0.6 * sum);
    // side by side: values with their checks, tokens and cost per column, cost per 1,000 products
    for (const result of view.results) {
      expect(result.values.map((value) => value.field).sort()).toEqual(["metaDescription", "seoTitle"]);
      expect(result.latencyMs).toBeGreaterThan(0);
      for (const value of result.values) expect(value.characters).toBe([...value.value].length);
    }
    const openai = view.totals[0]!;
    expect(openai.inputTokens).toBeGreaterThan(0);
    expect(openai.outputTokens).toBeGreaterThan(0);
    expect(openai.costMicros).toBeGreaterThan(0);
    expect(openai.costPerThousandMicros).toBe(Math.round((openai.costMicros! / 2) * 1000));
    expect(view.totals[3]!.costMicros).toBe(0);
    // the Mistral alias has no price: its cost is unknown, not zero, here and in the history
    expect(view.totals[1]!.costMicros).toBeNull();
    const listed = (await listComparisons(testDatabase.database, SHOP)).find((entry) => entry.id === id);
    expect(listed).toMatchObject({ status: "done", products: 2, unpricedModels: 1 });
    expect(listed!.costMicros).toBe(view.totals.reduce((sum, total) => sum + (total.costMicros ?? 0), 0));
    // a comparison leaves the products' pending proposals alone
    expect(await testDatabase.database.proposal.count({ where: { shop: SHOP } })).toBe(0);
  }, 30_000);

  it("a failing backend shows its error in its own column; the others complete; calls are ledger rows of kind compare", async () => {
    emulators.mistral.faults.inject({ provider: "mistral", kind: "insufficient_quota", times: 10 });
    const since = new Date();
    const { view } = await compare([OPENAI, MISTRAL, OLLAMA], productIds.slice(0, 2));
    const column = (index: number) => view.results.filter((result) => result.column === index);
    expect(column(1).map((result) => [result.status, result.errorKind])).toEqual([
      ["failed", "quota"],
      ["failed", "quota"],
    ]);
    for (const index of [0, 2]) for (const result of column(index)) expect(result.status).toBe("done");
    expect(view.totals[1]!.failed).toBe(2);
    // no fallback wrote in the failing column's place
    expect(column(1).every((result) => result.values.length === 0)).toBe(true);

    const ledger = await testDatabase.database.usageLedger.findMany({ where: { shop: SHOP, purpose: COMPARE_PURPOSE } });
    const fresh = ledger.filter((row) => row.createdAt >= since);
    expect(fresh).toHaveLength(2 + 2 + 2);
    expect(fresh.filter((row) => row.backendId === "emulated-mistral").map((row) => row.outcome)).toEqual(["quota", "quota"]);
    const month = new Date().toISOString().slice(0, 7);
    const summary = await usageSummary(testDatabase.database, SHOP, month, new Date());
    const compareKind = summary.byKind.find((line) => line.kind === "compare");
    expect(compareKind?.calls).toBe(ledger.length);
    expect(compareKind?.errors).toBe(ledger.filter((row) => row.outcome !== "ok").length);
  }, 30_000);

  it("counts against the budget like any call: holds settled into the ledger, and a spent budget stops the paid column only", async () => {
    await updateModelSettings(testDatabase.database, environment.registry, SHOP, { monthlyBudgetMicros: 50_000_000 });
    const paid = await compare([OPENAI, TEMPLATES], productIds.slice(0, 1));
    expect(paid.view.results.map((result) => result.status)).toEqual(["done", "done"]);
    const row = await testDatabase.database.usageLedger.findFirst({ where: { shop: SHOP, purpose: COMPARE_PURPOSE, backendId: OPENAI.backendId }, orderBy: { createdAt: "desc" } });
    expect(Number(row!.costMicros)).toBe(paid.view.totals[0]!.costMicros);
    expect(await testDatabase.database.budgetHold.count({ where: { shop: SHOP } })).toBe(0);

    await updateModelSettings(testDatabase.database, environment.registry, SHOP, { monthlyBudgetMicros: 1 });
    emulators.openai.reset();
    const { view } = await compare([OPENAI, TEMPLATES], productIds.slice(0, 1));
    expect(view.results.map((result) => [result.column, result.status, result.errorKind])).toEqual([
      [0, "failed", "budget_exceeded"],
      [1, "done", null],
    ]);
    expect(emulators.openai.requests.length).toBe(0);
  }, 30_000);

  it("votes a winner per product and field, makes the winner the default or a fallback, applies one, keeps history, deletes", async () => {
    const ids = productIds.slice(0, 2);
    const { id } = await compare([OPENAI, TEMPLATES], ids);
    await voteWinner(testDatabase.database, SHOP, id, { productId: ids[0]!, field: "seoTitle", column: 0 });
    await voteWinner(testDatabase.database, SHOP, id, { productId: ids[0]!, field: "metaDescription", column: 0 });
    await voteWinner(testDatabase.database, SHOP, id, { productId: ids[1]!, field: "seoTitle", column: 1 });
    await voteWinner(testDatabase.database, SHOP, id, { productId: ids[1]!, field: "seoTitle", column: 0 }); // changed their mind
    let view = await loadComparison(testDatabase.database, SHOP, id, { environment });
    expect(view!.totals.map((total) => total.wins)).toEqual([3, 0]);
    await voteWinner(testDatabase.database, SHOP, id, { productId: ids[1]!, field: "seoTitle", column: null });
    view = await loadComparison(testDatabase.database, SHOP, id, { environment });
    expect(view!.totals.map((total) => total.wins)).toEqual([2, 0]);
    await expect(voteWinner(testDatabase.database, SHOP, id, { productId: ids[0]!, field: "seoTitle", column: 3 })).rejects.toThrow(/unknown_column/);

    await adoptColumn(testDatabase.database, SHOP, id, { column: 0, as: "primary" }, { environment });
    expect((await loadModelSettings(testDatabase.database, SHOP)).primary).toEqual(OPENAI);
    await adoptColumn(testDatabase.database, SHOP, id, { column: 1, as: "fallback" }, { environment });
    const settings = await loadModelSettings(testDatabase.database, SHOP);
    expect(settings.primary).toEqual(OPENAI);
    expect(settings.fallbacks).toEqual([TEMPLATES]);
    await expect(adoptColumn(testDatabase.database, SHOP, id, { column: 0, as: "fallback" }, { environment })).rejects.toThrow(/fallback_is_primary/);

    // "Apply this one": written through the apply path, with revisions the Product page can revert
    const applied = await applyColumn(client, testDatabase.database, SHOP, id, { productId: ids[0]!, column: 1, actor: "merchant" });
    expect(applied.written + applied.skipped).toBe(2);
    const revisions = await testDatabase.database.revision.findMany({ where: { shop: SHOP, productId: ids[0]!, status: "written" } });
    expect(revisions.length).toBe(applied.written);
    expect(revisions.every((revision) => revision.source === "generation:templates/default")).toBe(true);

    expect((await listComparisons(testDatabase.database, SHOP)).some((entry) => entry.id === id && entry.products === 2)).toBe(true);
    // another shop sees nothing of it
    expect(await loadComparison(testDatabase.database, "other.myshopify.com", id, { environment })).toBeNull();
    await expect(deleteComparison(testDatabase.database, "other.myshopify.com", id)).rejects.toThrow(/unknown_comparison/);
    await deleteComparison(testDatabase.database, SHOP, id);
    expect(await loadComparison(testDatabase.database, SHOP, id, { environment })).toBeNull();
    expect(await testDatabase.database.comparisonVote.count({ where: { comparisonId: id } })).toBe(0);
    expect(await testDatabase.database.comparisonResult.count({ where: { comparisonId: id } })).toBe(0);
  }, 30_000);

  it("draws a random sample from a filter, and refuses malformed or oversized requests", async () => {
    const filter = { query: "", missing: "" as const, tooLong: "" as const, vendor: "", productType: "", status: "" as const };
    const sample = await drawProducts(testDatabase.database, SHOP, { kind: "sample", filter, size: 2 });
    expect(sample).toHaveLength(2);
    expect(new Set(sample).size).toBe(2);
    const all = await drawProducts(testDatabase.database, SHOP, { kind: "sample", filter, size: 20 });
    expect(all.sort()).toEqual([...(await testDatabase.database.catalogProduct.findMany({ where: { shop: SHOP }, select: { productId: true } })).map((row) => row.productId)].sort());
    const base = { models: [OPENAI, TEMPLATES], request: { fields: ["seoTitle"], locale: "en" }, productIds: [productIds[0]] };
    expect(compareStartInputSchema.safeParse(base).success).toBe(true);
    expect(compareStartInputSchema.safeParse({ ...base, models: [OPENAI] }).success).toBe(false);
    expect(compareStartInputSchema.safeParse({ ...base, models: [OPENAI, OPENAI] }).success).toBe(false);
    expect(compareStartInputSchema.safeParse({ ...base, models: [OPENAI, MISTRAL, OLLAMA, TEMPLATES, { backendId: "openai", modelId: "gpt-4.1" }] }).success).toBe(false);
    expect(compareStartInputSchema.safeParse({ ...base, productIds: Array.from({ length: 21 }, (_, index) => `gid://shopify/Product/${index + 1}`) }).success).toBe(false);
  });
});
