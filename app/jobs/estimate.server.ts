import { z } from "zod";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import { ALT_TEXT_LIMIT, META_DESCRIPTION_LIMIT, SEO_TITLE_LIMIT } from "~/copy/limits";
import { buildInstructions, buildProductData } from "~/copy/prompt";
import { loadCopySettings, type CopySettings } from "~/copy/settings";
import type { CopyField } from "~/copy/types";
import type { Database } from "~/db/client.server";
import { effectiveChain, estimateTokens } from "~/models/generate.server";
import { budgetCommitments } from "~/models/budget-hold.server";
import { costMicros, PRICE_TABLE_DATE, priceFor } from "~/models/prices";
import { defaultModelEnvironment, loadModelRunContext, type ModelEnvironment } from "~/models/run-context.server";
import { providerPacingGate } from "~/pacing/gates.server";
import type { ProviderGate } from "~/pacing/provider-gate";
import { JobBudgetError, JobRequestError, JobUnpricedModelError } from "./errors";
import { countSelection, sampleSelection } from "./selection.server";
import { DEFAULT_RUNNER_CONCURRENCY, type BudgetPosition, type JobEstimate, type StartJobInput } from "./types";

/**
 * What a job will take before it starts: products, model calls, tokens (with the cached
 * share), cost from the price table, and a duration. Prompt sizes are measured on a few of
 * the selected products' real snapshots, built with the same prompt code the run uses;
 * output sizes come from the fields' length limits.
 */

/** How many selected products are read to measure prompt sizes. */
export const ESTIMATE_SAMPLE_SIZE = 5;
/** Shopify's cost of one mutation, in points (its documented flat cost). */
export const ADMIN_MUTATION_POINTS = 10;
/**
 * OpenAI and Anthropic cache a prompt prefix only from 1,024 tokens on; a shorter stable
 * prefix is billed in full on every call.
 */
export const PROMPT_CACHE_MIN_TOKENS = 1_024;
/** ≈ characters per word of description HTML, markup included (for the output estimate). */
const DESCRIPTION_CHARACTERS_PER_WORD = 7;
/** ≈ characters per token, the same rule the budget check uses (estimateTokens). */
const CHARACTERS_PER_TOKEN = 4;
/** JSON keys and quotes around each value of the structured answer. */
const JSON_TOKENS_PER_VALUE = 12;

const throttleSchema = z.object({ extensions: z.object({ cost: z.object({ throttleStatus: z.object({ restoreRate: z.number().positive() }) }) }) });

/** The shop's Admin restore rate (points per second), read from a one-point query's throttle status. */
export async function adminRestoreRate(admin: AdminGraphql): Promise<number | null> {
  try {
    const response = await admin.graphql(`#graphql
      query PlumeRestoreRate { shop { id } }`);
    const parsed = throttleSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.extensions.cost.throttleStatus.restoreRate : null;
  } catch {
    // Unknown for now: the estimate leaves the Admin side out rather than guess a plan.
    return null;
  }
}

function outputTokens(settings: CopySettings, fields: readonly CopyField[], images: number): number {
  const characters = (field: CopyField) => {
    switch (field) {
      case "descriptionHtml":
        return settings.lengthTargets.descriptionWords * DESCRIPTION_CHARACTERS_PER_WORD;
      case "seoTitle":
        return SEO_TITLE_LIMIT;
      case "metaDescription":
        return META_DESCRIPTION_LIMIT;
      case "altText":
        return ALT_TEXT_LIMIT * images;
    }
  };
  return fields.reduce((sum, field) => sum + Math.ceil(characters(field) / CHARACTERS_PER_TOKEN) + JSON_TOKENS_PER_VALUE * (field === "altText" ? Math.max(1, images) : 1), 0);
}

/** Admin mutations per product when writing: one productUpdate for description + SEO, one fileUpdate for alt texts, one translationsRegister per other language. */
function writeCallsPerProduct(fields: readonly CopyField[], locales: readonly string[], primaryLocale: string): number {
  const primary = locales.includes(primaryLocale) ? 1 : 0;
  const productFields = fields.some((field) => field !== "altText") ? 1 : 0;
  const altText = fields.includes("altText") ? 1 : 0;
  const translated = locales.filter((locale) => locale !== primaryLocale).length;
  return primary * (productFields + altText) + translated * (productFields + altText);
}

export interface EstimateOptions {
  environment?: ModelEnvironment;
  concurrency?: number;
  now?: Date;
  /** Where the provider's stated limits are known (its rate-limit headers on the job runner's calls); the process's gate by default. */
  providerGate?: ProviderGate;
}

/** The estimate, or a typed refusal when the request cannot run (empty selection, EU switch, unknown backend). */
export async function estimateJob(admin: AdminGraphql, database: Database, shop: string, input: StartJobInput, options: EstimateOptions = {}): Promise<JobEstimate> {
  const environment = options.environment ?? defaultModelEnvironment();
  if (input.request.backendId && !environment.registry.has(input.request.backendId)) throw new JobRequestError("unknown_backend", { backendId: input.request.backendId });
  const products = await countSelection(database, shop, input.selection);
  if (products === 0) throw new JobRequestError("empty_selection");
  const model = await loadModelRunContext(database, shop, input.request, environment);
  if (!model.ok) throw new JobRequestError("not_allowed_eu_only", { backendId: input.request.backendId ?? "" });
  const [entry] = effectiveChain(environment.registry, model.context.policy);
  if (!entry) throw new JobRequestError("unknown_backend", { backendId: input.request.backendId ?? "" });
  const backend = environment.registry.get(entry.backendId);
  const price = priceFor(backend, backend.pricingBackendId ?? backend.id, entry.modelId);

  const settings = await loadCopySettings(database, shop);
  const sampleIds = await sampleSelection(database, shop, input.selection, ESTIMATE_SAMPLE_SIZE);
  const snapshots: ProductSnapshot[] = [];
  for (const productId of sampleIds) {
    try {
      snapshots.push(await loadProductSnapshot(admin, productId));
    } catch {
      // A listed product that no longer exists is measured by the others; its item will fail by name.
    }
  }
  const locales = [...new Set(input.request.locales)];
  let instructionTokens = 0;
  let dataTokens = 0;
  let outTokens = 0;
  for (const product of snapshots) {
    const imageIds = input.request.fields.includes("altText") ? product.images.map((image) => image.id) : [];
    const fields = input.request.fields.filter((field) => field !== "altText" || imageIds.length > 0);
    for (const locale of locales) {
      instructionTokens += estimateTokens(buildInstructions(settings, fields, product.productType));
      dataTokens += estimateTokens(buildProductData(product, locale, imageIds) + (input.request.extraInstruction ?? ""));
      outTokens += outputTokens(settings, fields, imageIds.length);
    }
  }
  const sampledCalls = Math.max(1, snapshots.length * locales.length);
  const modelCalls = products * locales.length;
  const perCall = { instructions: instructionTokens / sampledCalls, data: dataTokens / sampledCalls, output: outTokens / sampledCalls };
  const inputTokens = Math.ceil((perCall.instructions + perCall.data) * modelCalls);
  // The stable prefix (instructions) is read from the provider's cache after the first call, where it caches.
  const cacheable = backend.capabilities.promptCaching && perCall.instructions >= PROMPT_CACHE_MIN_TOKENS;
  const cachedInputTokens = cacheable ? Math.floor(perCall.instructions * Math.max(0, modelCalls - 1)) : 0;
  const totalOutput = Math.ceil(perCall.output * modelCalls);
  const templates = backend.family === "templates";
  const cost = price ? (templates ? 0 : costMicros(price, { inputTokens, cachedInputTokens, outputTokens: totalOutput })) : null;

  // Duration: the Admin writes at the shop's restore rate (auto-apply), and the model calls at the latency
  // this shop has measured for this model (its ledger), spread over the runner's concurrency.
  const concurrency = options.concurrency ?? DEFAULT_RUNNER_CONCURRENCY;
  const restoreRate = (await adminRestoreRate(admin)) ?? 0;
  const primaryLocale = snapshots[0]?.primaryLocale ?? locales[0]!;
  const adminSeconds = input.mode === "auto_apply" && restoreRate > 0 ? (products * writeCallsPerProduct(input.request.fields, locales, primaryLocale) * ADMIN_MUTATION_POINTS) / restoreRate : 0;
  const latency = templates
    ? { _avg: { latencyMs: 0 } }
    : await database.usageLedger.aggregate({ where: { shop, backendId: entry.backendId, modelId: entry.modelId, outcome: "ok" }, _avg: { latencyMs: true } });
  const latencyMs = latency._avg.latencyMs;
  const latencySeconds = latencyMs === null ? null : (modelCalls * latencyMs) / 1000 / concurrency;
  // The provider's own limits, as its headers stated them to this shop's calls: no scheduler goes faster than those.
  const stated = templates ? {} : await (options.providerGate ?? providerPacingGate()).statedLimits({ shop, backendId: entry.backendId });
  const limitSeconds = Math.max(
    stated.requestsPerMinute ? (modelCalls * 60) / stated.requestsPerMinute : 0,
    stated.tokensPerMinute ? ((inputTokens + totalOutput) * 60) / stated.tokensPerMinute : 0,
  );
  const modelSeconds = latencySeconds === null && limitSeconds === 0 ? null : Math.max(latencySeconds ?? 0, limitSeconds);
  const durationSeconds = modelSeconds === null ? (adminSeconds > 0 ? Math.ceil(adminSeconds) : null) : Math.ceil(Math.max(modelSeconds, adminSeconds));

  return {
    products,
    modelCalls: templates ? 0 : modelCalls,
    inputTokens: templates ? 0 : inputTokens,
    cachedInputTokens: templates ? 0 : cachedInputTokens,
    outputTokens: templates ? 0 : totalOutput,
    costMicros: cost,
    backendId: entry.backendId,
    modelId: entry.modelId,
    durationSeconds,
    limits: {
      averageLatencyMs: latencyMs === null ? null : Math.round(latencyMs),
      concurrency,
      adminPointsPerSecond: restoreRate > 0 ? restoreRate : null,
      requestsPerMinute: stated.requestsPerMinute ?? null,
      tokensPerMinute: stated.tokensPerMinute ?? null,
    },
    basis: { sampledProducts: snapshots.length },
    priceTableDate: price?.asOf ?? PRICE_TABLE_DATE,
  };
}

/**
 * Whether a job of this estimate fits the month's budget: this month's spend, plus other
 * jobs' outstanding reservations, plus this estimate, against the shop's cap and the
 * operator's. An unpriced paid model under a cap is refused, as for single runs.
 */
export async function budgetPosition(
  database: Database,
  shop: string,
  estimate: Pick<JobEstimate, "costMicros" | "backendId" | "modelId">,
  options: { environment?: ModelEnvironment; now?: Date; exceptJobId?: string } = {},
): Promise<BudgetPosition> {
  const environment = options.environment ?? defaultModelEnvironment();
  const now = options.now ?? new Date();
  const model = await loadModelRunContext(database, shop, {}, environment);
  const shopCap = model.ok ? model.context.policy.monthlyBudgetMicros : null;
  const operatorCap = environment.connections.operatorMonthlyCapMicros ?? null;
  if ((shopCap !== null || operatorCap !== null) && estimate.costMicros === null) throw new JobUnpricedModelError(estimate.backendId, estimate.modelId);
  const cost = estimate.costMicros ?? 0;
  // Read under the budget holds' lock, counting calls in flight: a start racing them sees them, and they see its reservation.
  const committed = await budgetCommitments(database, shop, now, options.exceptJobId);
  const { spentMicros: spent, committedByOthersMicros: reserved } = committed.shop;
  if (operatorCap !== null && cost > 0) {
    const { spentMicros: spentByAll, committedByOthersMicros: reservedByAll } = committed.all;
    if (spentByAll + reservedByAll + cost > operatorCap) {
      throw new JobBudgetError({ capMicros: operatorCap, spentMicros: spentByAll, reservedByOtherJobsMicros: reservedByAll, estimateMicros: cost, scope: "operator" });
    }
  }
  if (shopCap !== null && cost > 0 && spent + reserved + cost > shopCap) {
    throw new JobBudgetError({ capMicros: shopCap, spentMicros: spent, reservedByOtherJobsMicros: reserved, estimateMicros: cost, scope: "shop" });
  }
  return { capMicros: shopCap, spentMicros: spent, reservedByOtherJobsMicros: reserved, remainingAfterMicros: shopCap === null ? null : shopCap - spent - reserved - cost };
}
