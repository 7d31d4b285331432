import { isUnsentRequestError } from "~/http/network-errors";
import { AdminApiError, type AdminGraphql } from "~/catalog/admin-client.server";
import type { ProductSnapshot } from "~/catalog/product-facts.server";
import { readTranslations, registerTranslations, removeTranslations, updateImageAlts, updateProductCopy, type ProductCopyChanges, type TranslationState, type UserErrors } from "~/catalog/product-writes.server";
import type { CopyField } from "./types";

/**
 * Writes one product's copy in as few Admin calls as Shopify allows: one
 * productUpdate with every product-level field, one fileUpdate with every alt
 * text, then one translationsRegister (and, for reverts, translationsRemove)
 * per resource and locale. Each of Shopify's userErrors is mapped back to the
 * value it concerns by its field path, so a refused value fails alone and the
 * others are written (re-sent once without the refused ones when Shopify
 * refused the whole call, as productUpdate does).
 */

/** Why writing a value failed: Shopify refused it, or the Admin API call failed. */
export type FailureReason = "shopify_refused" | "admin_error";

/** Translation keys Shopify uses for each field. */
export const TRANSLATION_KEYS: Record<CopyField, string> = {
  descriptionHtml: "body_html",
  seoTitle: "meta_title",
  metaDescription: "meta_description",
  altText: "alt",
};

export interface CopyWrite {
  field: CopyField;
  locale: string;
  /** The image for alt text, "" for product fields. */
  resourceId: string;
  /** null: remove the translation (a revert to "no translation"); for a primary field, the same as "". */
  value: string | null;
}

export type WriteOutcome =
  | { status: "written" }
  /** `retryAfterMs`: the Admin call was throttled or deferred by the pacing gate; the same write may go then. */
  | { status: "failed"; reason: FailureReason; message: string; userErrors?: UserErrors; retryAfterMs?: number; unreachable?: boolean };

/** The translatable resource a value lives on: the image for alt text, else the product. */
export function translationResourceOf(product: ProductSnapshot, write: { field: CopyField; resourceId: string }): string {
  return write.field === "altText" ? write.resourceId : product.id;
}

export function currentPrimaryValue(product: ProductSnapshot, field: CopyField, resourceId: string): string {
  switch (field) {
    case "descriptionHtml":
      return product.descriptionHtml;
    case "seoTitle":
      return product.seoTitle;
    case "metaDescription":
      return product.metaDescription;
    case "altText":
      return product.images.find((image) => image.id === resourceId)?.alt ?? "";
  }
}

/**
 * translatableResource per resource and locale, read at most once, and read again only after a write of that
 * resource's own source content: Shopify checks every translation against the digest of the current source and
 * refuses a stale one with "Translatable content hash is invalid" at ["translations", "<n>",
 * "translatableContentDigest"] (reported by app developers whose source changed between reading and registering:
 * https://community.shopify.com/t/unable-to-update-theme-translations-to-shopify-if-the-digest-changes-before-translations-are-ready/88642;
 * the Admin emulator does the same, emulator/admin/graphql/resolvers/translations.ts).
 */
export class TranslationStates {
  private readonly states = new Map<string, Promise<TranslationState>>();
  constructor(private readonly admin: AdminGraphql) {}

  get(resourceId: string, locale: string): Promise<TranslationState> {
    const key = `${resourceId}|${locale}`;
    let state = this.states.get(key);
    if (!state) {
      state = readTranslations(this.admin, resourceId, locale);
      this.states.set(key, state);
      // A failed read is not cached.
      state.catch(() => this.states.delete(key));
    }
    return state;
  }

  /** The resource's source changed: its digests (in every locale) must be read again before registering. */
  sourceChanged(resourceId: string): void {
    for (const key of [...this.states.keys()]) if (key.startsWith(`${resourceId}|`)) this.states.delete(key);
  }
}

const failedAll = (error: unknown): WriteOutcome => {
  if (error instanceof AdminApiError) {
    const retryAfterMs = error.details.retryable ? error.details.retryAfterMs : undefined;
    return { status: "failed", reason: "admin_error", message: error.message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  // Never sent (connection refused, no route): nothing was written, so the values fail plainly and may be sent again.
  // A connection that broke mid-call is not known to have failed: it is thrown, and its revisions stay pending.
  if (isUnsentRequestError(error)) return { status: "failed", reason: "admin_error", message: `Shopify could not be reached: ${error instanceof Error ? error.message : String(error)}`, unreachable: true };
  throw error;
};

const refused = (userErrors: UserErrors): WriteOutcome => ({ status: "failed", reason: "shopify_refused", message: userErrors.map((error) => error.message).join(" "), userErrors });

/**
 * Sends `members` through `send` once; values whose userErrors can be pinned on them fail alone and the rest are
 * sent again once if Shopify did not write them (a call refused as a whole). An error that cannot be pinned on a
 * value fails every value of the call.
 */
async function sendWithRetry<Member>(
  members: Member[],
  send: (members: Member[]) => Promise<{ userErrors: UserErrors; written: (member: Member, index: number) => boolean }>,
  ownerOf: (error: UserErrors[number], members: Member[]) => number | undefined,
): Promise<Map<Member, WriteOutcome>> {
  const outcomes = new Map<Member, WriteOutcome>();
  let pending = members;
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt += 1) {
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(pending);
    } catch (error) {
      const outcome = failedAll(error);
      for (const member of pending) outcomes.set(member, outcome);
      return outcomes;
    }
    if (answer.userErrors.length === 0) {
      for (const member of pending) outcomes.set(member, { status: "written" });
      return outcomes;
    }
    const byOwner = new Map<number, UserErrors>();
    const unowned: UserErrors = [];
    for (const error of answer.userErrors) {
      const owner = ownerOf(error, pending);
      if (owner === undefined) unowned.push(error);
      else byOwner.set(owner, [...(byOwner.get(owner) ?? []), error]);
    }
    if (unowned.length > 0) {
      for (const member of pending) outcomes.set(member, refused(answer.userErrors));
      return outcomes;
    }
    const again: Member[] = [];
    pending.forEach((member, index) => {
      const errors = byOwner.get(index);
      if (errors) outcomes.set(member, refused(errors));
      else if (answer.written(member, index)) outcomes.set(member, { status: "written" });
      else again.push(member);
    });
    pending = again;
  }
  // Still refused as a whole after the refused values were taken out: nothing more to learn by resending.
  for (const member of pending) outcomes.set(member, { status: "failed", reason: "shopify_refused", message: "Shopify did not write this value." });
  return outcomes;
}

/** The index in a path such as ["files", "2", "alt"] or ["translations", "0", "value"]. */
function indexIn(path: string[] | null, list: string): number | undefined {
  if (!path) return undefined;
  const at = path.indexOf(list);
  const index = at >= 0 ? Number(path[at + 1]) : Number.NaN;
  return Number.isInteger(index) ? index : undefined;
}

/** The product field a productUpdate userError names, e.g. ["seo", "title"] or ["product", "descriptionHtml"]. */
function productFieldOf(path: string[] | null): CopyField | undefined {
  if (!path) return undefined;
  if (path.includes("seo") && path.includes("title")) return "seoTitle";
  if (path.includes("seo") && path.includes("description")) return "metaDescription";
  if (path.includes("descriptionHtml") || path.includes("bodyHtml") || path.includes("body_html")) return "descriptionHtml";
  return undefined;
}

/**
 * Writes `writes` (all of one product) and returns one outcome per write, in order. Primary-language values go
 * first, so translations registered afterwards quote the digest of the source as it now is.
 */
export async function executeWrites(admin: AdminGraphql, product: ProductSnapshot, writes: readonly CopyWrite[], translations: TranslationStates): Promise<WriteOutcome[]> {
  const outcomes = new Map<CopyWrite, WriteOutcome>();
  const primary = writes.filter((write) => write.locale === product.primaryLocale);
  const translated = writes.filter((write) => write.locale !== product.primaryLocale);

  const productFields = primary.filter((write) => write.field !== "altText");
  if (productFields.length > 0) {
    const sent = await sendWithRetry(
      productFields,
      async (members) => {
        const changes: ProductCopyChanges = {};
        for (const write of members) {
          const value = write.value ?? "";
          // Only the fields that change: SEOInput's fields are optional and an omitted one keeps its stored value
          // (2026-10 schema), so re-sending the other from a snapshot would undo a concurrent write to it.
          if (write.field === "descriptionHtml") changes.descriptionHtml = value;
          else if (write.field === "seoTitle") changes.seo = { ...changes.seo, title: value };
          else if (write.field === "metaDescription") changes.seo = { ...changes.seo, description: value };
        }
        const answer = await updateProductCopy(admin, product.id, changes);
        // productUpdate is all or nothing: with any userError, nothing was written.
        return { userErrors: answer.userErrors, written: () => answer.userErrors.length === 0 };
      },
      (error, members) => {
        const field = productFieldOf(error.field);
        const index = field ? members.findIndex((write) => write.field === field) : -1;
        return index >= 0 ? index : undefined;
      },
    );
    for (const [write, outcome] of sent) outcomes.set(write, outcome);
    if ([...sent.values()].some((outcome) => outcome.status === "written")) translations.sourceChanged(product.id);
  }

  const alts = primary.filter((write) => write.field === "altText");
  if (alts.length > 0) {
    const sent = await sendWithRetry(
      alts,
      async (members) => {
        const answer = await updateImageAlts(
          admin,
          members.map((write) => ({ id: write.resourceId, alt: write.value ?? "" })),
        );
        return { userErrors: answer.userErrors, written: (write) => answer.updated?.includes(write.resourceId) ?? false };
      },
      (error) => indexIn(error.field, "files"),
    );
    for (const [write, outcome] of sent) {
      outcomes.set(write, outcome);
      if (outcome.status === "written") translations.sourceChanged(write.resourceId);
    }
  }

  // Translations: one call per resource and locale (and kind: register or remove).
  const groups = new Map<string, { resourceId: string; locale: string; register: CopyWrite[]; remove: CopyWrite[] }>();
  for (const write of translated) {
    const resourceId = translationResourceOf(product, write);
    const key = `${resourceId}|${write.locale}`;
    const group = groups.get(key) ?? { resourceId, locale: write.locale, register: [], remove: [] };
    (write.value === null ? group.remove : group.register).push(write);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    if (group.remove.length > 0) {
      const sent = await sendWithRetry(
        group.remove,
        async (members) => {
          const answer = await removeTranslations(
            admin,
            group.resourceId,
            members.map((write) => TRANSLATION_KEYS[write.field]),
            group.locale,
          );
          return { userErrors: answer.userErrors, written: () => answer.userErrors.length === 0 };
        },
        () => undefined,
      );
      for (const [write, outcome] of sent) outcomes.set(write, outcome);
    }
    if (group.register.length === 0) continue;
    let state: TranslationState;
    try {
      state = await translations.get(group.resourceId, group.locale);
    } catch (error) {
      const outcome = failedAll(error);
      for (const write of group.register) outcomes.set(write, outcome);
      continue;
    }
    const withDigest = group.register.filter((write) => state.digests[TRANSLATION_KEYS[write.field]]);
    for (const write of group.register) {
      if (!withDigest.includes(write)) outcomes.set(write, { status: "failed", reason: "shopify_refused", message: `The ${TRANSLATION_KEYS[write.field]} source is blank: there is nothing to translate.` });
    }
    if (withDigest.length === 0) continue;
    const sent = await sendWithRetry(
      withDigest,
      async (members) => {
        const answer = await registerTranslations(
          admin,
          group.resourceId,
          members.map((write) => ({ key: TRANSLATION_KEYS[write.field], locale: group.locale, value: write.value ?? "", digest: state.digests[TRANSLATION_KEYS[write.field]]! })),
        );
        // Items are checked one by one: those without a userError were saved.
        return { userErrors: answer.userErrors, written: () => true };
      },
      (error) => indexIn(error.field, "translations"),
    );
    for (const [write, outcome] of sent) outcomes.set(write, outcome);
  }

  return writes.map((write) => outcomes.get(write) ?? { status: "failed", reason: "admin_error", message: "not sent" });
}
