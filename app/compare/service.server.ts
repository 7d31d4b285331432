import type { AdminGraphql } from "~/catalog/admin-client.server";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { loadProductSnapshot, ProductNotFoundError } from "~/catalog/product-facts.server";
import { applyValues, idempotencyKeyFor, type ApplyOutcome } from "~/copy/apply.server";
import { checkEditedValue, generateItem, loadCopyRun, type CopyRun } from "~/copy/product-workflow.server";
import { descriptionHtmlToText, sanitizeDescriptionHtml } from "~/copy/sanitize.server";
import { characterCount } from "~/copy/text";
import { loadCopySettings } from "~/copy/settings";
import { copyFieldSchema, type CopyField } from "~/copy/types";
import type { Database } from "~/db/client.server";
import type { BackendWording } from "~/i18n/backend-text";
import { JobBudgetError, JobRequestError, JobUnpricedModelError } from "~/jobs/errors";
import { budgetPosition, estimateJob } from "~/jobs/estimate.server";
import { selectionPages } from "~/jobs/selection.server";
import { BadRequestError } from "~/http/bad-request.server";
import { priceFor } from "~/models/prices";
import { isAllowedWhenEuOnly } from "~/models/registry";
import { defaultModelEnvironment, type ModelEnvironment } from "~/models/run-context.server";
import { loadModelSettings, updateModelSettings, InvalidModelSettingsError } from "~/models/settings.server";
import {
  COMPARE_EXTRAPOLATE_TO,
  COMPARE_PURPOSE,
  COMPARE_STALE_AFTER_MS,
  compareModelsSchema,
  compareRequestSchema,
  type ColumnTotals,
  type CompareApplyResult,
  type CompareEstimate,
  type CompareEstimateInput,
  type CompareModel,
  type CompareProducts,
  type CompareRequest,
  type CompareStartInput,
  type ComparedValue,
  type ComparisonResultView,
  type ComparisonStatus,
  type ComparisonSummary,
  type ComparisonView,
  type ResultStatus,
} from "./types";

/**
 * Side-by-side comparisons (issue 13). Every model runs the same products through the
 * single-product pipeline (loadCopyRun + generateItem: snapshot, prompt, model, checks,
 * sanitiser), the models in parallel and each model's products one after another, so the
 * wall time is about the slowest model's, not the sum. Calls go through generateStructured,
 * so each takes a budget hold and leaves ledger rows, of purpose "compare". Results live in
 * their own tables: a comparison never replaces a product's pending proposals. Every query is
 * scoped to the shop.
 */

export class ComparisonNotFoundError extends BadRequestError {
  constructor(readonly comparisonId: string) {
    super("unknown_comparison", { comparisonId: "no such comparison in this shop" });
  }
}

/** The products to compare: the picked ones, or a uniform random sample of the filter's matches (reservoir, page by page). */
export async function drawProducts(database: Database, shop: string, products: CompareProducts, random: () => number = Math.random): Promise<string[]> {
  // Picked products are read from Shopify when they run: one that no longer exists fails by name in every column.
  if (products.kind === "ids") return products.ids;
  const sample: string[] = [];
  let seen = 0;
  for await (const page of selectionPages(database, shop, { kind: "filter", filter: products.filter })) {
    for (const id of page) {
      seen += 1;
      if (sample.length < products.size) sample.push(id);
      else {
        const slot = Math.floor(random() * seen);
        if (slot < products.size) sample[slot] = id;
      }
    }
  }
  if (sample.length === 0) throw new JobRequestError("empty_selection");
  return sample;
}

async function productTitles(database: Database, shop: string, ids: string[]) {
  const rows = await database.catalogProduct.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, title: true } });
  const titles = new Map(rows.map((row) => [row.productId, row.title]));
  return ids.map((id) => ({ id, title: titles.get(id) ?? "" }));
}

/** Refuses a model the registry does not know or the EU / self-hosted switch forbids, before anything runs. */
async function assertRunnable(database: Database, shop: string, models: CompareModel[], environment: ModelEnvironment) {
  const settings = await loadModelSettings(database, shop);
  for (const model of models) {
    if (!environment.registry.has(model.backendId)) throw new JobRequestError("unknown_backend", { backendId: model.backendId });
    if (settings.euOnly && !isAllowedWhenEuOnly(environment.registry.get(model.backendId).region)) throw new JobRequestError("not_allowed_eu_only", { backendId: model.backendId });
  }
}

/** Calls, tokens and cost per model from the price table (the bulk jobs' estimate, on these products), and the budget's answer for the total. */
export async function estimateComparison(admin: AdminGraphql, database: Database, shop: string, input: CompareEstimateInput, options: { environment?: ModelEnvironment; random?: () => number } = {}): Promise<CompareEstimate> {
  const environment = options.environment ?? defaultModelEnvironment();
  await assertRunnable(database, shop, input.models, environment);
  const productIds = await drawProducts(database, shop, input.products, options.random);
  const columns = [];
  for (const model of input.models) {
    try {
      const estimate = await estimateJob(
        admin,
        database,
        shop,
        { selection: { kind: "ids", ids: productIds }, request: { fields: input.request.fields, locales: [input.request.locale], ...model }, mode: "review" },
        { environment },
      );
      columns.push({ ...model, refusal: null, ...pick(estimate), priceTableDate: estimate.priceTableDate });
    } catch (error) {
      if (!(error instanceof JobRequestError)) throw error;
      columns.push({ ...model, refusal: error.code, modelCalls: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costMicros: null, priceTableDate: null });
    }
  }
  const totalCostMicros = columns.some((column) => column.costMicros === null && column.refusal === null) ? null : columns.reduce((sum, column) => sum + (column.costMicros ?? 0), 0);
  let budget: CompareEstimate["budget"];
  try {
    const unpriced = columns.find((column) => column.costMicros === null && column.refusal === null);
    const position = await budgetPosition(database, shop, { costMicros: totalCostMicros, backendId: unpriced?.backendId ?? input.models[0]!.backendId, modelId: unpriced?.modelId ?? input.models[0]!.modelId }, { environment });
    budget = { ok: true, remainingAfterMicros: position.remainingAfterMicros };
  } catch (error) {
    if (error instanceof JobBudgetError) budget = { ok: false, code: error.code, params: { ...error.numbers } };
    else if (error instanceof JobUnpricedModelError) budget = { ok: false, code: error.code, params: { backendId: error.backendId, modelId: error.modelId } };
    else throw error;
  }
  return { products: await productTitles(database, shop, productIds), columns, totalCostMicros, budget };
}

function pick(estimate: { modelCalls: number; inputTokens: number; cachedInputTokens: number; outputTokens: number; costMicros: number | null }) {
  const { modelCalls, inputTokens, cachedInputTokens, outputTokens, costMicros } = estimate;
  return { modelCalls, inputTokens, cachedInputTokens, outputTokens, costMicros };
}

/** Stores the comparison and one queued result per product and model; the caller runs it (runComparison) without waiting. */
export async function createComparison(database: Database, shop: string, actor: string, input: CompareStartInput, options: { environment?: ModelEnvironment } = {}): Promise<{ id: string }> {
  const environment = options.environment ?? defaultModelEnvironment();
  await assertRunnable(database, shop, input.models, environment);
  const products = await productTitles(database, shop, input.productIds);
  return database.$transaction(async (tx) => {
    const comparison = await tx.comparison.create({ data: { shop, actor, request: JSON.stringify(input.request), models: JSON.stringify(input.models) }, select: { id: true } });
    await tx.comparisonResult.createMany({
      data: input.models.flatMap((model, column) =>
        products.map((product) => ({ shop, comparisonId: comparison.id, column, backendId: model.backendId, modelId: model.modelId, productId: product.id, productTitle: product.title })),
      ),
    });
    return comparison;
  });
}

/**
 * Runs every column at once; each column works through its products in order. A column whose
 * backend fails records the failure on its products and stops nothing else. Resolves when all are done.
 */
export async function runComparison(admin: AdminGraphql, database: Database, shop: string, comparisonId: string, options: { environment?: ModelEnvironment } = {}): Promise<void> {
  const environment = options.environment ?? defaultModelEnvironment();
  const comparison = await database.comparison.findFirst({ where: { id: comparisonId, shop } });
  if (!comparison) throw new ComparisonNotFoundError(comparisonId);
  const request = compareRequestSchema.parse(JSON.parse(comparison.request));
  const models = compareModelsSchema.parse(JSON.parse(comparison.models));
  const rows = await database.comparisonResult.findMany({ where: { shop, comparisonId }, orderBy: { id: "asc" }, select: { id: true, column: true, productId: true } });
  await Promise.all(models.map((model, column) => runColumn(admin, database, { shop, comparisonId, request, model, environment, rows: rows.filter((row) => row.column === column) })));
  await database.comparison.updateMany({ where: { id: comparisonId, shop }, data: { status: "done", finishedAt: new Date() } });
}

async function runColumn(
  admin: AdminGraphql,
  database: Database,
  input: { shop: string; comparisonId: string; request: CompareRequest; model: CompareModel; environment: ModelEnvironment; rows: Array<{ id: string; productId: string }> },
) {
  const { shop, request, model, environment } = input;
  const loaded = await loadCopyRun(database, shop, { fields: request.fields, locales: [request.locale], ...model }, { environment });
  // Only this column's backend: a fallback writing in its place would compare the wrong model.
  const run: CopyRun = loaded.model.ok
    ? { ...loaded, purpose: COMPARE_PURPOSE, model: { ...loaded.model, context: { ...loaded.model.context, policy: { ...loaded.model.context.policy, chain: [model] } } } }
    : { ...loaded, purpose: COMPARE_PURPOSE };
  const backend = environment.registry.has(model.backendId) ? environment.registry.get(model.backendId) : null;
  const priced = backend !== null && (backend.family === "templates" || priceFor(backend, backend.pricingBackendId ?? backend.id, model.modelId) !== undefined);
  for (const row of input.rows) {
    await database.comparisonResult.updateMany({ where: { id: row.id, shop }, data: { status: "running", startedAt: new Date() } });
    const started = performance.now();
    let status: ResultStatus = "done";
    let errorKind: string | null = null;
    let values: ComparedValue[] = [];
    let usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
    let costMicros = 0;
    let title: string | undefined;
    try {
      const item = await generateItem(admin, database, run, row.productId);
      values = item.results.flatMap((result) => result.proposals);
      usage = item.results.reduce(
        (sum, result) => ({
          inputTokens: sum.inputTokens + (result.usage?.inputTokens ?? 0),
          cachedInputTokens: sum.cachedInputTokens + (result.usage?.cachedInputTokens ?? 0),
          outputTokens: sum.outputTokens + (result.usage?.outputTokens ?? 0),
        }),
        usage,
      );
      costMicros = item.costMicros;
      title = item.product?.title;
      if (!item.outcome.ok) {
        status = "failed";
        errorKind = item.outcome.error?.kind ?? "model_error";
      }
    } catch (error) {
      if (error instanceof ProductNotFoundError) {
        status = "failed";
        errorKind = "product_not_found";
      } else {
        console.error(`comparison ${input.comparisonId}: ${model.backendId}/${model.modelId} on ${row.productId} failed`, error);
        status = "failed";
        errorKind = "internal_error";
      }
    }
    await database.comparisonResult.updateMany({
      where: { id: row.id, shop },
      data: {
        status,
        errorKind,
        proposals: JSON.stringify(values),
        ...usage,
        costMicros: priced ? BigInt(costMicros) : null,
        latencyMs: Math.round(performance.now() - started),
        finishedAt: new Date(),
        ...(title !== undefined ? { productTitle: title } : {}),
      },
    });
    // Progress keeps the comparison fresh: a run that stops moving for COMPARE_STALE_AFTER_MS was cut off.
    await database.comparison.updateMany({ where: { id: input.comparisonId, shop }, data: { updatedAt: new Date() } });
  }
}

/** The comparison as the page shows it, or null when the shop has none by that id. */
export async function loadComparison(database: Database, shop: string, comparisonId: string, options: { now?: Date; environment?: ModelEnvironment } = {}): Promise<ComparisonView | null> {
  const now = options.now ?? new Date();
  const environment = options.environment ?? defaultModelEnvironment();
  const comparison = await database.comparison.findFirst({ where: { id: comparisonId, shop } });
  if (!comparison) return null;
  const [rows, votes, copySettings, modelSettings] = await Promise.all([
    database.comparisonResult.findMany({ where: { shop, comparisonId }, orderBy: [{ column: "asc" }, { id: "asc" }] }),
    database.comparisonVote.findMany({ where: { shop, comparisonId } }),
    loadCopySettings(database, shop),
    loadModelSettings(database, shop),
  ]);
  const stale = comparison.status === "running" && now.getTime() - comparison.updatedAt.getTime() > COMPARE_STALE_AFTER_MS;
  const status: ComparisonStatus = stale ? "interrupted" : comparison.status === "done" ? "done" : "running";
  const request = compareRequestSchema.parse(JSON.parse(comparison.request));
  const models = compareModelsSchema.parse(JSON.parse(comparison.models));
  const render = (html: string) => sanitizeDescriptionHtml(html, { allowLinks: copySettings.allowLinks });
  const results: ComparisonResultView[] = rows.map((row) => {
    const values = JSON.parse(row.proposals) as ComparedValue[];
    const unfinished = row.status === "queued" || row.status === "running";
    return {
      column: row.column,
      productId: row.productId,
      status: stale && unfinished ? "failed" : (row.status as ResultStatus),
      values: values.map((value) => ({ ...value, characters: characterCount(value.field === "descriptionHtml" ? descriptionHtmlToText(value.value) : value.value) })),
      // Stored sanitised already; rendered through the sanitiser again because only its output is ever shown as HTML.
      rendered: Object.fromEntries(values.filter((value) => value.field === "descriptionHtml").map((value) => [value.resourceId, render(value.value)])),
      errorKind: stale && unfinished ? "interrupted" : row.errorKind,
      inputTokens: row.inputTokens,
      cachedInputTokens: row.cachedInputTokens,
      outputTokens: row.outputTokens,
      costMicros: row.costMicros === null ? null : Number(row.costMicros),
      latencyMs: row.latencyMs,
    };
  });
  const products = [...new Map(rows.filter((row) => row.column === 0).map((row) => [row.productId, { id: row.productId, title: row.productTitle }])).values()];
  const voteViews = votes.map((vote) => ({ productId: vote.productId, field: copyFieldSchema.parse(vote.field), column: vote.column }));
  return {
    id: comparison.id,
    status,
    createdAt: comparison.createdAt.toISOString(),
    finishedAt: comparison.finishedAt?.toISOString() ?? null,
    request,
    models: models.map((model) => ({ ...model, wording: wordingOf(environment, model.backendId) })),
    products,
    results,
    votes: voteViews,
    totals: models.map((model, column) => columnTotals(column, model, results, voteViews)),
    settings: { primary: modelSettings.primary, fallbacks: modelSettings.fallbacks },
  };
}

/** How the page words a column's backend: a shipped one by id, an operator's by its entry; one no longer configured by its id. */
function wordingOf(environment: ModelEnvironment, backendId: string): BackendWording {
  if (!environment.registry.has(backendId)) return { id: backendId, operator: { extendsId: backendId, label: backendId, hint: null, emulated: false, emulatedKey: null } };
  return { id: backendId, operator: environment.registry.get(backendId).operator ?? null };
}

/** One model's totals: tokens, cost (unknown when unpriced), cost per 1,000 products, time, checks and wins. */
export function columnTotals(column: number, model: CompareModel, results: ComparisonResultView[], votes: Array<{ column: number }>): ColumnTotals {
  const own = results.filter((result) => result.column === column);
  const finished = own.filter((result) => result.status === "done" || result.status === "failed");
  const done = own.filter((result) => result.status === "done");
  const unpriced = finished.some((result) => result.costMicros === null);
  const cost = finished.reduce((sum, result) => sum + (result.costMicros ?? 0), 0);
  const latencies = finished.map((result) => result.latencyMs).filter((value): value is number => value !== null);
  return {
    column,
    ...model,
    done: done.length,
    failed: finished.length - done.length,
    inputTokens: own.reduce((sum, result) => sum + result.inputTokens, 0),
    cachedInputTokens: own.reduce((sum, result) => sum + result.cachedInputTokens, 0),
    outputTokens: own.reduce((sum, result) => sum + result.outputTokens, 0),
    costMicros: unpriced ? null : cost,
    costPerThousandMicros: unpriced || done.length === 0 ? null : Math.round((cost / done.length) * COMPARE_EXTRAPOLATE_TO),
    maxLatencyMs: latencies.length === 0 ? null : Math.max(...latencies),
    totalLatencyMs: latencies.reduce((sum, value) => sum + value, 0),
    hardFailures: own.reduce((sum, result) => sum + result.values.reduce((count, value) => count + value.hardFailures.length, 0), 0),
    warnings: own.reduce((sum, result) => sum + result.values.reduce((count, value) => count + value.warnings.length, 0), 0),
    wins: votes.filter((vote) => vote.column === column).length,
  };
}

/** The shop's comparisons, newest first (bounded), with what each cost. */
export async function listComparisons(database: Database, shop: string, options: { now?: Date; take?: number } = {}): Promise<ComparisonSummary[]> {
  const now = options.now ?? new Date();
  const comparisons = await database.comparison.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: options.take ?? 50 });
  if (comparisons.length === 0) return [];
  const ids = comparisons.map((comparison) => comparison.id);
  const [costs, counts, unpriced] = await Promise.all([
    database.comparisonResult.groupBy({ by: ["comparisonId"], where: { shop, comparisonId: { in: ids } }, _sum: { costMicros: true } }),
    database.comparisonResult.groupBy({ by: ["comparisonId"], where: { shop, comparisonId: { in: ids }, column: 0 }, _count: { _all: true } }),
    // Finished results without a cost: their model has no price.
    database.comparisonResult.groupBy({ by: ["comparisonId", "column"], where: { shop, comparisonId: { in: ids }, costMicros: null, status: { in: ["done", "failed"] } } }),
  ]);
  return comparisons.map((comparison) => ({
    id: comparison.id,
    status: comparison.status === "done" ? "done" : now.getTime() - comparison.updatedAt.getTime() > COMPARE_STALE_AFTER_MS ? "interrupted" : "running",
    createdAt: comparison.createdAt.toISOString(),
    models: compareModelsSchema.parse(JSON.parse(comparison.models)),
    products: counts.find((row) => row.comparisonId === comparison.id)?._count._all ?? 0,
    costMicros: Number(costs.find((row) => row.comparisonId === comparison.id)?._sum.costMicros ?? 0n),
    unpricedModels: unpriced.filter((row) => row.comparisonId === comparison.id).length,
  }));
}

export async function deleteComparison(database: Database, shop: string, comparisonId: string): Promise<void> {
  await requireComparison(database, shop, comparisonId);
  await database.$transaction([
    database.comparisonVote.deleteMany({ where: { shop, comparisonId } }),
    database.comparisonResult.deleteMany({ where: { shop, comparisonId } }),
    database.comparison.deleteMany({ where: { shop, id: comparisonId } }),
  ]);
}

async function requireComparison(database: Database, shop: string, comparisonId: string) {
  const comparison = await database.comparison.findFirst({ where: { id: comparisonId, shop } });
  if (!comparison) throw new ComparisonNotFoundError(comparisonId);
  return { ...comparison, models: compareModelsSchema.parse(JSON.parse(comparison.models)) };
}

function requireColumn(models: CompareModel[], column: number): CompareModel {
  const model = models[column];
  if (!model) throw new BadRequestError("unknown_column", { column: `this comparison has ${models.length} models` });
  return model;
}

/** The winner of one product and field (null takes the vote back). */
export async function voteWinner(database: Database, shop: string, comparisonId: string, vote: { productId: string; field: CopyField; column: number | null }): Promise<void> {
  const comparison = await requireComparison(database, shop, comparisonId);
  const product = await database.comparisonResult.findFirst({ where: { shop, comparisonId, productId: vote.productId }, select: { id: true } });
  if (!product) throw new BadRequestError("unknown_product", { productId: "not in this comparison" });
  const where = { comparisonId_productId_field: { comparisonId, productId: vote.productId, field: vote.field } };
  if (vote.column === null) {
    await database.comparisonVote.deleteMany({ where: { shop, comparisonId, productId: vote.productId, field: vote.field } });
    return;
  }
  requireColumn(comparison.models, vote.column);
  await database.comparisonVote.upsert({ where, create: { shop, comparisonId, productId: vote.productId, field: vote.field, column: vote.column }, update: { column: vote.column } });
}

/**
 * A column's backend and model as the shop's default, or as its first fallback, in one step. The default
 * leaves the fallbacks (without itself); a fallback goes first in the chain (not if it is the default).
 */
export async function adoptColumn(database: Database, shop: string, comparisonId: string, input: { column: number; as: "primary" | "fallback" }, options: { environment?: ModelEnvironment } = {}) {
  const environment = options.environment ?? defaultModelEnvironment();
  const comparison = await requireComparison(database, shop, comparisonId);
  const model = requireColumn(comparison.models, input.column);
  const current = await loadModelSettings(database, shop);
  const same = (entry: CompareModel) => entry.backendId === model.backendId && entry.modelId === model.modelId;
  const others = current.fallbacks.filter((entry) => !same(entry));
  const change =
    input.as === "primary"
      ? { primary: model, fallbacks: others }
      : same(current.primary)
        ? null
        : { fallbacks: [model, ...others] };
  if (!change) throw new BadRequestError("fallback_is_primary", { column: "this model is already the default" });
  try {
    return await updateModelSettings(database, environment.registry, shop, change);
  } catch (error) {
    if (error instanceof InvalidModelSettingsError) throw new BadRequestError(error.code, { column: error.message }, { cause: error });
    throw error;
  }
}

/**
 * One column's values for one product, written like a reviewed proposal: re-sanitised and re-checked, then
 * through applyValues (the shop's write policy, a revision per write, revertable from the Product page).
 * Values that failed a hard rule are never written.
 */
export async function applyColumn(admin: AdminGraphql, database: Database, shop: string, comparisonId: string, input: { productId: string; column: number; actor: string }): Promise<CompareApplyResult> {
  const comparison = await requireComparison(database, shop, comparisonId);
  const model = requireColumn(comparison.models, input.column);
  const row = await database.comparisonResult.findFirst({ where: { shop, comparisonId, productId: input.productId, column: input.column } });
  if (!row) throw new BadRequestError("unknown_product", { productId: "not in this comparison" });
  const kept = (JSON.parse(row.proposals) as ComparedValue[]).filter((value) => value.hardFailures.length === 0);
  if (row.status !== "done" || kept.length === 0) throw new BadRequestError("nothing_to_apply", { column: "this model has no value to apply for this product" });
  const [product, settings] = await Promise.all([loadProductSnapshot(admin, input.productId), loadCopySettings(database, shop)]);
  let refused = 0;
  const values = [];
  for (const proposed of kept) {
    const { value, hardFailures } = checkEditedValue(product, settings, { field: proposed.field, locale: proposed.locale, value: proposed.value });
    if (hardFailures.length > 0) {
      refused += 1;
      continue;
    }
    values.push({
      field: proposed.field,
      locale: proposed.locale,
      resourceId: proposed.resourceId,
      value,
      idempotencyKey: idempotencyKeyFor({ item: `comparison:${row.id}`, field: proposed.field, locale: proposed.locale, resourceId: proposed.resourceId, value }),
    });
  }
  if (values.length === 0) return { written: 0, skipped: 0, failed: 0, refused, messages: [] };
  let outcome: ApplyOutcome;
  try {
    outcome = await applyValues(admin, database, { shop, productId: input.productId, product, values, writePolicy: settings.writePolicy, source: `generation:${model.backendId}/${model.modelId}`, actor: input.actor });
  } finally {
    await refreshIndexedProduct(admin, database, shop, input.productId);
  }
  return {
    written: outcome.applied.length,
    skipped: outcome.skipped.length,
    failed: outcome.failed.length,
    refused,
    messages: outcome.failed.map((failure) => failure.message).filter((message) => message !== ""),
  };
}
