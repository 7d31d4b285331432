import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "~/db/client.server";
import { countSelection, createItems } from "~/jobs/selection.server";
import type { JobSelection } from "~/jobs/types";
import { migrate } from "../db.mjs";

/**
 * `npm run bench:job-items -- --products N`: how a job's items are created for a large
 * selection (a filter over the whole index, and "all"): time, and the process's peak RSS
 * against its RSS before — items are streamed page by page, so memory must not grow with N.
 * Fills the catalog index directly (no Admin emulator: this measures the job side only).
 * Run with NODE_OPTIONS=--expose-gc (the npm script does) so the fill's garbage is collected
 * before measuring. Prints a summary and, as its last line, one JSON object. Asserts nothing.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const products = Number(argument("products", "100000"));
const shop = "bench-jobs.myshopify.com";
const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-bench-jobs-")), "bench.sqlite")}`;
await migrate(url);
const database = createDatabase(url);

const FILL_BATCH = 5_000;
for (let start = 0; start < products; start += FILL_BATCH) {
  const rows = Array.from({ length: Math.min(FILL_BATCH, products - start) }, (_, offset) => {
    const n = start + offset;
    return {
      shop,
      productId: `gid://shopify/Product/${1_000_000 + n}`,
      title: `Product ${n}`,
      sortTitle: `product ${n}`,
      vendor: n % 3 === 0 ? "Atelier Nord" : "Maison Sud",
      productType: "Scarf",
      status: "ACTIVE",
      hasDescription: n % 2 === 0,
      seoTitleLength: n % 4 === 0 ? 0 : 40,
      metaDescriptionLength: n % 5 === 0 ? 0 : 120,
      imageCount: 2,
      imagesMissingAlt: n % 7 === 0 ? 1 : 0,
      shopifyUpdatedAt: new Date(),
    };
  });
  await database.catalogProduct.createMany({ data: rows });
}

// The fill above leaves garbage behind: collect it so the figures below are the item side's own.
const collect = (globalThis as { gc?: () => void }).gc;
collect?.();
let peakRss = process.memoryUsage().rss;
let peakHeap = process.memoryUsage().heapUsed;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 20);
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
const results: Record<string, { items: number; seconds: number }> = {};
const selections: Array<[string, JobSelection]> = [
  ["filter: missing meta description", { kind: "filter", filter: { query: "", missing: "metaDescription", tooLong: "", vendor: "", productType: "", status: "" } }],
  ["all products", { kind: "all" }],
];
for (const [name, selection] of selections) {
  const job = await database.job.create({ data: { shop, status: "paused", mode: "review", request: "{}", selection: JSON.stringify(selection), estimate: "{}", createdBy: "bench" } });
  const started = performance.now();
  const expected = await countSelection(database, shop, selection);
  const items = await createItems(database, shop, job.id, selection);
  const seconds = (performance.now() - started) / 1000;
  if (items !== expected) throw new Error(`${name}: created ${items} items for ${expected} products`);
  results[name] = { items, seconds: Number(seconds.toFixed(2)) };
  console.log(`${name}: ${items} items in ${seconds.toFixed(1)} s (${Math.round(items / seconds)} items/s)`);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
await database.$disconnect();
const summary = {
  products,
  filterItems: results["filter: missing meta description"]!.items,
  filterSeconds: results["filter: missing meta description"]!.seconds,
  allItems: results["all products"]!.items,
  allSeconds: results["all products"]!.seconds,
  rssBeforeMb: Math.round(rssBefore / 1e6),
  peakRssMb: Math.round(peakRss / 1e6),
  heapBeforeMb: Math.round(heapBefore / 1e6),
  peakHeapMb: Math.round(peakHeap / 1e6),
};
console.log(`peak RSS ${summary.peakRssMb} MB (${summary.rssBeforeMb} MB before creating items); JS heap peak ${summary.peakHeapMb} MB (${summary.heapBeforeMb} MB before)`);
console.log(JSON.stringify(summary));
