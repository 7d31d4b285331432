/**
 * Registered translations per resource, locale and key. Each translation keeps
 * the digest of the source content it was written against, which is how
 * Shopify reports a translation as `outdated` after the source changes.
 */
import { createHash } from "node:crypto";

export interface TranslationRecord {
  readonly key: string;
  readonly locale: string;
  readonly value: string;
  /** Digest of the source value when the translation was registered. */
  readonly sourceDigest: string;
  readonly updatedAt: number;
}

/** Shopify's translatable content digest: hex SHA-256 of the source value. */
export function contentDigest(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export class TranslationStore {
  private readonly byResource = new Map<string, Map<string, Map<string, TranslationRecord>>>();

  list(resourceId: string, locale: string): TranslationRecord[] {
    return [...(this.byResource.get(resourceId)?.get(locale)?.values() ?? [])];
  }

  put(resourceId: string, record: TranslationRecord): void {
    let locales = this.byResource.get(resourceId);
    if (!locales) {
      locales = new Map();
      this.byResource.set(resourceId, locales);
    }
    let keys = locales.get(record.locale);
    if (!keys) {
      keys = new Map();
      locales.set(record.locale, keys);
    }
    keys.set(record.key, record);
  }

  /** Removes the given keys in the given locales; returns what was removed. */
  remove(resourceId: string, keys: readonly string[], locales: readonly string[]): TranslationRecord[] {
    const removed: TranslationRecord[] = [];
    for (const locale of locales) {
      const byKey = this.byResource.get(resourceId)?.get(locale);
      for (const key of keys) {
        const record = byKey?.get(key);
        if (record) {
          removed.push(record);
          byKey?.delete(key);
        }
      }
    }
    return removed;
  }

  deleteResource(resourceId: string): void {
    this.byResource.delete(resourceId);
  }
}
