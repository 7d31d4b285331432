import { z } from "zod";
import { productCost } from "~/usage/cost.server";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import type { Database } from "~/db/client.server";
import { ModelCallError } from "~/models/errors";
import { backendIdSchema, modelIdSchema } from "~/models/ids";
import { loadModelRunContext, type ModelEnvironment, type ModelRunContext } from "~/models/run-context.server";
import { loadBackendChoices } from "~/models/backend-choices.server";
import type { GenerationContext } from "~/models/generate.server";
import { isAllowedWhenEuOnly } from "~/models/registry";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import { BadRequestError, jsonField } from "~/http/bad-request.server";
import {
  applyValues,
  idempotencyKeyFor,
  productHistory,
  RevertFailedError,
  RevertInProgressError,
  revertRevision,
  RevisionChangedSinceError,
  RevisionNotFoundError,
  type ApplyOutcome,
  type ApprovedValue,
  type FailureReason,
  type SkipReason,
} from "./apply.server";
import { checkField } from "./checks";
import { factsForChecks, generateCopy, plumeRules, type CopyGeneration, type ProposedValue } from "./generate-copy.server";
import { sanitizeDescriptionHtml } from "./sanitize.server";
import { loadCopySettings, type CopySettings } from "./settings";
import { COPY_FIELDS, copyFieldSchema, type CopyField, type Issue } from "./types";

/**
 * The single-product workflow behind the Product page: generate proposals
 * (stored for review), apply the ones the merchant keeps (possibly edited),
 * and revert any write. Every query is scoped to the session's shop.
 */
/** Proposal and revision ids (cuid-like), bounded. */
const recordIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const COPY_FIELD_LIMIT = 10;

export const generateRequestSchema = z.object({
  fields: z.array(copyFieldSchema).min(1).max(COPY_FIELD_LIMIT),
  locales: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1).max(10),
  backendId: backendIdSchema.optional(),
  modelId: modelIdSchema.optional(),
  extraInstruction: z.string().max(500).optional(),
});
export type GenerateRequest = z.infer<typeof generateRequestSchema>;

export const applyRequestSchema = z.object({
  selections: z.array(z.object({ proposalId: recordIdSchema, value: z.string().max(20_000) })).min(1).max(100),
});

/** What the Product page's form posts: the intent, with its JSON payload parsed and validated here. */
export const productIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate"), payload: z.string().max(10_000).transform(jsonField).pipe(generateRequestSchema) }),
  z.object({ intent: z.literal("apply"), payload: z.string().max(2_100_000).transform(jsonField).pipe(applyRequestSchema) }),
  z.object({ intent: z.literal("discard"), proposalId: recordIdSchema }),
  z.object({ intent: z.literal("revert"), revisionId: recordIdSchema }),
  // The description as the storefront will show it: the merchant's edit through the same sanitiser an apply uses.
  z.object({ intent: z.literal("preview"), html: z.string().max(20_000) }),
]);
export type ProductIntent = z.infer<typeof productIntentSchema>;

/** Runs one parsed intent; an unknown revision is the request's fault (BadRequestError), not a server error. */
export async function runProductIntent(admin: AdminGraphql, database: Database, input: { shop: string; productId: string; actor: string; intent: ProductIntent }) {
  const { shop, productId, actor, intent } = input;
  switch (intent.intent) {
    case "generate":
      return { intent: intent.intent, generate: await generateForProduct(admin, database, shop, productId, intent.payload) };
    case "apply":
      return { intent: intent.intent, apply: await applyProposals(admin, database, shop, productId, intent.payload, actor) };
    case "discard":
      await discardProposal(database, shop, intent.proposalId);
      return { intent: intent.intent };
    case "preview": {
      const settings = await loadCopySettings(database, shop);
      return { intent: intent.intent, preview: { source: intent.html, html: sanitizeDescriptionHtml(intent.html, { allowLinks: settings.allowLinks }) } };
    }
    case "revert":
      try {
        await revertAndReindex(admin, database, { shop, revisionId: intent.revisionId, actor });
      } catch (error) {
        if (error instanceof RevisionNotFoundError) throw new BadRequestError("unknown_revision", { revisionId: "no such revision in this shop" }, { cause: error });
        // Not the request's fault and not a server error: the page says what happened, in words.
        if (error instanceof RevisionChangedSinceError) return { intent: intent.intent, revert: { status: "changed_since" as const } };
        if (error instanceof RevertInProgressError) return { intent: intent.intent, revert: { status: "in_progress" as const } };
        if (error instanceof RevertFailedError) return { intent: intent.intent, revert: { status: "failed" as const, reason: error.reason, message: error.detail } };
        throw error;
      }
      return { intent: intent.intent, revert: { status: "reverted" as const } };
  }
}

export interface StoredProposal {
  id: string;
  field: CopyField;
  locale: string;
  resourceId: string;
  value: string;
  warnings: Issue[];
  backendId: string;
  modelId: string;
  createdAt: string;
}

function toStored(row: { id: string; field: string; locale: string; resourceId: string; value: string; warnings: string; backendId: string; modelId: string; createdAt: Date }): StoredProposal {
  return {
    id: row.id,
    field: copyFieldSchema.parse(row.field),
    locale: row.locale,
    resourceId: row.resourceId,
    value: row.value,
    warnings: JSON.parse(row.warnings) as Issue[],
    backendId: row.backendId,
    modelId: row.modelId,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function loadProductWorkspace(admin: AdminGraphql, database: Database, shop: string, productId: string) {
  const [product, proposals, history, copySettings, choices, cost] = await Promise.all([
    loadProductSnapshot(admin, productId),
    database.proposal.findMany({ where: { shop, productId, status: "pending" }, orderBy: { createdAt: "asc" } }),
    productHistory(database, shop, productId),
    loadCopySettings(database, shop),
    loadBackendChoices(database, shop),
    productCost(database, shop, productId),
  ]);
  // Descriptions are shown rendered, so only ever as the sanitiser leaves them: Shopify's current HTML is not ours to trust either.
  const render = (html: string) => sanitizeDescriptionHtml(html, { allowLinks: copySettings.allowLinks });
  return {
    product,
    proposals: proposals.map(toStored),
    rendered: {
      current: render(product.descriptionHtml),
      proposals: Object.fromEntries(proposals.filter((row) => row.field === "descriptionHtml").map((row) => [row.id, render(row.value)])) as Record<string, string>,
    },
    history: history.map((revision) => ({
      id: revision.id,
      field: revision.field,
      locale: revision.locale,
      resourceId: revision.resourceId,
      previousValue: revision.previousValue,
      newValue: revision.newValue,
      source: revision.source,
      createdAt: revision.createdAt.toISOString(),
      revertedAt: revision.revertedAt?.toISOString() ?? null,
      revertOfId: revision.revertOfId,
    })),
    defaults: { fields: copySettings.fields, translationLocales: copySettings.translationLocales, writePolicy: copySettings.writePolicy },
    model: choices.primary,
    backends: choices.backends,
    /** every backend, worded on the page, for proposals and history written by one no longer offered */
    backendWordings: choices.backendWordings,
    /** what generating copy for this product has cost, from the usage ledger */
    cost,
  };
}

/** Why the backend asked for did not write: the last outcome it had in this run. */
export interface FallbackNotice {
  asked: { backendId: string; modelId: string; label: string };
  wrote: { backendId: string; modelId: string; label: string };
  reason: string;
}

export interface GenerateOutcome {
  ok: boolean;
  error?: { kind: string };
  backendId?: string;
  modelId?: string;
  /** set when the chain fell back: the backend asked for, the one that wrote, and why */
  fallback?: FallbackNotice | null;
  costMicros?: number | null;
  rejected: Array<{ field: CopyField; locale: string; issues: Issue[] }>;
}

/**
 * Everything a run needs once, whatever the number of products: the copy settings, the
 * model context (settings, policy, EU switch, registry, connections) and the catalog's
 * SEO texts for the near-duplicate check. A single product run and a bulk job both load
 * it once, then run generateItem per product.
 */
export interface CopyRun {
  shop: string;
  request: GenerateRequest;
  settings: CopySettings;
  model: ModelRunContext;
  /** other products' pending and stored SEO texts (bounded), with the product each belongs to */
  corpus: Array<{ productId: string; value: string }>;
  /** bulk jobs tag their proposals with the job */
  jobId?: string;
  /** the ledger's purpose for the run's calls ("product-copy" unless said: a comparison says "compare") */
  purpose?: string;
}

/** How many of the catalog's SEO texts the near-duplicate check compares against. */
export const NEAR_DUPLICATE_CORPUS_SIZE = 2000;

export async function loadCopyRun(
  database: Database,
  shop: string,
  request: GenerateRequest,
  options: { environment?: ModelEnvironment; jobId?: string } = {},
): Promise<CopyRun> {
  const [settings, model, corpus] = await Promise.all([
    loadCopySettings(database, shop),
    loadModelRunContext(database, shop, request, options.environment, options.jobId ? { jobId: options.jobId } : {}),
    database.proposal.findMany({
      where: { shop, field: { in: ["seoTitle", "metaDescription"] } },
      select: { productId: true, value: true },
      orderBy: { createdAt: "desc" },
      take: NEAR_DUPLICATE_CORPUS_SIZE,
    }),
  ]);
  return { shop, request, settings, model, corpus, ...(options.jobId ? { jobId: options.jobId } : {}) };
}

/** One product's generation in a run: what the merchant sees, and the values to store. */
export interface ItemGeneration {
  outcome: GenerateOutcome;
  /** per locale: the proposals (hard failures included, never stored), who wrote them, their tokens and time in model calls */
  results: Array<{ proposals: ProposedValue[]; backendId: string; modelId: string; usage?: CopyGeneration["usage"]; latencyMs?: number }>;
  /** what the item's model calls cost (micro-USD; unpriced calls count 0) */
  costMicros: number;
  /** the product as read for this generation, so a write right after need not read it again */
  product?: ProductSnapshot;
}

/** The per-product step: snapshot → generate (per language) → checks; stores nothing (the caller does, in its transaction). */
export async function generateItem(admin: AdminGraphql, database: Database, run: CopyRun, productId: string, signal?: AbortSignal): Promise<ItemGeneration> {
  if (!run.model.ok) return { outcome: { ok: false, error: { kind: run.model.error }, rejected: [] }, results: [], costMicros: 0 };
  const { context, settings: modelSettings, asked } = run.model;
  const product = await loadProductSnapshot(admin, productId);
  const registry = context.registry;
  const rejected: GenerateOutcome["rejected"] = [];
  const results: ItemGeneration["results"] = [];
  let costMicros = 0;
  let last: { backendId: string; modelId: string; costMicros: number | null } | undefined;
  let fallback: FallbackNotice | null = null;
  const labelOf = (id: string) => (registry.has(id) ? registry.get(id).label : id);
  const otherProductsSeo = run.corpus.filter((entry) => entry.productId !== productId).map((entry) => entry.value);
  try {
    for (const locale of [...new Set(run.request.locales)]) {
      const result = await generateCopy(context, {
        shop: run.shop,
        product,
        settings: run.settings,
        fields: run.request.fields,
        locale,
        otherProductsSeo,
        extraInstruction: run.request.extraInstruction,
        ...(signal ? { signal } : {}),
        ...(run.purpose ? { purpose: run.purpose } : {}),
      });
      last = { backendId: result.backendId, modelId: result.modelId, costMicros: result.costMicros };
      costMicros += result.costMicros ?? 0;
      if (asked && !fallback && (result.backendId !== asked.backendId || result.modelId !== asked.modelId)) {
        const tried = result.attempts.filter((attempt) => attempt.backendId === asked.backendId && attempt.modelId === asked.modelId);
        const euRefused = modelSettings.euOnly && registry.has(asked.backendId) && !isAllowedWhenEuOnly(registry.get(asked.backendId).region);
        fallback = {
          asked: { ...asked, label: labelOf(asked.backendId) },
          wrote: { backendId: result.backendId, modelId: result.modelId, label: labelOf(result.backendId) },
          reason: euRefused ? "not_allowed_eu_only" : await fallbackReason(database, context, run.shop, asked.backendId, tried.at(-1)?.outcome ?? "not_configured"),
        };
      }
      results.push({ proposals: result.proposals, backendId: result.backendId, modelId: result.modelId, usage: result.usage, latencyMs: result.latencyMs });
      for (const proposal of result.proposals) if (proposal.hardFailures.length > 0) rejected.push({ field: proposal.field, locale, issues: proposal.hardFailures });
    }
  } catch (error) {
    if (error instanceof ModelCallError) return { outcome: { ok: false, error: { kind: error.kind }, rejected }, results, costMicros, product };
    throw error;
  }
  // Later products of the same run compare against this one's new SEO texts too (bounded like the stored corpus).
  for (const { proposals } of results) {
    for (const proposal of proposals) {
      if (proposal.hardFailures.length === 0 && (proposal.field === "seoTitle" || proposal.field === "metaDescription")) run.corpus.unshift({ productId, value: proposal.value });
    }
  }
  run.corpus.length = Math.min(run.corpus.length, NEAR_DUPLICATE_CORPUS_SIZE);
  return { outcome: { ok: true, ...last, fallback, rejected }, results, costMicros, product };
}

/** The single-product path: the same two halves a bulk job runs, for one product. */
export async function generateForProduct(admin: AdminGraphql, database: Database, shop: string, productId: string, request: GenerateRequest, environment?: ModelEnvironment): Promise<GenerateOutcome> {
  const run = await loadCopyRun(database, shop, request, environment ? { environment } : {});
  const item = await generateItem(admin, database, run, productId);
  // Stored even when a later language failed: what was generated stays reviewable.
  if (item.results.length > 0) await database.$transaction(item.results.flatMap((result) => proposalWrites(database, shop, productId, result.proposals, result.backendId, result.modelId)));
  return item.outcome;
}

/**
 * Why the backend asked for did not write. A missing key comes first ("no_key"), whatever
 * stopped the call before it (a spent budget is checked before the key): it is the first
 * thing to fix, and without it the backend could never run.
 */
async function fallbackReason(database: Database, context: GenerationContext, shop: string, backendId: string, outcome: string): Promise<string> {
  const registry = context.registry;
  if (!registry.has(backendId) || !registry.get(backendId).apiKeyRequired) return outcome;
  const connection = await database.backendConnection.findUnique({ where: { shop_backendId: { shop, backendId } } });
  const operatorKey = Boolean(context.connections.operatorKeys[backendId]) && (connection ? connection.useOperatorKey : true);
  return connection?.sealedApiKey || operatorKey ? outcome : "no_key";
}

/**
 * The writes that store one language's proposals (for the caller's transaction): a new
 * proposal for the same field, language and image replaces the pending one. Values that
 * failed a hard rule are never stored, so never proposed, so never written.
 */
export function proposalWrites(database: Database, shop: string, productId: string, proposals: ProposedValue[], backendId: string, modelId: string, jobId?: string) {
  const publishable = proposals.filter((proposal) => proposal.hardFailures.length === 0);
  if (publishable.length === 0) return [];
  // Two statements whatever the number of values (a product with many images has many alt texts).
  return [
    database.proposal.updateMany({
      where: { shop, productId, status: "pending", OR: publishable.map((proposal) => ({ field: proposal.field, locale: proposal.locale, resourceId: proposal.resourceId })) },
      data: { status: "superseded" },
    }),
    database.proposal.createMany({
      data: publishable.map((proposal) => ({
        shop,
        productId,
        field: proposal.field,
        locale: proposal.locale,
        resourceId: proposal.resourceId,
        value: proposal.value,
        warnings: JSON.stringify(proposal.warnings),
        backendId,
        modelId,
        ...(jobId ? { jobId } : {}),
      })),
    }),
  ];
}

/** A merchant's text for a proposal (an edit, or the value as kept), through the same sanitiser and checks as generation. */
export function checkEditedValue(product: ProductSnapshot, settings: CopySettings, input: { field: CopyField; locale: string; value: string }) {
  const value = input.field === "descriptionHtml" ? sanitizeDescriptionHtml(input.value, { allowLinks: settings.allowLinks }) : input.value.trim();
  const check = checkField({
    field: input.field,
    value,
    targetLocale: input.locale,
    facts: factsForChecks(product),
    bannedWords: settings.bannedWords,
    allowLinks: settings.allowLinks,
    instructions: plumeRules(settings, COPY_FIELDS, product.productType),
  });
  return { value, hardFailures: check.hardFailures, warnings: check.warnings };
}

/** What happened to one selected proposal: refused by a check, or the write's own result. */
export type ProposalApplyResult = { proposalId: string; field: CopyField; locale: string; resourceId: string } & (
  | { status: "refused"; issues: Issue[] }
  | { status: "written" }
  | { status: "skipped"; reason: SkipReason }
  | { status: "failed"; reason: FailureReason; message: string }
);

export interface ApplyResult {
  ok: boolean;
  outcome?: ApplyOutcome;
  refused: Array<{ proposalId: string; issues: Issue[] }>;
  /** One entry per selected proposal that is still pending, in the order selected. */
  results: ProposalApplyResult[];
  error?: string;
}

/** Applies the selected proposals, with the merchant's edits, after re-checking and re-sanitising the edited text. */
export async function applyProposals(
  admin: AdminGraphql,
  database: Database,
  shop: string,
  productId: string,
  request: z.infer<typeof applyRequestSchema>,
  actor: string,
): Promise<ApplyResult> {
  const ids = request.selections.map((selection) => selection.proposalId);
  const rows = await database.proposal.findMany({ where: { shop, productId, id: { in: ids }, status: "pending" } });
  const [product, settings] = await Promise.all([loadProductSnapshot(admin, productId), loadCopySettings(database, shop)]);
  const refused: ApplyResult["refused"] = [];
  const results: ProposalApplyResult[] = [];
  const values: Array<ApprovedValue & { proposalId: string; source: string }> = [];
  for (const selection of request.selections) {
    const row = rows.find((candidate) => candidate.id === selection.proposalId);
    if (!row) continue;
    const field = copyFieldSchema.parse(row.field);
    const { value, ...check } = checkEditedValue(product, settings, { field, locale: row.locale, value: selection.value });
    if (check.hardFailures.length > 0) {
      refused.push({ proposalId: row.id, issues: check.hardFailures });
      results.push({ proposalId: row.id, field, locale: row.locale, resourceId: row.resourceId, status: "refused", issues: check.hardFailures });
      continue;
    }
    values.push({
      proposalId: row.id,
      field,
      locale: row.locale,
      resourceId: row.resourceId,
      value,
      source: `generation:${row.backendId}/${row.modelId}`,
      // Applying the same proposal with the same text again (a retried request) never writes it twice.
      idempotencyKey: idempotencyKeyFor({ item: `proposal:${row.id}`, field, locale: row.locale, resourceId: row.resourceId, value }),
    });
  }
  if (values.length === 0) return { ok: refused.length === 0, refused, results };
  let outcome: ApplyOutcome;
  try {
    outcome = await applyValues(admin, database, {
      shop,
      productId,
      // Just read for the checks: the writes use it instead of reading the product again.
      product,
      values: values.map(({ field, locale, resourceId, value, idempotencyKey }) => ({ field, locale, resourceId, value, idempotencyKey })),
      writePolicy: settings.writePolicy,
      source: values[0]!.source,
      actor,
      // Each proposal's status follows its own write, so a later failure cannot leave a written value "pending".
      onResult: async (result, index) => {
        const selected = values[index]!;
        const keeps = result.status === "skipped" && (result.reason === "not_blank" || result.reason === "unchanged");
        const status = result.status === "written" ? "applied" : keeps ? "kept_existing" : undefined;
        if (status) await database.proposal.update({ where: { id: selected.proposalId }, data: { status, value: selected.value } });
      },
    });
  } finally {
    // Whatever was written is in Shopify now: the index reflects it even if a later step threw.
    await refreshIndexedProduct(admin, database, shop, productId);
  }
  const order = (entry: ProposalApplyResult) => request.selections.findIndex((selection) => selection.proposalId === entry.proposalId);
  for (const [index, result] of outcome.results.entries()) {
    const where = { proposalId: values[index]!.proposalId, field: result.field, locale: result.locale, resourceId: result.resourceId };
    if (result.status === "written") results.push({ ...where, status: "written" });
    else if (result.status === "skipped") results.push({ ...where, status: "skipped", reason: result.reason });
    else results.push({ ...where, status: "failed", reason: result.reason, message: result.message });
  }
  const failures = outcome.failed.map((failure) => failure.message).filter((message) => message !== "");
  return {
    ok: outcome.failed.length === 0 && refused.length === 0,
    outcome,
    refused,
    results: results.sort((left, right) => order(left) - order(right)),
    ...(failures.length > 0 ? { error: failures.join(" ") } : {}),
  };
}

export async function discardProposal(database: Database, shop: string, proposalId: string) {
  await database.proposal.updateMany({ where: { id: proposalId, shop, status: "pending" }, data: { status: "discarded" } });
}

export async function revertAndReindex(admin: AdminGraphql, database: Database, input: { shop: string; revisionId: string; actor: string }) {
  const revert = await revertRevision(admin, database, input);
  await refreshIndexedProduct(admin, database, input.shop, revert.productId);
  return revert;
}
