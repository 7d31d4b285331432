import { data } from "@remix-run/node";
import { z } from "zod";
import type { Issue } from "~/copy/types";
import { jobRefusal } from "./http.server";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadCurrentDescriptions, type CurrentDescriptions } from "~/catalog/current-descriptions.server";
import { loadSearchSnippets, type SearchSnippet } from "~/catalog/search-snippets.server";
import { sanitizeDescriptionHtml } from "~/copy/sanitize.server";
import { loadCopySettings } from "~/copy/settings";
import type { Database } from "~/db/client.server";
import { jsonField } from "~/http/bad-request.server";
import type { BackendWording } from "~/i18n/backend-text";
import { modelRegistry } from "~/models/runtime.server";
import { logger } from "~/observability/logger.server";
import { latestJobRevert, requestJobRevert } from "./revert.server";
import { jobItemsWithWarnings } from "./review.server";
import { EMPTY_COST, jobCosts } from "~/usage/cost.server";
import { applyApproved, cancelJob, editProposal, jobItems, jobProgress, listJobs, pauseJob, resumeJob, retryFailed, reviewProposals, type JobServiceDependencies } from "./service.server";
import { jobIdSchema, jobItemsQuerySchema, jobOriginKindSchema, reviewDecisionSchema, type JobControl, type JobItemView } from "./types";

/** A job page's URL: the job id, and the review's filter and page. */
export const jobPageQuerySchema = jobItemsQuerySchema.extend({ warnings: z.enum(["", "with"]).default("") });
export type JobPageQuery = z.infer<typeof jobPageQuerySchema>;
export { jobIdSchema };

/** The progress, with the products its errors name as the merchant knows them, and the job's latest revert. */
export async function loadLiveProgress(database: Database, shop: string, jobId: string) {
  const progress = await jobProgress(database, shop, jobId);
  const [titled, revert, costs] = await Promise.all([
    database.catalogProduct.findMany({ where: { shop, productId: { in: progress.recentErrors.map((entry) => entry.productId) } }, select: { productId: true, title: true } }),
    latestJobRevert(database, shop, jobId),
    jobCosts(database, shop, [jobId]),
  ]);
  // The cost so far is the ledger's: every call of the job, settled into the job or still in flight.
  const cost = costs[jobId] ?? EMPTY_COST;
  return { progress, revert, cost, productTitles: Object.fromEntries(titled.map((row) => [row.productId, row.title])) as Record<string, string> };
}

/** The Jobs list's URL: optionally only the jobs of one origin (?origin=new_product, from the automation's Settings). */
export const jobsListQuerySchema = z.object({ origin: jobOriginKindSchema.optional() });
export type JobsListQuery = z.infer<typeof jobsListQuerySchema>;

/** The Jobs list: the shop's jobs, newest first, each with its cost so far from the ledger. */
export async function loadJobsList(database: Database, shop: string, query: JobsListQuery = {}) {
  const jobs = await listJobs(database, shop, query.origin ? { origin: query.origin } : {});
  return { jobs, costs: await jobCosts(database, shop, jobs.map((job) => job.id)), origin: query.origin ?? null };
}
export type LiveProgress = Awaited<ReturnType<typeof loadLiveProgress>>;

export async function loadJobPage(admin: AdminGraphql, database: Database, shop: string, jobId: string, query: JobPageQuery) {
  const { progress, revert, cost, productTitles } = await loadLiveProgress(database, shop, jobId);
  const { items, total } = query.warnings === "with" ? await jobItemsWithWarnings(database, shop, jobId, query.page) : await jobItems(database, shop, jobId, query);
  // The search-result preview needs today's SEO texts of the page's products that have SEO proposals.
  const seoProducts = items.filter((item) => item.proposals.some((proposal) => proposal.field === "seoTitle" || proposal.field === "metaDescription")).map((item) => item.productId);
  // Today's descriptions, and the titles of products the catalog index has not seen yet (a sync still running).
  const currentProducts = items.filter((item) => item.title === null || item.proposals.some((proposal) => proposal.field === "descriptionHtml")).map((item) => item.productId);
  // The review stays usable without the previews or today's descriptions when Shopify does not answer.
  const [snippets, current, copySettings] = await Promise.all([
    loadSearchSnippets(admin, seoProducts).catch((error: unknown): Record<string, SearchSnippet> => {
      logger.warn({ error: error instanceof Error ? error.message : String(error), shop }, "search snippets for the job review could not be read");
      return {};
    }),
    loadCurrentDescriptions(admin, currentProducts).catch((error: unknown): CurrentDescriptions | null => {
      logger.warn({ error: error instanceof Error ? error.message : String(error), shop }, "current descriptions for the job review could not be read");
      return null;
    }),
    loadCopySettings(database, shop),
  ]);
  // The backend that wrote, in the merchant's words (shipped backends by id, an operator's by its entry).
  const backendWordings: BackendWording[] = modelRegistry()
    .list()
    .map((backend) => ({ id: backend.id, operator: backend.operator ?? null }));
  const titled = items.map((item) => (item.title === null && current?.titles[item.productId] !== undefined ? { ...item, title: current.titles[item.productId]! } : item));
  return { progress, revert, cost, items: titled, itemsTotal: total, query, snippets, descriptions: renderDescriptions(titled, current, copySettings.allowLinks), productTitles, backendWordings };
}

/**
 * Descriptions are shown rendered, as on the product page, so only ever as the sanitiser leaves them: the
 * model's HTML (and an edit) is untrusted, and so is Shopify's current HTML. Today's description is the
 * primary language's; a translation's proposal is shown without one.
 */
function renderDescriptions(items: JobItemView[], current: CurrentDescriptions | null, allowLinks: boolean) {
  const render = (html: string) => sanitizeDescriptionHtml(html, { allowLinks });
  const proposals: Record<string, string> = {};
  const today: Record<string, string> = {};
  for (const item of items) {
    for (const proposal of item.proposals) if (proposal.field === "descriptionHtml") proposals[proposal.id] = render(proposal.value);
    const html = current?.html[item.productId];
    if (html !== undefined) today[item.productId] = render(html);
  }
  return { primaryLocale: current?.primaryLocale ?? null, proposals, current: today };
}

export type JobPage = Awaited<ReturnType<typeof loadJobPage>>;

/** The job controls the page posts as intents, one per JobControl action. */
const CONTROL_ACTIONS = ["pause", "resume", "cancel", "retry_failed", "apply_approved"] as const satisfies ReadonlyArray<JobControl["action"]>;

/** What the job page posts: a control, a review decision, one proposal's edit, or the job's revert (run in the background). */
export const jobPageIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(CONTROL_ACTIONS) }),
  z.object({ intent: z.literal("review"), payload: z.string().max(100_000).transform(jsonField).pipe(reviewDecisionSchema) }),
  z.object({ intent: z.literal("edit"), proposalId: jobIdSchema, value: z.string().max(20_000) }),
  z.object({ intent: z.literal("revert") }),
]);
export type JobPageIntent = z.infer<typeof jobPageIntentSchema>;

/** The merchant's edit failed a hard check: answered at the field, with the issues to word. */
export class EditRefusedError extends Error {
  override name = "EditRefusedError";
  constructor(
    readonly proposalId: string,
    readonly issues: Issue[],
  ) {
    super(`edit of proposal ${proposalId} refused: ${issues.map((issue) => issue.code).join(", ")}`);
  }
}

/** The page's refusals: a refused edit at its field (400 with the issues), else the job service's. */
export function jobPageRefusal(error: unknown) {
  if (error instanceof EditRefusedError) {
    return data({ ok: false as const, error: "invalid_value", errors: { value: "refused by the checks" }, params: {}, issues: error.issues }, { status: 400 });
  }
  return jobRefusal(error);
}

/** Runs one parsed intent for the session's shop; the job service's refusals are typed errors. */
export async function runJobPageIntent(deps: JobServiceDependencies, admin: AdminGraphql, input: { shop: string; jobId: string; actor: string; intent: JobPageIntent }) {
  const { shop, jobId, intent } = input;
  switch (intent.intent) {
    case "pause":
      return { intent: intent.intent, job: await pauseJob(deps, shop, jobId) };
    case "resume":
      return { intent: intent.intent, job: await resumeJob(deps, shop, jobId) };
    case "cancel":
      return { intent: intent.intent, job: await cancelJob(deps, shop, jobId) };
    case "retry_failed":
      return { intent: intent.intent, job: await retryFailed(deps, shop, jobId) };
    case "apply_approved":
      return { intent: intent.intent, job: await applyApproved(deps, shop, jobId) };
    case "review":
      return { intent: intent.intent, review: await reviewProposals(deps.database, shop, jobId, intent.payload) };
    case "edit": {
      const edit = await editProposal(deps.database, admin, { shop, jobId, proposalId: intent.proposalId, value: intent.value });
      if (!edit.ok) throw new EditRefusedError(intent.proposalId, edit.issues);
      return { intent: intent.intent, edit };
    }
    case "revert": {
      // Recorded and answered at once; a worker runs it, and the page follows it (loadLiveProgress).
      const revert = await requestJobRevert(deps.database, { shop, jobId, actor: input.actor });
      deps.dispatcher.notify({ shop, jobId });
      return { intent: intent.intent, revert };
    }
  }
}
