import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { META_DESCRIPTION_LIMIT, SEO_TITLE_LIMIT } from "~/copy/limits";
// The filter model is shared with bulk jobs (a filter over the whole index); re-exported for existing callers.
export { CATALOG_PAGE_SIZE, catalogFilterSchema, catalogFilterWhere, catalogSortKey, type CatalogFilter } from "./catalog-filter";
import { CATALOG_PAGE_SIZE, catalogFilterWhere, catalogSortKey, type CatalogFilter } from "./catalog-filter";
import type { Database } from "~/db/client.server";
import { logger } from "~/observability/logger.server";
import { runAdminQuery, type AdminGraphql } from "./admin-client.server";
import { catalogSyncErrorCode, catalogSyncStatus, type CatalogSyncView } from "./sync-state";
import { CatalogSyncError } from "./sync-failure.server";
import {
  CATALOG_SYNC_LEASE_MS,
  claimCatalogSync,
  failExhaustedSyncs,
  newSyncOwner,
  recordStartFailure,
  runUnderLease,
  takeOverCatalogSync,
  type HeldSync,
  type SyncLease,
  type SyncOutcome,
  type SyncResumePoint,
} from "./sync-lease.server";

/**
 * The local catalog index behind the Products page. A full sync reads the
 * whole catalog with one bulk operation (Shopify's tool for large reads: no
 * paging, no rate-limit juggling) and streams the JSONL result into the
 * index; single products are refreshed by webhook and after Plume's writes.
 */
export const CATALOG_BULK_QUERY = `#graphql
  query PlumeCatalogIndex {
    products {
      edges {
        node {
          id
          title
          vendor
          productType
          status
          updatedAt
          description(truncateAt: 1)
          featuredMedia {
            preview {
              image {
                url
              }
            }
          }
          seo {
            title
            description
          }
          media {
            edges {
              node {
                ... on MediaImage {
                  id
                  alt
                }
              }
            }
          }
        }
      }
    }
  }
`;

const RUN_BULK_QUERY = `#graphql
  mutation PlumeCatalogBulkRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const BULK_STATUS = `#graphql
  query PlumeCatalogBulkStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      url
    }
  }
`;

const SINGLE_PRODUCT = `#graphql
  query PlumeCatalogProduct($id: ID!) {
    product(id: $id) {
      id
      title
      vendor
      productType
      status
      updatedAt
      description(truncateAt: 1)
      featuredMedia {
        preview {
          image {
            url
          }
        }
      }
      seo {
        title
        description
      }
      media(first: 50) {
        nodes {
          ... on MediaImage {
            id
            alt
          }
        }
      }
    }
  }
`;

const productLineSchema = z.object({
  id: z.string(),
  title: z.string(),
  vendor: z.string(),
  productType: z.string(),
  status: z.string(),
  updatedAt: z.string(),
  description: z.string(),
  seo: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
  featuredMedia: z.object({ preview: z.object({ image: z.object({ url: z.string() }).nullable() }).nullable() }).nullable().optional(),
});
const mediaLineSchema = z.object({ id: z.string(), alt: z.string().nullable().optional(), __parentId: z.string() });

type ProductLine = z.infer<typeof productLineSchema>;

function indexRow(shop: string, product: ProductLine, images: Array<{ alt?: string | null }>) {
  return {
    shop,
    productId: product.id,
    title: product.title,
    sortTitle: catalogSortKey(product.title),
    imageUrl: product.featuredMedia?.preview?.image?.url ?? null,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    hasDescription: product.description.trim().length > 0,
    seoTitleLength: [...(product.seo.title ?? "")].length,
    metaDescriptionLength: [...(product.seo.description ?? "")].length,
    imageCount: images.length,
    imagesMissingAlt: images.filter((image) => !image.alt?.trim()).length,
    shopifyUpdatedAt: new Date(product.updatedAt),
    indexedAt: new Date(),
  };
}

export interface SyncOptions {
  pollIntervalMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** This run's lease name (default: a new one per run) and length (default CATALOG_SYNC_LEASE_MS). */
  owner?: string;
  leaseMs?: number;
  /** Stops the run from outside, leaving its row as it is (a stopping runner; crash tests). */
  stop?: AbortSignal;
}

/** Another run holds the shop's sync (syncCatalog only; startCatalogSync answers `started: false`). */
export class CatalogSyncBusyError extends Error {
  override name = "CatalogSyncBusyError";
  constructor(readonly shop: string) {
    super(`a catalog sync of ${shop} is already running`);
  }
}

const leaseOf = (shop: string, options: SyncOptions): SyncLease => ({ shop, owner: options.owner ?? newSyncOwner(), leaseMs: options.leaseMs ?? CATALOG_SYNC_LEASE_MS });

/**
 * Starts a full sync unless one is running for the shop, in this process or any other (a
 * conditional claim of the shop's CatalogSync row, docs/decisions/0014). Resolves as soon as the
 * claim is decided and never rejects: a start that fails is recorded as a failed sync. `done`
 * settles when the sync ends, and never rejects either.
 */
export async function startCatalogSync(
  admin: AdminGraphql,
  database: Database,
  shop: string,
  options: SyncOptions = {},
): Promise<{ started: boolean; done: Promise<SyncOutcome> }> {
  const lease = leaseOf(shop, options);
  let claimed: boolean;
  try {
    claimed = await claimCatalogSync(database, lease);
  } catch (error) {
    return { started: false, done: Promise.resolve(await recordStartFailure(database, shop, error)) };
  }
  if (!claimed) return { started: false, done: Promise.resolve({ status: "busy" }) };
  return { started: true, done: runUnderLease(database, lease, (held) => indexCatalog(admin, database, held, null, options), options) };
}

/** Runs a full sync to its end and returns the number of products indexed (scripts, tests). A failure is recorded, then thrown. */
export async function syncCatalog(admin: AdminGraphql, database: Database, shop: string, options: SyncOptions = {}): Promise<number> {
  const { started, done } = await startCatalogSync(admin, database, shop, options);
  const outcome = await done;
  if (outcome.status === "completed") return outcome.productCount;
  if (outcome.status === "failed") throw new CatalogSyncError(outcome.code, outcome.message);
  if (!started || outcome.status === "busy") throw new CatalogSyncBusyError(shop);
  throw new CatalogSyncError("unknown", `the catalog sync of ${shop} was stopped`);
}

/**
 * Carries on a sync taken over from a dead process: its bulk operation if Shopify still has it, else
 * a new one. `admin` is asked for under the lease, so a shop Plume can no longer reach (no offline
 * session) is recorded as a failure like any other. Never rejects.
 */
export function resumeCatalogSync(
  admin: () => Promise<AdminGraphql>,
  database: Database,
  lease: SyncLease,
  point: SyncResumePoint,
  options: SyncOptions = {},
): Promise<SyncOutcome> {
  return runUnderLease(database, lease, async (held) => indexCatalog(await admin(), database, held, point, options), options);
}

/**
 * What the Products page does on every load: the first visit starts the sync; a sync whose
 * process died (lease expired) is taken over here as a runner's sweep would, so the page the
 * merchant looks at never waits on a process that is gone. Returns once the claim is decided.
 */
export async function keepCatalogSyncGoing(admin: AdminGraphql, database: Database, shop: string, options: SyncOptions = {}): Promise<void> {
  const row = await database.catalogSync.findUnique({ where: { shop }, select: { status: true, leaseUntil: true } });
  if (!row) {
    await startCatalogSync(admin, database, shop, options);
    return;
  }
  if (row.status !== "running" || (row.leaseUntil !== null && row.leaseUntil.getTime() >= Date.now())) return;
  await failExhaustedSyncs(database, shop);
  const lease = leaseOf(shop, options);
  const point = await takeOverCatalogSync(database, lease);
  if (point) {
    logger.warn({ shop, owner: lease.owner }, "catalog sync taken over from a process that stopped");
    void resumeCatalogSync(async () => admin, database, lease, point, options);
  }
}

/** Bulk operation statuses a taken-over sync can carry on with (COMPLETED: only its file is left to read). */
const RESUMABLE_BULK = ["CREATED", "RUNNING", "COMPLETED"];
const bulkStatusSchema = z.object({
  bulkOperation: z.object({ status: z.string(), errorCode: z.string().nullable(), objectCount: z.union([z.string(), z.number()]), url: z.string().nullable() }).nullable(),
});

async function bulkStatus(admin: AdminGraphql, id: string) {
  return (await runAdminQuery(admin, "PlumeCatalogBulkStatus", BULK_STATUS, bulkStatusSchema, { id })).bulkOperation;
}

/** Starts the catalog's bulk query; a refusal says why in Shopify's code (LIMIT_REACHED: too many running at once). */
async function runBulkQuery(admin: AdminGraphql): Promise<string> {
  const run = await runAdminQuery(
    admin,
    "PlumeCatalogBulkRun",
    RUN_BULK_QUERY,
    z.object({
      bulkOperationRunQuery: z.object({
        bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
        userErrors: z.array(z.object({ message: z.string(), code: z.string().nullable().optional() })),
      }),
    }),
    { query: CATALOG_BULK_QUERY },
  );
  const { bulkOperation, userErrors } = run.bulkOperationRunQuery;
  if (bulkOperation) return bulkOperation.id;
  const busy = userErrors.some((error) => error.code === "LIMIT_REACHED" || error.code === "OPERATION_IN_PROGRESS");
  throw new CatalogSyncError(busy ? "throttled" : "bulk_failed", `bulk query refused: ${userErrors.map((error) => `${error.code ?? ""} ${error.message}`.trim()).join("; ")}`);
}

/** Shopify's reason for a bulk operation that ended without a file, as a sync failure kind. */
function bulkFailure(status: string, errorCode: string | null): CatalogSyncError {
  const code = errorCode === "ACCESS_DENIED" ? "access_denied" : errorCode === "TIMEOUT" ? "bulk_timeout" : "bulk_failed";
  return new CatalogSyncError(code, `bulk operation ${status} ${errorCode ?? ""}`.trim());
}

/**
 * The sync itself, under its lease: a bulk query over the whole catalog (or the one a dead process
 * was waiting for, when Shopify still has it), polled until done, its JSONL streamed into the index;
 * then, in the transaction that completes the sync, products gone from Shopify leave the index.
 */
async function indexCatalog(admin: AdminGraphql, database: Database, held: HeldSync, resume: SyncResumePoint | null, options: SyncOptions): Promise<number> {
  let operation: { id: string; since: Date } | null = null;
  let current: Awaited<ReturnType<typeof bulkStatus>> = null;
  if (resume?.bulkOperationId) {
    current = await bulkStatus(admin, resume.bulkOperationId);
    if (current && RESUMABLE_BULK.includes(current.status)) operation = { id: resume.bulkOperationId, since: resume.startedAt };
  }
  if (!operation) {
    const since = new Date();
    const id = await runBulkQuery(admin);
    // The cutoff for products gone from Shopify: the index rows older than the bulk read being ingested.
    await held.update({ bulkOperationId: id, startedAt: since, productCount: 0 });
    operation = { id, since };
    current = null;
  }

  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let url: string | null;
  for (;;) {
    current ??= await bulkStatus(admin, operation.id);
    if (current?.status === "COMPLETED") {
      url = current.url;
      break;
    }
    if (!current || ["FAILED", "CANCELED", "EXPIRED"].includes(current.status)) throw bulkFailure(current?.status ?? "missing", current?.errorCode ?? null);
    if (Date.now() > deadline) throw new CatalogSyncError("bulk_timeout", "bulk operation timed out");
    await sleep(options.pollIntervalMs ?? 1000, undefined, { signal: held.signal });
    current = null;
  }

  const count = url ? await ingestJsonl(database, held, url, options.fetch ?? fetch) : 0;
  const since = operation.since;
  await held.complete(count, (transaction) => transaction.catalogProduct.deleteMany({ where: { shop: held.shop, indexedAt: { lt: since } } }));
  return count;
}

/**
 * What the ingest knows about one product's media while the file streams: counts so far, and
 * whether the product's row is already in the database (then later media make it dirty).
 */
interface MediaTally {
  images: number;
  missingAlt: number;
  written: boolean;
  dirty: boolean;
}

const INGEST_BATCH = 200;
/** Ids per `IN (...)` list: well under SQLite's bound-variable limit. */
const UPDATE_CHUNK = 500;

/**
 * Streams the JSONL result into the index. Since API 2026-01 bulk queries default to
 * `groupObjects: false`, and then Shopify does not keep a product's media lines
 * (`__parentId`) next to it: they can come before the product, or after other products.
 * Asking for `groupObjects: true` is not the fix: Shopify says grouping makes bulk
 * operations slower and more likely to time out. So children are joined by `__parentId`,
 * in whatever order they come:
 *
 * - Product lines, the bulk of the data, are never all held: they are written in batches
 *   of 200 as they stream, with the media counts seen for them by then.
 * - A media line is reduced at once to two counters on its parent's tally. The tallies are
 *   O(products), one small object per product (roughly 100–150 bytes with its id key, so
 *   10–15 MB for a 100k-product catalog), never O(lines) and never whole objects.
 * - A media line whose product row is already written marks it dirty. You cannot know a
 *   product is complete until the file ends, so after the last line only the dirty products
 *   are rewritten, with one `updateMany` per distinct (images, missing alt) pair (a handful,
 *   since both are small numbers) over chunked id lists.
 *
 * Alternatives, and why not: a temporary table of media lines joined in the database keeps
 * memory flat but writes every media line (several per product) and needs a schema change
 * on both SQLite and PostgreSQL; two passes over the file download it twice or spool tens
 * of MB to disk. For 100k products the counters are the cheaper sound choice; a catalog of
 * many millions would be the point to move the join into the database.
 */
async function ingestJsonl(database: Database, held: HeldSync, url: string, fetcher: typeof fetch): Promise<number> {
  const shop = held.shop;
  const response = await fetcher(url, { signal: held.signal });
  if (!response.ok || !response.body) throw new CatalogSyncError("bulk_failed", `bulk result download failed: HTTP ${response.status}`);
  const lines = createInterface({ input: Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), crlfDelay: Infinity });
  const tallies = new Map<string, MediaTally>();
  const tallyFor = (productId: string): MediaTally => {
    let tally = tallies.get(productId);
    if (!tally) {
      tally = { images: 0, missingAlt: 0, written: false, dirty: false };
      tallies.set(productId, tally);
    }
    return tally;
  };
  let batch: ProductLine[] = [];
  let count = 0;
  const flushBatch = async () => {
    if (batch.length === 0) return;
    const products = batch;
    batch = [];
    // Rows are built at flush time, so media that arrived while the batch filled are counted.
    const rows = products.map((product) => {
      const tally = tallyFor(product.id);
      tally.written = true;
      tally.dirty = false;
      return { ...indexRow(shop, product, []), imageCount: tally.images, imagesMissingAlt: tally.missingAlt };
    });
    count += rows.length;
    // A run that lost its lease or was stopped writes no more rows.
    held.signal.throwIfAborted();
    await database.$transaction(
      rows.map((row) => database.catalogProduct.upsert({ where: { shop_productId: { shop, productId: row.productId } }, create: row, update: row })),
    );
    await held.update({ productCount: count });
  };
  for await (const line of lines) {
    if (!line.trim()) continue;
    const value = JSON.parse(line) as Record<string, unknown>;
    if ("__parentId" in value) {
      const media = mediaLineSchema.safeParse(value);
      if (!media.success) continue;
      const tally = tallyFor(media.data.__parentId);
      tally.images += 1;
      if (!media.data.alt?.trim()) tally.missingAlt += 1;
      if (tally.written) tally.dirty = true;
      continue;
    }
    batch.push(productLineSchema.parse(value));
    if (batch.length >= INGEST_BATCH) await flushBatch();
  }
  await flushBatch();

  // Media that came after their product's row was written: rewrite just those counts.
  const late = new Map<string, string[]>();
  for (const [productId, tally] of tallies) {
    if (!tally.dirty) continue;
    const key = `${tally.images}/${tally.missingAlt}`;
    const ids = late.get(key) ?? [];
    ids.push(productId);
    late.set(key, ids);
  }
  for (const [key, ids] of late) {
    const [imageCount, imagesMissingAlt] = key.split("/").map(Number) as [number, number];
    for (let start = 0; start < ids.length; start += UPDATE_CHUNK) {
      await database.catalogProduct.updateMany({ where: { shop, productId: { in: ids.slice(start, start + UPDATE_CHUNK) } }, data: { imageCount, imagesMissingAlt } });
    }
  }
  return count;
}

/** Does the index already hold the product as it was at `updatedAt` (Shopify's updatedAt / updated_at) or later? */
export async function isIndexedSince(database: Database, shop: string, productId: string, updatedAt: Date): Promise<boolean> {
  if (Number.isNaN(updatedAt.getTime())) return false;
  const row = await database.catalogProduct.findUnique({ where: { shop_productId: { shop, productId } }, select: { shopifyUpdatedAt: true } });
  return row !== null && row.shopifyUpdatedAt.getTime() >= updatedAt.getTime();
}

/** Re-reads one product into the index (webhook, or after Plume wrote to it). */
export async function refreshIndexedProduct(admin: AdminGraphql, database: Database, shop: string, productId: string): Promise<void> {
  const data = await runAdminQuery(
    admin,
    "PlumeCatalogProduct",
    SINGLE_PRODUCT,
    z.object({ product: productLineSchema.extend({ media: z.object({ nodes: z.array(z.object({ id: z.string().optional(), alt: z.string().nullable().optional() })) }) }).nullable() }),
    { id: productId },
  );
  if (!data.product) {
    await database.catalogProduct.deleteMany({ where: { shop, productId } });
    return;
  }
  const row = indexRow(shop, data.product, data.product.media.nodes.filter((node) => node.id));
  await database.catalogProduct.upsert({ where: { shop_productId: { shop, productId } }, create: row, update: row });
}

/** The sync as the page may see it: the technical reason stays on the server (logs, the row); the page words the code. */
function catalogSyncView(row: { status: string; productCount: number; finishedAt: Date | null; errorCode: string | null }): CatalogSyncView {
  const status = catalogSyncStatus(row.status);
  return { status, productCount: row.productCount, finishedAt: row.finishedAt?.toISOString() ?? null, errorCode: status === "failed" ? catalogSyncErrorCode(row.errorCode) : null };
}

export async function queryCatalog(database: Database, shop: string, filter: CatalogFilter) {
  const where = catalogFilterWhere(shop, filter);
  const [rows, total, health, vendors, productTypes, sync] = await Promise.all([
    database.catalogProduct.findMany({ where, orderBy: [{ sortTitle: "asc" }, { title: "asc" }, { productId: "asc" }], skip: (filter.page - 1) * CATALOG_PAGE_SIZE, take: CATALOG_PAGE_SIZE }),
    database.catalogProduct.count({ where }),
    catalogHealth(database, shop),
    database.catalogProduct.groupBy({ by: ["vendor"], where: { shop }, orderBy: { vendor: "asc" }, take: 200 }),
    database.catalogProduct.groupBy({ by: ["productType"], where: { shop }, orderBy: { productType: "asc" }, take: 200 }),
    database.catalogSync.findUnique({ where: { shop } }),
  ]);
  return {
    rows: rows.map((row) => ({
      productId: row.productId,
      title: row.title,
      vendor: row.vendor,
      productType: row.productType,
      status: row.status,
      hasDescription: row.hasDescription,
      seoTitleLength: row.seoTitleLength,
      metaDescriptionLength: row.metaDescriptionLength,
      imageCount: row.imageCount,
      imagesMissingAlt: row.imagesMissingAlt,
      imageUrl: row.imageUrl,
    })),
    total,
    pageCount: Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE)),
    health,
    vendors: vendors.map((entry) => entry.vendor).filter(Boolean),
    productTypes: productTypes.map((entry) => entry.productType).filter(Boolean),
    sync: sync ? catalogSyncView(sync) : null,
  };
}

/** How many products lack each field: the catalog-health summary, in one pass over the shop's rows. */
export async function catalogHealth(database: Database, shop: string) {
  const [row] = await database.$queryRaw<
    Array<{ products: unknown; description: unknown; seoTitle: unknown; metaDescription: unknown; altText: unknown; seoTitleTooLong: unknown; metaTooLong: unknown }>
  >`SELECT
      COUNT(*) AS "products",
      SUM(CASE WHEN "hasDescription" THEN 0 ELSE 1 END) AS "description",
      SUM(CASE WHEN "seoTitleLength" = 0 THEN 1 ELSE 0 END) AS "seoTitle",
      SUM(CASE WHEN "metaDescriptionLength" = 0 THEN 1 ELSE 0 END) AS "metaDescription",
      SUM(CASE WHEN "imagesMissingAlt" > 0 THEN 1 ELSE 0 END) AS "altText",
      SUM(CASE WHEN "seoTitleLength" > ${SEO_TITLE_LIMIT} THEN 1 ELSE 0 END) AS "seoTitleTooLong",
      SUM(CASE WHEN "metaDescriptionLength" > ${META_DESCRIPTION_LIMIT} THEN 1 ELSE 0 END) AS "metaTooLong"
    FROM "CatalogProduct" WHERE "shop" = ${shop}`;
  // SQLite returns numbers or bigints, PostgreSQL bigints or null for SUM over no rows.
  const count = (value: unknown) => Number(value ?? 0);
  return {
    products: count(row?.products),
    missing: { description: count(row?.description), seoTitle: count(row?.seoTitle), metaDescription: count(row?.metaDescription), altText: count(row?.altText) },
    tooLong: { seoTitle: count(row?.seoTitleTooLong), metaDescription: count(row?.metaTooLong) },
  };
}
