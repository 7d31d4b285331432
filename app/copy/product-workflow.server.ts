import { z } from "zod";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import type { Database } from "~/db/client.server";
import { ModelCallError } from "~/models/errors";
import { backendIdSchema, modelIdSchema } from "~/models/ids";
import { policyFrom, loadModelSettings } from "~/models/settings.server";
import { backendReadiness } from "~/models/settings-form.server";
import { connectionEnvironment, modelRegistry } from "~/models/runtime.server";
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
import { factsForChecks, generateCopy, plumeRules, type ProposedValue } from "./generate-copy.server";
import { sanitizeDescriptionHtml } from "./sanitize.server";
import { loadCopySettings } from "./settings";
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
  const [product, proposals, history, copySettings, modelSettings] = await Promise.all([
    loadProductSnapshot(admin, productId),
    database.proposal.findMany({ where: { shop, productId, status: "pending" }, orderBy: { createdAt: "asc" } }),
    productHistory(database, shop, productId),
    loadCopySettings(database, shop),
    loadModelSettings(database, shop),
  ]);
  const registry = modelRegistry();
  const ready = await backendReadiness(database, shop);
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
    model: modelSettings.primary,
    backends: registry
      .list({ euOnly: modelSettings.euOnly })
      .map((backend) => ({ id: backend.id, label: backend.label, operator: backend.operator ?? null, suggestedModels: [...backend.suggestedModels], ready: ready.get(backend.id) ?? false })),
    /** every backend, worded on the page, for proposals and history written by one no longer offered */
    backendWordings: registry.list().map((backend) => ({ id: backend.id, label: backend.label, operator: backend.operator ?? null })),
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

export async function generateForProduct(admin: AdminGraphql, database: Database, shop: string, productId: string, request: GenerateRequest): Promise<GenerateOutcome> {
  const [product, settings, modelSettings] = await Promise.all([loadProductSnapshot(admin, productId), loadCopySettings(database, shop), loadModelSettings(database, shop)]);
  const registry = modelRegistry();
  const policy = policyFrom(modelSettings);
  if (request.backendId && request.modelId && registry.has(request.backendId)) {
    if (modelSettings.euOnly && !isAllowedWhenEuOnly(registry.get(request.backendId).region)) return { ok: false, error: { kind: "not_allowed_eu_only" }, rejected: [] };
    // A one-off choice for this run; the shop's fallbacks still follow it.
    policy.chain = [{ backendId: request.backendId, modelId: request.modelId }, ...modelSettings.fallbacks];
  }
  const context: GenerationContext = { database, registry, connections: connectionEnvironment(), policy };
  const others = await database.proposal.findMany({ where: { shop, field: { in: ["seoTitle", "metaDescription"] }, NOT: { productId } }, select: { value: true }, take: 2000 });
  const rejected: GenerateOutcome["rejected"] = [];
  let last: { backendId: string; modelId: string; costMicros: number | null } | undefined;
  let fallback: FallbackNotice | null = null;
  const asked = policy.chain[0];
  const labelOf = (id: string) => (registry.has(id) ? registry.get(id).label : id);
  const locales = [...new Set(request.locales)];
  try {
    for (const locale of locales) {
      const result = await generateCopy(context, {
        shop,
        product,
        settings,
        fields: request.fields,
        locale,
        otherProductsSeo: others.map((other) => other.value),
        extraInstruction: request.extraInstruction,
      });
      last = { backendId: result.backendId, modelId: result.modelId, costMicros: result.costMicros };
      if (asked && !fallback && (result.backendId !== asked.backendId || result.modelId !== asked.modelId)) {
        const tried = result.attempts.filter((attempt) => attempt.backendId === asked.backendId && attempt.modelId === asked.modelId);
        const euRefused = modelSettings.euOnly && registry.has(asked.backendId) && !isAllowedWhenEuOnly(registry.get(asked.backendId).region);
        fallback = {
          asked: { ...asked, label: labelOf(asked.backendId) },
          wrote: { backendId: result.backendId, modelId: result.modelId, label: labelOf(result.backendId) },
          reason: euRefused ? "not_allowed_eu_only" : await fallbackReason(database, shop, asked.backendId, tried.at(-1)?.outcome ?? "not_configured"),
        };
      }
      await storeProposals(database, shop, product, result.proposals, result.backendId, result.modelId);
      for (const proposal of result.proposals) if (proposal.hardFailures.length > 0) rejected.push({ field: proposal.field, locale, issues: proposal.hardFailures });
    }
  } catch (error) {
    if (error instanceof ModelCallError) return { ok: false, error: { kind: error.kind }, rejected };
    throw error;
  }
  return { ok: true, ...last, fallback, rejected };
}

/**
 * Why the backend asked for did not write. A missing key comes first ("no_key"), whatever
 * stopped the call before it (a spent budget is checked before the key): it is the first
 * thing to fix, and without it the backend could never run.
 */
async function fallbackReason(database: Database, shop: string, backendId: string, outcome: string): Promise<string> {
  const registry = modelRegistry();
  if (!registry.has(backendId) || !registry.get(backendId).apiKeyRequired) return outcome;
  const connection = await database.backendConnection.findUnique({ where: { shop_backendId: { shop, backendId } } });
  const operatorKey = Boolean(connectionEnvironment().operatorKeys[backendId]) && (connection ? connection.useOperatorKey : true);
  return connection?.sealedApiKey || operatorKey ? outcome : "no_key";
}

async function storeProposals(database: Database, shop: string, product: ProductSnapshot, proposals: ProposedValue[], backendId: string, modelId: string) {
  const publishable = proposals.filter((proposal) => proposal.hardFailures.length === 0);
  await database.$transaction([
    // A new proposal for the same field, language and image replaces the pending one.
    ...publishable.map((proposal) =>
      database.proposal.updateMany({
        where: { shop, productId: product.id, field: proposal.field, locale: proposal.locale, resourceId: proposal.resourceId, status: "pending" },
        data: { status: "superseded" },
      }),
    ),
    ...publishable.map((proposal) =>
      database.proposal.create({
        data: {
          shop,
          productId: product.id,
          field: proposal.field,
          locale: proposal.locale,
          resourceId: proposal.resourceId,
          value: proposal.value,
          warnings: JSON.stringify(proposal.warnings),
          backendId,
          modelId,
        },
      }),
    ),
  ]);
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
    const value = field === "descriptionHtml" ? sanitizeDescriptionHtml(selection.value, { allowLinks: settings.allowLinks }) : selection.value.trim();
    const check = checkField({
      field,
      value,
      targetLocale: row.locale,
      facts: factsForChecks(product),
      bannedWords: settings.bannedWords,
      allowLinks: settings.allowLinks,
      instructions: plumeRules(settings, COPY_FIELDS, product.productType),
    });
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
