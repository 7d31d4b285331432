import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { catalogFilterSchema, queryCatalog, syncCatalog } from "~/catalog/catalog-index.server";
import { createDatabase } from "~/db/client.server";
import { startAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../../test/support/admin-client";
import { migrate } from "../db.mjs";

/**
 * `npm run bench`: how long it takes to index a catalog of N products with one
 * bulk operation from the Admin API emulator, and how fast the Products
 * page's filtered queries are on that index. Prints measurements; asserts
 * nothing.
 */
const sizes = (process.env.BENCH_SIZES ?? "10000").split(",").map(Number);
const shop = "bench.myshopify.com";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

for (const size of sizes) {
  const emulator = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products",
    plan: "plus",
    bulkDelayMs: 0,
    shops: [{ domain: shop, seed: { products: size, seed: 1 } }],
  });
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-bench-")), "bench.sqlite")}`;
  await migrate(url);
  const database = createDatabase(url);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const count = await syncCatalog(emulatorAdminClient(emulator, shop), database, shop, { pollIntervalMs: 100 });
  const syncMs = performance.now() - started;
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`catalog of ${size}: indexed ${count} products in ${(syncMs / 1000).toFixed(1)} s (${Math.round(count / (syncMs / 1000))} products/s), heap +${Math.round((heapAfter - heapBefore) / 1e6)} MB`);
  for (const [name, filter] of [
    ["first page", {}],
    ["missing SEO title", { missing: "seoTitle" }],
    ["missing alt, page 20", { missing: "altText", page: "20" }],
    ["title search", { query: "Wool" }],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < 15; run += 1) {
      const begin = performance.now();
      await queryCatalog(database, shop, catalogFilterSchema.parse(filter));
      times.push(performance.now() - begin);
    }
    console.log(`  Products page query "${name}": median ${median(times).toFixed(1)} ms over ${times.length} runs (SQLite)`);
  }
  await database.$disconnect();
  await emulator.close();
}
