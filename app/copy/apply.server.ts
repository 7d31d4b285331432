import { createHash, randomUUID } from "node:crypto";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import type { UserErrors } from "~/catalog/product-writes.server";
import type { Database } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors";
import type { CopySettings } from "./settings";
import { copyFieldSchema, type CopyField } from "./types";
import { currentPrimaryValue, executeWrites, TRANSLATION_KEYS, TranslationStates, translationResourceOf, type CopyWrite, type FailureReason, type WriteOutcome } from "./write-batch.server";

export type { FailureReason } from "./write-batch.server";

/**
 * Writing copy to Shopify. Only validated, sanitised values arrive here. The
 * shop's policy decides whether existing copy may be overwritten.
 *
 * Crash-safe: every value to write is first recorded as a `pending` Revision
 * (with the value it replaces and a unique idempotency key), all of a batch in
 * one transaction; once Shopify answers it becomes `written` or `failed` (with
 * the reason), never deleted. A retry with the same key does not write again
 * what is `written`; one left `pending` by a crash is settled by reading
 * Shopify: already there → written, else written again. Only `written`
 * revisions are history, and revert puts back exactly what one replaced —
 * unless the field changed since, which is reported, never overwritten.
 */
export interface ApprovedValue {
  field: CopyField;
  locale: string;
  resourceId: string;
  value: string;
  /** Same key, same write: see idempotencyKeyFor. Without one the write is not deduplicated. */
  idempotencyKey?: string;
}

/**
 * Why a value was not written although nothing went wrong. `in_progress`: another apply of the same value (same
 * idempotency key, e.g. a double submit) holds it right now.
 */
export type SkipReason = "not_blank" | "unchanged" | "no_source" | "in_progress";

export type ValueResult =
  | (ApprovedValue & { status: "written"; revisionId: string })
  | (ApprovedValue & { status: "skipped"; reason: SkipReason })
  | (ApprovedValue & { status: "failed"; reason: FailureReason; message: string; userErrors?: UserErrors; retryAfterMs?: number; unreachable?: boolean });

export interface ApplyOutcome {
  /** One entry per value, in the order given. */
  results: ValueResult[];
  applied: Array<ApprovedValue & { revisionId: string }>;
  skipped: Array<ApprovedValue & { reason: SkipReason }>;
  failed: Array<ApprovedValue & { reason: FailureReason; message: string }>;
}

export class ForeignImageError extends Error {
  override name = "ForeignImageError";
}

/**
 * The idempotency key of one write: the item it belongs to (a job item, or `proposal:<id>` on the Product page),
 * the target (field, locale, resource) and a hash of the content. The same item writing the same content to the
 * same place is the same write.
 */
export function idempotencyKeyFor(input: { item: string; field: CopyField; locale: string; resourceId: string; value: string }): string {
  const content = createHash("sha256").update(input.value, "utf8").digest("hex");
  return createHash("sha256").update(JSON.stringify([input.item, input.field, input.locale, input.resourceId, content]), "utf8").digest("hex");
}

/** Where a value stands in Shopify now: the primary value, or the translation (null when there is none). */
async function currentValue(product: ProductSnapshot, translations: TranslationStates, target: { field: CopyField; locale: string; resourceId: string }): Promise<string | null> {
  if (target.locale === product.primaryLocale) return currentPrimaryValue(product, target.field, target.resourceId);
  const state = await translations.get(translationResourceOf(product, target), target.locale);
  return state.current[TRANSLATION_KEYS[target.field]]?.value ?? null;
}

/** Primary fields read "" when empty; a revision may hold null for them. */
function sameValue(product: ProductSnapshot, locale: string, left: string | null, right: string | null): boolean {
  if (locale === product.primaryLocale) return (left ?? "") === (right ?? "");
  return left === right;
}

type RevisionRow = Awaited<ReturnType<Database["revision"]["findFirstOrThrow"]>>;

/**
 * How long a pending revision belongs to the attempt that recorded it. One product's writes take seconds (the
 * Admin client waits at most 20 s for the shop's bucket); a pending revision older than this was left by a crash.
 */
export const PENDING_LEASE_MS = 2 * 60_000;

/**
 * Takes over a pending revision left by a crashed attempt, by compare-and-set on its attempt time, so that of
 * several retries only one writes. False: another attempt holds it (still within its lease, or taken over first).
 */
async function takeOver(database: Database, revision: RevisionRow): Promise<boolean> {
  const now = new Date();
  if (now.getTime() - revision.attemptedAt.getTime() < PENDING_LEASE_MS) return false;
  const claimed = await database.revision.updateMany({ where: { id: revision.id, status: "pending", attemptedAt: revision.attemptedAt }, data: { attemptedAt: now } });
  return claimed.count === 1;
}

/** pending → written / failed, only from pending: a settled revision never changes state again. */
async function settleRevisions(database: Database, settled: Array<{ revisionId: string; outcome: WriteOutcome }>, onWritten: (revisionIds: string[]) => unknown[] = () => []) {
  const written = settled.filter((entry) => entry.outcome.status === "written").map((entry) => entry.revisionId);
  const failed = settled.flatMap((entry) => (entry.outcome.status === "failed" ? [{ id: entry.revisionId, outcome: entry.outcome }] : []));
  await database.$transaction([
    ...(written.length > 0 ? [database.revision.updateMany({ where: { id: { in: written }, status: "pending" }, data: { status: "written" } })] : []),
    ...(onWritten(written) as Array<ReturnType<Database["revision"]["updateMany"]>>),
    ...failed.map((entry) =>
      database.revision.updateMany({
        where: { id: entry.id, status: "pending" },
        // The key is given up so that a retry can claim it; the row stays, with its reason.
        data: { status: "failed", failureReason: entry.outcome.reason, failureMessage: entry.outcome.message.slice(0, 2000), idempotencyKey: null },
      }),
    ),
  ]);
}

/**
 * Writes the values of one product and reports each one: written, skipped with a reason (policy, unchanged, a
 * translation whose source field is blank) or failed with Shopify's reason. Everything that can be known before
 * writing is checked first, so a value that cannot be written never stops the others. The writes are batched
 * (write-batch.server.ts): in the common case the product snapshot (passed in by a caller that has just read it,
 * else read once here), one productUpdate and one fileUpdate. `onResult` runs for each value once it is settled.
 */
export async function applyValues(
  admin: AdminGraphql,
  database: Database,
  input: {
    shop: string;
    productId: string;
    /** The product as the caller has just read it; read here otherwise. */
    product?: ProductSnapshot;
    values: ApprovedValue[];
    writePolicy: CopySettings["writePolicy"];
    source: string;
    actor: string;
    jobId?: string;
    onResult?: (result: ValueResult, index: number) => Promise<void>;
    /**
     * The caller holds these values' keys under a lease (a job item): `assertHeld` runs right before the write, so an
     * attempt that lost its lease meanwhile (a stalled runner whose heartbeat came late) throws instead of writing
     * beside the one that took it over. A pending revision is taken over only after PENDING_LEASE_MS, even from a
     * process known to be dead: a request it sent just before dying can still reach Shopify after the restart.
     */
    exclusive?: { assertHeld: () => Promise<void> };
  },
): Promise<ApplyOutcome> {
  const product = input.product && input.product.id === input.productId ? input.product : await loadProductSnapshot(admin, input.productId);
  for (const approved of input.values) {
    if (approved.field === "altText" && !product.images.some((image) => image.id === approved.resourceId)) {
      throw new ForeignImageError(`image ${approved.resourceId} does not belong to product ${product.id}`);
    }
  }
  const translations = new TranslationStates(admin);
  const keys = input.values.map((approved) => approved.idempotencyKey ?? `once:${randomUUID()}`);
  const earlier = new Map(
    (await database.revision.findMany({ where: { shop: input.shop, idempotencyKey: { in: keys } } })).map((revision) => [revision.idempotencyKey as string, revision]),
  );
  // Translation state per resource and locale, read up front (in parallel) for the values still to decide.
  await Promise.all(
    input.values
      .filter((approved, index) => approved.locale !== product.primaryLocale && earlier.get(keys[index]!)?.status !== "written")
      .map((approved) => translations.get(translationResourceOf(product, approved), approved.locale)),
  );

  const results: Array<ValueResult | undefined> = input.values.map(() => undefined);
  const toWrite: Array<{ index: number; revisionId?: string; previous: string | null }> = [];
  const resolvedPending: string[] = [];
  for (const [index, approved] of input.values.entries()) {
    const before = earlier.get(keys[index]!);
    if (before?.status === "written") {
      results[index] = { ...approved, status: "written", revisionId: before.id };
      continue;
    }
    const current = await currentValue(product, translations, approved);
    if (before?.status === "pending") {
      // Left pending by a crash between recording and settling: Shopify tells whether the write landed.
      if (sameValue(product, approved.locale, current, approved.value)) {
        resolvedPending.push(before.id);
        results[index] = { ...approved, status: "written", revisionId: before.id };
      } else if (await takeOver(database, before)) toWrite.push({ index, revisionId: before.id, previous: before.previousValue });
      else results[index] = { ...approved, status: "skipped", reason: "in_progress" };
      continue;
    }
    if (approved.locale === product.primaryLocale) {
      if (input.writePolicy === "fill_blanks" && (current ?? "").trim() !== "") {
        results[index] = { ...approved, status: "skipped", reason: "not_blank" };
        continue;
      }
    } else {
      const state = await translations.get(translationResourceOf(product, approved), approved.locale);
      const key = TRANSLATION_KEYS[approved.field];
      // Shopify translates source content: a blank source field has no digest and nothing to translate — unless this
      // apply writes that source first (the translation is then registered against the new source's digest).
      const sourceWrittenHere = input.values.some(
        (other) => other.locale === product.primaryLocale && other.field === approved.field && other.resourceId === approved.resourceId && other.value.trim() !== "",
      );
      if (!state.digests[key] && !sourceWrittenHere) {
        results[index] = { ...approved, status: "skipped", reason: "no_source" };
        continue;
      }
      const existing = state.current[key];
      if (input.writePolicy === "fill_blanks" && existing?.value && !existing.outdated) {
        results[index] = { ...approved, status: "skipped", reason: "not_blank" };
        continue;
      }
    }
    if (sameValue(product, approved.locale, current, approved.value)) {
      results[index] = { ...approved, status: "skipped", reason: "unchanged" };
      continue;
    }
    toWrite.push({ index, previous: current });
  }
  if (resolvedPending.length > 0) await settleRevisions(database, resolvedPending.map((revisionId) => ({ revisionId, outcome: { status: "written" } })));

  // Recorded before the write, all in one transaction: a crash after this leaves pending revisions to settle.
  const fresh = toWrite.filter((entry) => !entry.revisionId);
  const pendingRow = (entry: (typeof toWrite)[number]) => {
    const approved = input.values[entry.index]!;
    return {
      shop: input.shop,
      productId: product.id,
      field: approved.field,
      locale: approved.locale,
      resourceId: approved.field === "altText" ? approved.resourceId : "",
      previousValue: entry.previous,
      newValue: approved.value,
      source: input.source,
      actor: input.actor,
      status: "pending",
      jobId: input.jobId ?? null,
      idempotencyKey: keys[entry.index]!,
    };
  };
  try {
    // One statement for every value; rows come back keyed by their idempotency key (the order is not promised).
    const created = await database.revision.createManyAndReturn({ data: fresh.map((entry) => pendingRow(entry)), select: { id: true, idempotencyKey: true } });
    const idByKey = new Map(created.map((row) => [row.idempotencyKey, row.id]));
    fresh.forEach((entry) => (entry.revisionId = idByKey.get(keys[entry.index]!)));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent apply of some of the same values (same keys) got there first: it owns them. Record the rest one by one.
    for (const entry of fresh) {
      try {
        entry.revisionId = (await database.revision.create({ data: pendingRow(entry), select: { id: true } })).id;
      } catch (conflict) {
        if (!isUniqueViolation(conflict)) throw conflict;
        const owner = await database.revision.findUnique({ where: { idempotencyKey: keys[entry.index]! } });
        const approved = input.values[entry.index]!;
        results[entry.index] = owner?.status === "written" ? { ...approved, status: "written", revisionId: owner.id } : { ...approved, status: "skipped", reason: "in_progress" };
      }
    }
  }
  toWrite.splice(0, toWrite.length, ...toWrite.filter((entry) => entry.revisionId));

  const writes: CopyWrite[] = toWrite.map((entry) => {
    const approved = input.values[entry.index]!;
    return { field: approved.field, locale: approved.locale, resourceId: approved.resourceId, value: approved.value };
  });
  if (writes.length > 0 && input.exclusive) {
    try {
      await input.exclusive.assertHeld();
    } catch (error) {
      // Nothing was sent: the revisions this attempt holds give up their keys, so the attempt that has the item now
      // records and writes them without waiting out PENDING_LEASE_MS.
      await settleRevisions(
        database,
        toWrite.map((entry) => ({ revisionId: entry.revisionId!, outcome: { status: "failed", reason: "admin_error", message: "Not sent: this attempt no longer held the job item." } })),
      );
      throw error;
    }
  }
  const outcomes = writes.length > 0 ? await executeWrites(admin, product, writes, translations) : [];
  await settleRevisions(
    database,
    toWrite.map((entry, position) => ({ revisionId: entry.revisionId!, outcome: outcomes[position]! })),
  );
  toWrite.forEach((entry, position) => {
    const approved = input.values[entry.index]!;
    const outcome = outcomes[position]!;
    results[entry.index] =
      outcome.status === "written"
        ? { ...approved, status: "written", revisionId: entry.revisionId! }
        : {
            ...approved,
            status: "failed",
            reason: outcome.reason,
            message: outcome.message,
            ...(outcome.userErrors ? { userErrors: outcome.userErrors } : {}),
            ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
            ...(outcome.unreachable ? { unreachable: true } : {}),
          };
  });

  const settled = results.map((result) => result!);
  for (const [index, result] of settled.entries()) await input.onResult?.(result, index);
  return {
    results: settled,
    applied: settled.flatMap((result) => (result.status === "written" ? [{ ...valueOf(result), revisionId: result.revisionId }] : [])),
    skipped: settled.flatMap((result) => (result.status === "skipped" ? [{ ...valueOf(result), reason: result.reason }] : [])),
    failed: settled.flatMap((result) => (result.status === "failed" ? [{ ...valueOf(result), reason: result.reason, message: result.message }] : [])),
  };
}

function valueOf(result: ValueResult): ApprovedValue {
  return { field: result.field, locale: result.locale, resourceId: result.resourceId, value: result.value };
}

export class RevisionNotFoundError extends Error {
  override name = "RevisionNotFoundError";
}

/** The field no longer holds what the revision wrote: someone changed it since, and revert leaves it alone. */
export class RevisionChangedSinceError extends Error {
  override name = "RevisionChangedSinceError";
  constructor(
    readonly revisionId: string,
    readonly currentValue: string | null,
  ) {
    super(`revision ${revisionId}: the field was changed since it was written`);
  }
}

/** Shopify refused the revert, or the Admin call failed: nothing was reverted. */
export class RevertFailedError extends Error {
  override name = "RevertFailedError";
  constructor(
    readonly revisionId: string,
    readonly reason: FailureReason,
    readonly detail: string,
  ) {
    super(`revision ${revisionId}: revert failed (${reason}): ${detail}`);
  }
}

/** Another revert of the same revision is being written right now (a double click, a concurrent job retry). */
export class RevertInProgressError extends Error {
  override name = "RevertInProgressError";
}

/** What happened to one revision when reverting. */
export type RevertResult = { revisionId: string; productId: string; field: CopyField; locale: string; resourceId: string } & (
  | { status: "reverted"; revertRevisionId: string }
  | { status: "changed_since"; currentValue: string | null }
  | { status: "in_progress" }
  | { status: "failed"; reason: FailureReason; message: string; retryAfterMs?: number }
);

/**
 * Reverts written revisions of one product, batched like the writes. `chains` groups, per target, the revision
 * to revert (`first`: its previousValue is put back) and the latest written revision on that target (`last`): the
 * field must still hold `last.newValue`, or it changed since and is left alone.
 */
async function revertProduct(
  admin: AdminGraphql,
  database: Database,
  input: { shop: string; actor: string; jobId: string | null; productId: string; chains: Array<{ first: RevisionRow; last: RevisionRow; members: RevisionRow[] }> },
): Promise<RevertResult[]> {
  const product = await loadProductSnapshot(admin, input.productId);
  const translations = new TranslationStates(admin);
  const results: RevertResult[] = [];
  const targetOf = (revision: RevisionRow) => ({ field: copyFieldSchema.parse(revision.field), locale: revision.locale, resourceId: revision.resourceId });
  const identity = (revision: RevisionRow) => ({ revisionId: revision.id, productId: revision.productId, ...targetOf(revision) });
  // One revert per reverted revision: a retried or repeated revert of it finds the first one.
  const keys = input.chains.map((chain) => `revert:${chain.first.id}`);
  const earlier = new Map((await database.revision.findMany({ where: { shop: input.shop, idempotencyKey: { in: keys } } })).map((revision) => [revision.idempotencyKey as string, revision]));
  await Promise.all(
    input.chains.filter((chain) => chain.first.locale !== product.primaryLocale).map((chain) => translations.get(translationResourceOf(product, targetOf(chain.first)), chain.first.locale)),
  );

  const toWrite: Array<{ chain: (typeof input.chains)[number]; revertId?: string; current: string | null }> = [];
  const markReverted = (chains: Array<(typeof input.chains)[number]>) =>
    chains.length > 0 ? [database.revision.updateMany({ where: { id: { in: chains.flatMap((chain) => chain.members.map((member) => member.id)) }, revertedAt: null }, data: { revertedAt: new Date() } })] : [];
  const alreadyDone: Array<{ chain: (typeof input.chains)[number]; revertId: string }> = [];
  for (const [index, chain] of input.chains.entries()) {
    const target = targetOf(chain.first);
    const current = await currentValue(product, translations, target);
    const before = earlier.get(keys[index]!);
    if (before?.status === "written" || (before?.status === "pending" && sameValue(product, target.locale, current, before.newValue))) {
      alreadyDone.push({ chain, revertId: before.id });
      continue;
    }
    if (before?.status === "pending") {
      if (await takeOver(database, before)) toWrite.push({ chain, revertId: before.id, current: before.previousValue });
      else for (const member of chain.members) results.push({ ...identity(member), status: "in_progress" });
      continue;
    }
    if (!sameValue(product, target.locale, current, chain.last.newValue)) {
      for (const member of chain.members) results.push({ ...identity(member), status: "changed_since", currentValue: current });
      continue;
    }
    toWrite.push({ chain, current });
  }
  if (alreadyDone.length > 0) {
    await settleRevisions(
      database,
      alreadyDone.map((entry) => ({ revisionId: entry.revertId, outcome: { status: "written" } })),
      () => markReverted(alreadyDone.map((entry) => entry.chain)),
    );
    for (const entry of alreadyDone) for (const member of entry.chain.members) results.push({ ...identity(member), status: "reverted", revertRevisionId: entry.revertId });
  }

  const fresh = toWrite.filter((entry) => !entry.revertId);
  const revertRow = (entry: (typeof toWrite)[number]) => ({
    shop: input.shop,
    productId: entry.chain.first.productId,
    field: entry.chain.first.field,
    locale: entry.chain.first.locale,
    resourceId: entry.chain.first.resourceId,
    previousValue: entry.current,
    newValue: entry.chain.first.previousValue,
    source: "revert",
    actor: input.actor,
    revertOfId: entry.chain.first.id,
    status: "pending",
    jobId: input.jobId,
    idempotencyKey: `revert:${entry.chain.first.id}`,
  });
  try {
    const created = await database.revision.createManyAndReturn({ data: fresh.map((entry) => revertRow(entry)), select: { id: true, idempotencyKey: true } });
    const idByKey = new Map(created.map((row) => [row.idempotencyKey, row.id]));
    fresh.forEach((entry) => (entry.revertId = idByKey.get(`revert:${entry.chain.first.id}`)));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent revert of some of the same revisions got there first: it owns them.
    for (const entry of fresh) {
      try {
        entry.revertId = (await database.revision.create({ data: revertRow(entry), select: { id: true } })).id;
      } catch (conflict) {
        if (!isUniqueViolation(conflict)) throw conflict;
        for (const member of entry.chain.members) results.push({ ...identity(member), status: "in_progress" });
      }
    }
  }
  toWrite.splice(0, toWrite.length, ...toWrite.filter((entry) => entry.revertId));
  const outcomes = toWrite.length > 0 ? await executeWrites(admin, product, toWrite.map((entry) => ({ ...targetOf(entry.chain.first), value: entry.chain.first.previousValue })), translations) : [];
  await settleRevisions(
    database,
    toWrite.map((entry, position) => ({ revisionId: entry.revertId!, outcome: outcomes[position]! })),
    () => markReverted(toWrite.filter((_entry, position) => outcomes[position]!.status === "written").map((entry) => entry.chain)),
  );
  toWrite.forEach((entry, position) => {
    const outcome = outcomes[position]!;
    for (const member of entry.chain.members) {
      results.push(
        outcome.status === "written"
          ? { ...identity(member), status: "reverted", revertRevisionId: entry.revertId! }
          : { ...identity(member), status: "failed", reason: outcome.reason, message: outcome.message, ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) },
      );
    }
  });
  return results;
}

const targetKey = (revision: RevisionRow) => `${revision.productId}|${revision.field}|${revision.locale}|${revision.resourceId}`;

/**
 * Puts back the value a revision replaced; the revert is itself a revision. Plume's own later writes to the field
 * (written revisions after this one) are undone with it; a change made outside Plume is not overwritten:
 * RevisionChangedSinceError.
 */
export async function revertRevision(admin: AdminGraphql, database: Database, input: { shop: string; revisionId: string; actor: string }): Promise<RevisionRow> {
  // Tenant scope: a shop can only revert its own writes; only written revisions are history.
  const revision = await database.revision.findFirst({ where: { id: input.revisionId, shop: input.shop, status: "written" } });
  if (!revision) throw new RevisionNotFoundError(`revision ${input.revisionId} not found`);
  const later = await database.revision.findMany({
    where: { shop: input.shop, productId: revision.productId, field: revision.field, locale: revision.locale, resourceId: revision.resourceId, status: "written", createdAt: { gte: revision.createdAt } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const chain = [revision, ...later.filter((entry) => entry.id !== revision.id)];
  const [result] = await revertProduct(admin, database, { shop: input.shop, actor: input.actor, jobId: null, productId: revision.productId, chains: [{ first: revision, last: chain.at(-1)!, members: [revision] }] });
  if (!result) throw new RevisionNotFoundError(`revision ${input.revisionId} not found`);
  if (result.status === "changed_since") throw new RevisionChangedSinceError(revision.id, result.currentValue);
  if (result.status === "in_progress") throw new RevertInProgressError(`revision ${revision.id}: a revert of it is under way`);
  if (result.status === "failed") throw new RevertFailedError(revision.id, result.reason, result.message);
  return database.revision.findUniqueOrThrow({ where: { id: result.revertRevisionId } });
}

/**
 * Reverts every written, not yet reverted revision of a job, one product at a time, batched like the writes (the
 * snapshot, then about one call per kind of field). A field the job wrote several times goes back to what it held
 * before the job; a field changed since by anyone else (outside Plume, or a later write of Plume's not from this
 * job) is reported as changed_since and left alone. One report entry per revision.
 */
export async function revertJob(admin: AdminGraphql, database: Database, input: { shop: string; jobId: string; actor: string }): Promise<RevertResult[]> {
  const revisions = await database.revision.findMany({
    where: { shop: input.shop, jobId: input.jobId, status: "written", revertedAt: null, revertOfId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const byProduct = new Map<string, RevisionRow[]>();
  for (const revision of revisions) byProduct.set(revision.productId, [...(byProduct.get(revision.productId) ?? []), revision]);
  const report: RevertResult[] = [];
  for (const [productId, own] of byProduct) report.push(...(await revertJobRevisions(admin, database, { ...input, productId, own })));
  return report;
}

/**
 * One product's share of revertJob, for a caller that works through a job's products one at a time and records
 * its progress between them (the background revert, app/jobs/revert.server.ts). Nothing left to revert: [].
 */
export async function revertJobProduct(admin: AdminGraphql, database: Database, input: { shop: string; jobId: string; actor: string; productId: string }): Promise<RevertResult[]> {
  const own = await database.revision.findMany({
    where: { shop: input.shop, jobId: input.jobId, productId: input.productId, status: "written", revertedAt: null, revertOfId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return own.length === 0 ? [] : revertJobRevisions(admin, database, { ...input, own });
}

async function revertJobRevisions(
  admin: AdminGraphql,
  database: Database,
  input: { shop: string; jobId: string; actor: string; productId: string; own: RevisionRow[] },
): Promise<RevertResult[]> {
  const { productId, own } = input;
  // Every written revision on the fields this job touched, to see whether someone wrote them after the job.
  const all = await database.revision.findMany({
    where: { shop: input.shop, productId, status: "written", createdAt: { gte: own[0]!.createdAt } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const chains = new Map<string, { first: RevisionRow; last: RevisionRow; members: RevisionRow[] }>();
  for (const revision of own) {
    const chain = chains.get(targetKey(revision));
    if (chain) chain.members.push(revision);
    else chains.set(targetKey(revision), { first: revision, last: revision, members: [revision] });
  }
  const report: RevertResult[] = [];
  for (const chain of chains.values()) {
    const after = all.filter((entry) => targetKey(entry) === targetKey(chain.first) && (entry.createdAt > chain.first.createdAt || entry.id === chain.first.id));
    chain.last = after.at(-1) ?? chain.members.at(-1)!;
    if (after.some((entry) => entry.jobId !== input.jobId)) {
      for (const member of chain.members) {
        report.push({ revisionId: member.id, productId, field: copyFieldSchema.parse(member.field), locale: member.locale, resourceId: member.resourceId, status: "changed_since", currentValue: chain.last.newValue });
      }
      chains.delete(targetKey(chain.first));
    }
  }
  if (chains.size > 0) report.push(...(await revertProduct(admin, database, { shop: input.shop, actor: input.actor, jobId: input.jobId, productId, chains: [...chains.values()] })));
  return report;
}

/** The product's history: written revisions only (pending and failed attempts are not changes). */
export async function productHistory(database: Database, shop: string, productId: string, take = 50) {
  return database.revision.findMany({ where: { shop, productId, status: "written" }, orderBy: { createdAt: "desc" }, take });
}
