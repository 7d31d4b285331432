import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyProposals } from "~/copy/product-workflow.server";
import { revertJob } from "~/copy/apply.server";
import { copySettingsSchema, saveCopySettings } from "~/copy/settings";
import { createDatabase } from "~/db/client.server";
import { startAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../../test/support/admin-client";
import { migrate } from "../db.mjs";

/**
 * `npm run bench:writes -- --products N --plan standard|advanced|plus`: applies
 * 7 values (description, SEO title, meta description, 4 alt texts) to each of
 * N products through the Product page's apply, then reverts them all as one
 * job, against the Admin emulator on the given plan's cost bucket. Prints the
 * Admin calls per product from the emulator's call log, how often Shopify
 * answered THROTTLED (the pacing gate should make that 0) and the wall time.
 * Measures; asserts nothing. Last line: JSON.
 */
function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}
const products = Number(argument("products", "30"));
const plan = argument("plan", "standard") as "standard" | "advanced" | "plus";
const shop = "bench-writes.myshopify.com";

const emulator = await startAdminEmulator({
  apiKey: "k",
  apiSecret: "s",
  scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
  plan,
  shops: [{ domain: shop, seed: { products: 0, seed: 1 } }],
});
const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-bench-writes-")), "bench.sqlite")}`;
await migrate(url);
const database = createDatabase(url);
await saveCopySettings(database, shop, copySettingsSchema.parse({ writePolicy: "overwrite" }));
const client = emulatorAdminClient(emulator, shop);

const ids: string[] = [];
for (let index = 0; index < products; index += 1) {
  const record = emulator.store.createProduct(shop, {
    title: `Bench sweater ${index + 1}`,
    vendor: "Plume Bench",
    productType: "Sweater",
    status: "ACTIVE",
    descriptionHtml: "<p>Old description.</p>",
    seo: { title: "Old title", description: "Old meta description." },
    images: [1, 2, 3, 4].map((image) => ({ alt: `Old alt ${image}`, width: 800, height: 800 })),
    variants: [{ price: "49.00" }],
  });
  ids.push(`gid://shopify/Product/${record.legacyId}`);
}
const calls = async () => {
  const response = await fetch(`${emulator.url}/__emulator/calls?shop=${shop}`);
  return ((await response.json()) as { calls: { total: number; throttled: number; byRootField: Record<string, number> } }).calls;
};
await fetch(`${emulator.url}/__emulator/calls?shop=${shop}`, { method: "DELETE" });

const started = performance.now();
let written = 0;
for (const productId of ids) {
  const media = emulator.store.requireShop(shop).catalog.get(Number(productId.split("/").pop()))!.media;
  const values = [
    { field: "descriptionHtml", value: "<p>A warm sweater in organic cotton, knitted in Portugal.</p>", resourceId: "" },
    { field: "seoTitle", value: "Organic cotton sweater", resourceId: "" },
    { field: "metaDescription", value: "A warm sweater in organic cotton, knitted in Portugal, for cold days.", resourceId: "" },
    ...media.map((image, index) => ({ field: "altText", value: `Organic cotton sweater, view ${index + 1}`, resourceId: image.id })),
  ];
  const proposals = await Promise.all(values.map((value) => database.proposal.create({ data: { shop, productId, locale: "en", backendId: "bench", modelId: "bench", ...value } })));
  const result = await applyProposals(client, database, shop, productId, { selections: proposals.map((proposal) => ({ proposalId: proposal.id, value: proposal.value })) }, "bench");
  written += result.results.filter((entry) => entry.status === "written").length;
}
const applySeconds = (performance.now() - started) / 1000;
const applyCalls = await calls();

// The same writes as one job, to measure revertJob: tag them, then revert the job.
await database.revision.updateMany({ where: { shop, revertOfId: null }, data: { jobId: "bench-job" } });
await fetch(`${emulator.url}/__emulator/calls?shop=${shop}`, { method: "DELETE" });
const revertStarted = performance.now();
const report = await revertJob(client, database, { shop, jobId: "bench-job", actor: "bench" });
const revertSeconds = (performance.now() - revertStarted) / 1000;
const revertCalls = await calls();

console.log(`apply: ${products} products × 7 values on ${plan}: ${written} written, ${applyCalls.total} Admin calls (${(applyCalls.total / products).toFixed(2)} per product) ${JSON.stringify(applyCalls.byRootField)}, ${applyCalls.throttled} THROTTLED, ${applySeconds.toFixed(1)} s`);
console.log(`revertJob: ${report.filter((entry) => entry.status === "reverted").length} reverted, ${revertCalls.total} Admin calls (${(revertCalls.total / products).toFixed(2)} per product), ${revertCalls.throttled} THROTTLED, ${revertSeconds.toFixed(1)} s`);
console.log(
  JSON.stringify({
    products,
    plan,
    written,
    adminCallsPerProduct: applyCalls.total / products,
    applyThrottled: applyCalls.throttled,
    applySeconds: Number(applySeconds.toFixed(2)),
    revertCallsPerProduct: revertCalls.total / products,
    revertThrottled: revertCalls.throttled,
    revertSeconds: Number(revertSeconds.toFixed(2)),
  }),
);
await database.$disconnect();
await emulator.close();
