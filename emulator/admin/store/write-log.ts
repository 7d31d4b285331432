import { createHash } from "node:crypto";

/**
 * Every copy write the emulator accepted, per shop: which field of which
 * resource got which value (as a digest), through a direct mutation or a bulk
 * mutation. Benchmarks and the chaos run read it through the control API to
 * count writes and duplicate writes — the same value written again to the same
 * field of the same resource — without trusting the app's own bookkeeping.
 *
 * Compact by design: a 100k-product job writes ~500k values, so the log keeps
 * a count per (resource, field, locale, value digest), not every write.
 */
export type WriteField = "descriptionHtml" | "seo.title" | "seo.description" | "alt" | `translation:${string}`;
export type WriteVia = "mutation" | "bulk";

export interface WriteInput {
  readonly resourceId: string;
  readonly field: WriteField;
  /** The locale of a translation; null for the shop's own language. */
  readonly locale: string | null;
  /** null when the write removed the value (translationsRemove, an empty SEO field). */
  readonly value: string | null;
  readonly via: WriteVia;
}

export interface ShopWriteSummary {
  /** Values written (each field of each resource counts once per write). */
  writes: number;
  /** Writes that repeated an earlier write's exact value to the same field. */
  duplicateWrites: number;
  /** Distinct resources written to. */
  resources: number;
  byField: Record<string, number>;
  byVia: Record<WriteVia, number>;
}

const digest = (value: string | null): string => (value === null ? "∅" : createHash("sha1").update(value).digest("base64url").slice(0, 16));

interface ShopWrites {
  readonly counts: Map<string, number>;
  readonly resources: Set<string>;
  summary: ShopWriteSummary;
}

function emptySummary(): ShopWriteSummary {
  return { writes: 0, duplicateWrites: 0, resources: 0, byField: {}, byVia: { mutation: 0, bulk: 0 } };
}

export class WriteLog {
  private readonly shops = new Map<string, ShopWrites>();

  record(shop: string, write: WriteInput): void {
    let state = this.shops.get(shop);
    if (!state) {
      state = { counts: new Map(), resources: new Set(), summary: emptySummary() };
      this.shops.set(shop, state);
    }
    const key = `${write.resourceId}|${write.field}|${write.locale ?? ""}|${digest(write.value)}`;
    const seen = state.counts.get(key) ?? 0;
    state.counts.set(key, seen + 1);
    state.resources.add(write.resourceId);
    const summary = state.summary;
    summary.writes += 1;
    if (seen > 0) summary.duplicateWrites += 1;
    summary.resources = state.resources.size;
    const fieldName = write.field.startsWith("translation:") ? "translation" : write.field;
    summary.byField[fieldName] = (summary.byField[fieldName] ?? 0) + 1;
    summary.byVia[write.via] += 1;
  }

  forShop(shop: string): ShopWriteSummary {
    return structuredClone(this.shops.get(shop)?.summary ?? emptySummary());
  }

  all(): Record<string, ShopWriteSummary> {
    return Object.fromEntries([...this.shops].map(([shop, state]) => [shop, structuredClone(state.summary)]));
  }

  reset(shop?: string): void {
    if (shop) this.shops.delete(shop);
    else this.shops.clear();
  }
}
