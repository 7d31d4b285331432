import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProductSnapshot } from "~/catalog/product-facts.server";
import { applyValues, idempotencyKeyFor, PENDING_LEASE_MS, productHistory, revertJob, revertRevision, RevisionChangedSinceError, type ApprovedValue } from "~/copy/apply.server";
import { runProductIntent } from "~/copy/product-workflow.server";
import { adminCostGate } from "~/pacing/gates.server";
import { startAdminEmulator, type RunningAdminEmulator } from "../../emulator/admin/server";
import { emulatorAdminClient } from "../support/admin-client";
import { freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Writes that survive a crash and a retry: revisions go pending → written |
 * failed, a retry never writes the same revision twice, a write left pending
 * is settled from Shopify, and revert never overwrites a change made since.
 * Also the per-value mapping of Shopify's userErrors in batched calls, and
 * translations registered after a source rewrite in the same apply.
 */
const SHOP = "crash-safe.myshopify.com";
const PACED_SHOP = "crash-safe-paced.myshopify.com";
let admin: RunningAdminEmulator;
let testDatabase: TestDatabase;
let client: ReturnType<typeof emulatorAdminClient>;

beforeAll(async () => {
  admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    shops: [
      { domain: SHOP, seed: { products: 0, seed: 5 } },
      { domain: PACED_SHOP, seed: { products: 0, seed: 6 } },
    ],
  });
  testDatabase = await freshSqlite();
  client = emulatorAdminClient(admin, SHOP);
});

afterAll(async () => {
  await Promise.all([admin.close(), testDatabase.close()]);
});

function newProduct(images = 2) {
  const record = admin.store.createProduct(SHOP, {
    title: "Linen shirt",
    vendor: "Plume Test",
    productType: "Shirt",
    status: "ACTIVE",
    descriptionHtml: "<p>Old description.</p>",
    seo: { title: "Old title", description: "Old meta description." },
    images: Array.from({ length: images }, (_, index) => ({ alt: `Old alt ${index + 1}`, width: 800, height: 800 })),
    variants: [{ price: "39.00" }],
  });
  return { record, productId: `gid://shopify/Product/${record.legacyId}`, images: record.media.map((media) => media.id) };
}

const apply = (productId: string, values: ApprovedValue[], extra: { jobId?: string } = {}) =>
  applyValues(client, testDatabase.database, { shop: SHOP, productId, values, writePolicy: "overwrite", source: "test", actor: "test", ...extra });

async function calls() {
  const response = await fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`);
  return ((await response.json()) as { calls: { total: number; byRootField: Record<string, number> } }).calls;
}
const resetCalls = () => fetch(`${admin.url}/__emulator/calls?shop=${SHOP}`, { method: "DELETE" });

describe("crash-safe writes", () => {
  it("a retried apply with the same idempotency key does not write again, and reports the existing revision", async () => {
    const { productId } = newProduct();
    const value = { field: "seoTitle" as const, locale: "en", resourceId: "", value: "Linen shirt for summer" };
    const keyed = { ...value, idempotencyKey: idempotencyKeyFor({ item: "item-1", ...value }) };
    const first = await apply(productId, [keyed]);
    expect(first.results[0]).toMatchObject({ status: "written" });
    await resetCalls();
    const again = await apply(productId, [keyed]);
    expect(again.results[0]).toMatchObject({ status: "written", revisionId: first.applied[0]!.revisionId });
    expect((await calls()).byRootField.productUpdate).toBeUndefined();
    expect(await testDatabase.database.revision.count({ where: { shop: SHOP, productId } })).toBe(1);
  });

  it("two concurrent applies of the same value (a double submit) write it once", async () => {
    const { productId } = newProduct();
    const value = { field: "metaDescription" as const, locale: "en", resourceId: "", value: "Written once, however many times it is sent." };
    const keyed = { ...value, idempotencyKey: idempotencyKeyFor({ item: "item-double", ...value }) };
    await resetCalls();
    const outcomes = await Promise.all([apply(productId, [keyed]), apply(productId, [keyed]), apply(productId, [keyed])]);
    for (const outcome of outcomes) expect(outcome.results[0]).toMatchObject({ status: expect.stringMatching(/^(written|skipped)$/) });
    // Those that lost the race say why in words the page has ("in_progress"), never "written twice".
    for (const reason of outcomes.flatMap((outcome) => outcome.skipped.map((entry) => entry.reason))) expect(reason).toBe("in_progress");
    expect((await calls()).byRootField.productUpdate).toBe(1);
    expect(await testDatabase.database.revision.count({ where: { shop: SHOP, productId } })).toBe(1);
  });

  it("a write left pending by a crash is settled from Shopify: already there → written without a second write; not there → written now", async () => {
    const { productId } = newProduct();
    const landed = { field: "seoTitle" as const, locale: "en", resourceId: "", value: "Landed before the crash" };
    const lost = { field: "metaDescription" as const, locale: "en", resourceId: "", value: "Never reached Shopify before the crash." };
    const keyOf = (value: typeof landed | typeof lost) => idempotencyKeyFor({ item: "item-crash", ...value });
    // The crash: both revisions recorded as pending, only the first write reached Shopify.
    const pending = (value: typeof landed | typeof lost, previousValue: string) =>
      testDatabase.database.revision.create({
        data: {
          shop: SHOP,
          productId,
          field: value.field,
          locale: "en",
          resourceId: "",
          previousValue,
          newValue: value.value,
          source: "test",
          actor: "test",
          status: "pending",
          idempotencyKey: keyOf(value),
          // The crash was a while ago: the attempt's lease has run out.
          attemptedAt: new Date(Date.now() - PENDING_LEASE_MS - 1000),
        },
      });
    const landedRevision = await pending(landed, "Old title");
    const lostRevision = await pending(lost, "Old meta description.");
    admin.store.updateProduct(SHOP, Number(productId.split("/").pop()), { seo: { title: landed.value } });

    await resetCalls();
    const retried = await apply(productId, [
      { ...landed, idempotencyKey: keyOf(landed) },
      { ...lost, idempotencyKey: keyOf(lost) },
    ]);
    expect(retried.results).toEqual([
      expect.objectContaining({ status: "written", revisionId: landedRevision.id }),
      expect.objectContaining({ status: "written", revisionId: lostRevision.id }),
    ]);
    expect((await calls()).byRootField.productUpdate).toBe(1);
    const snapshot = await loadProductSnapshot(client, productId);
    expect({ title: snapshot.seoTitle, meta: snapshot.metaDescription }).toEqual({ title: landed.value, meta: lost.value });
    const rows = await testDatabase.database.revision.findMany({ where: { shop: SHOP, productId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["written", "written"]);
  });

  it("a pending write still within its lease belongs to the attempt writing it: a retry neither writes nor claims it", async () => {
    const { productId } = newProduct();
    const value = { field: "seoTitle" as const, locale: "en", resourceId: "", value: "Being written by another worker" };
    const idempotencyKey = idempotencyKeyFor({ item: "item-lease", ...value });
    const held = await testDatabase.database.revision.create({
      data: { shop: SHOP, productId, field: "seoTitle", locale: "en", resourceId: "", previousValue: "Old title", newValue: value.value, source: "test", actor: "test", status: "pending", idempotencyKey },
    });
    await resetCalls();
    const retried = await apply(productId, [{ ...value, idempotencyKey }]);
    expect(retried.results[0]).toMatchObject({ status: "skipped", reason: "in_progress" });
    expect((await calls()).byRootField.productUpdate).toBeUndefined();
    expect(await testDatabase.database.revision.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "pending", attemptedAt: held.attemptedAt });
  });

  it("an attempt that lost its lease sends nothing and gives up the pending write it took over; the lease holder writes it once", async () => {
    const { productId } = newProduct();
    const value = { field: "seoTitle" as const, locale: "en", resourceId: "", value: "Left pending by a killed runner" };
    const idempotencyKey = idempotencyKeyFor({ item: "job-item:killed", ...value });
    // Left by a process killed more than PENDING_LEASE_MS ago: any attempt may take it over.
    const left = await testDatabase.database.revision.create({
      data: {
        shop: SHOP,
        productId,
        field: "seoTitle",
        locale: "en",
        resourceId: "",
        previousValue: "Old title",
        newValue: value.value,
        source: "test",
        actor: "test",
        status: "pending",
        idempotencyKey,
        attemptedAt: new Date(Date.now() - PENDING_LEASE_MS - 1000),
      },
    });
    await resetCalls();
    // A stalled attempt whose lease was taken meanwhile: it checks right before sending, and sends nothing.
    const lostLease = new Error("lease lost");
    await expect(
      applyValues(client, testDatabase.database, {
        shop: SHOP,
        productId,
        values: [{ ...value, idempotencyKey }],
        writePolicy: "overwrite",
        source: "test",
        actor: "test",
        exclusive: { assertHeld: () => Promise.reject(lostLease) },
      }),
    ).rejects.toBe(lostLease);
    expect((await calls()).byRootField.productUpdate).toBeUndefined();
    // …and gave up the revision it had taken over, unsent, so the holder does not wait PENDING_LEASE_MS for it.
    expect(await testDatabase.database.revision.findUniqueOrThrow({ where: { id: left.id } })).toMatchObject({ status: "failed", idempotencyKey: null });
    // The holder of the lease writes it now, once, under a revision of its own.
    let checked = 0;
    const taken = await applyValues(client, testDatabase.database, {
      shop: SHOP,
      productId,
      values: [{ ...value, idempotencyKey }],
      writePolicy: "overwrite",
      source: "test",
      actor: "test",
      exclusive: { assertHeld: async () => void (checked += 1) },
    });
    expect(taken.results[0]).toMatchObject({ status: "written" });
    expect(checked).toBe(1);
    expect((await calls()).byRootField.productUpdate).toBe(1);
    expect((await loadProductSnapshot(client, productId)).seoTitle).toBe(value.value);
    expect(await testDatabase.database.revision.count({ where: { shop: SHOP, productId, status: "written" } })).toBe(1);
  });

  it("a value Shopify refuses fails alone in a batched fileUpdate: the other alt texts are written", async () => {
    const { productId, images } = newProduct(3);
    const outcome = await apply(productId, [
      { field: "altText", locale: "en", resourceId: images[0]!, value: "Front of the linen shirt" },
      { field: "altText", locale: "en", resourceId: images[1]!, value: "x".repeat(600) },
      { field: "altText", locale: "en", resourceId: images[2]!, value: "Back of the linen shirt" },
    ]);
    expect(outcome.results.map((result) => result.status)).toEqual(["written", "failed", "written"]);
    expect(outcome.results[1]).toMatchObject({ reason: "shopify_refused", userErrors: [expect.objectContaining({ code: "ALT_VALUE_LIMIT_EXCEEDED" })] });
    const after = await loadProductSnapshot(client, productId);
    expect(after.images.map((image) => image.alt)).toEqual(["Front of the linen shirt", "Old alt 2", "Back of the linen shirt"]);
  });

  it("a refused SEO title fails alone in a batched productUpdate: the description and meta description are written", async () => {
    const { productId } = newProduct();
    const outcome = await apply(productId, [
      { field: "descriptionHtml", locale: "en", resourceId: "", value: "<p>New description.</p>" },
      { field: "seoTitle", locale: "en", resourceId: "", value: "t".repeat(300) },
      { field: "metaDescription", locale: "en", resourceId: "", value: "New meta description." },
    ]);
    expect(outcome.results.map((result) => result.status)).toEqual(["written", "failed", "written"]);
    const after = await loadProductSnapshot(client, productId);
    expect({ description: after.descriptionHtml, title: after.seoTitle, meta: after.metaDescription }).toEqual({ description: "<p>New description.</p>", title: "Old title", meta: "New meta description." });
  });

  it("registers a translation against the new digest when the same apply rewrote its source", async () => {
    const { productId } = newProduct();
    const outcome = await apply(productId, [
      { field: "seoTitle", locale: "en", resourceId: "", value: "Linen shirt, new source" },
      { field: "seoTitle", locale: "fr", resourceId: "", value: "Chemise en lin, nouvelle source" },
    ]);
    expect(outcome.results.map((result) => result.status)).toEqual(["written", "written"]);
    const response = await client.graphql(`query ($id: ID!) { translatableResource(resourceId: $id) { translations(locale: "fr") { key value outdated } } }`, { variables: { id: productId } });
    const translations = ((await response.json()) as { data: { translatableResource: { translations: Array<{ key: string; value: string; outdated: boolean }> } } }).data.translatableResource.translations;
    expect(translations).toContainEqual({ key: "meta_title", value: "Chemise en lin, nouvelle source", outdated: false });
  });

  it("a translation whose source is blank is written when the same apply writes that source first", async () => {
    const record = admin.store.createProduct(SHOP, { title: "Bare product", status: "ACTIVE", variants: [{ price: "5.00" }] });
    const productId = `gid://shopify/Product/${record.legacyId}`;
    const outcome = await apply(productId, [
      { field: "metaDescription", locale: "fr", resourceId: "", value: "Une description pour les moteurs de recherche." },
      { field: "metaDescription", locale: "en", resourceId: "", value: "A description for search engines." },
      { field: "seoTitle", locale: "fr", resourceId: "", value: "Sans source" },
    ]);
    expect(outcome.results.map((result) => (result.status === "skipped" ? result.reason : result.status))).toEqual(["written", "written", "no_source"]);
  });

  it("the emulator refuses a stale digest as Shopify does", async () => {
    const { productId } = newProduct();
    const digestResponse = await client.graphql(`query ($id: ID!) { translatableResource(resourceId: $id) { translatableContent { key digest } } }`, { variables: { id: productId } });
    const content = ((await digestResponse.json()) as { data: { translatableResource: { translatableContent: Array<{ key: string; digest: string | null }> } } }).data.translatableResource.translatableContent;
    const staleDigest = content.find((entry) => entry.key === "meta_title")!.digest!;
    admin.store.updateProduct(SHOP, Number(productId.split("/").pop()), { seo: { title: "Changed source" } });
    const response = await client.graphql(
      `mutation ($id: ID!, $translations: [TranslationInput!]!) { translationsRegister(resourceId: $id, translations: $translations) { userErrors { field message code } } }`,
      { variables: { id: productId, translations: [{ key: "meta_title", locale: "fr", value: "Titre", translatableContentDigest: staleDigest }] } },
    );
    const body = (await response.json()) as { data: { translationsRegister: { userErrors: unknown[] } } };
    expect(body.data.translationsRegister.userErrors).toEqual([{ field: ["translations", "0", "translatableContentDigest"], message: "Translatable content hash is invalid", code: "INVALID_TRANSLATABLE_CONTENT" }]);
  });
});

describe("a job's client defers instead of sleeping", () => {
  it("when the shop's bucket is empty, nothing is sent: the value fails with the delay to come back after, and a retry then writes it", async () => {
    const pacedClient = emulatorAdminClient(admin, PACED_SHOP);
    const record = admin.store.createProduct(PACED_SHOP, { title: "Paced shirt", status: "ACTIVE", variants: [{ price: "10.00" }], seo: { title: "Old", description: null } });
    const productId = `gid://shopify/Product/${record.legacyId}`;
    const product = await loadProductSnapshot(pacedClient, productId);
    // Shopify's last answer said the bucket is empty (50 points a second restored).
    await adminCostGate().settle(PACED_SHOP, 0, { throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 } });
    await fetch(`${admin.url}/__emulator/calls?shop=${PACED_SHOP}`, { method: "DELETE" });
    const value = { field: "seoTitle" as const, locale: "en", resourceId: "", value: "Paced title" };
    const idempotencyKey = idempotencyKeyFor({ item: "item-paced", ...value });
    const job = { ...pacedClient, pacing: "defer" as const };
    const deferred = await applyValues(job, testDatabase.database, { shop: PACED_SHOP, productId, product, values: [{ ...value, idempotencyKey }], writePolicy: "overwrite", source: "test", actor: "test", jobId: "job-paced" });
    expect(deferred.results[0]).toMatchObject({ status: "failed", reason: "admin_error" });
    const retryAfterMs = deferred.results[0]!.status === "failed" ? deferred.results[0]!.retryAfterMs : undefined;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(200);
    const sent = (await (await fetch(`${admin.url}/__emulator/calls?shop=${PACED_SHOP}`)).json()) as { calls: { total: number } };
    expect(sent.calls.total).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    const retried = await applyValues(job, testDatabase.database, { shop: PACED_SHOP, productId, product, values: [{ ...value, idempotencyKey }], writePolicy: "overwrite", source: "test", actor: "test", jobId: "job-paced" });
    expect(retried.results[0]).toMatchObject({ status: "written" });
    expect((await loadProductSnapshot(pacedClient, productId)).seoTitle).toBe("Paced title");
  });
});

describe("revert checks the current value first", () => {
  it("does not overwrite a field changed since the write: RevisionChangedSinceError, and the Product page says so in words", async () => {
    const { record, productId } = newProduct();
    const applied = await apply(productId, [{ field: "seoTitle", locale: "en", resourceId: "", value: "Written by Plume" }]);
    admin.store.updateProduct(SHOP, record.legacyId, { seo: { title: "Changed by the merchant" } });
    await expect(revertRevision(client, testDatabase.database, { shop: SHOP, revisionId: applied.applied[0]!.revisionId, actor: "test" })).rejects.toBeInstanceOf(RevisionChangedSinceError);
    expect((await loadProductSnapshot(client, productId)).seoTitle).toBe("Changed by the merchant");
    const page = await runProductIntent(client, testDatabase.database, { shop: SHOP, productId, actor: "test", intent: { intent: "revert", revisionId: applied.applied[0]!.revisionId } });
    expect(page).toEqual({ intent: "revert", revert: { status: "changed_since" } });
    expect((await productHistory(testDatabase.database, SHOP, productId)).every((revision) => revision.status === "written")).toBe(true);
  });

  it("revertJob reverts every field a job wrote, batched per product, and reports a field changed since", async () => {
    const first = newProduct(2);
    const second = newProduct(2);
    const jobId = "job-revert-1";
    for (const product of [first, second]) {
      await apply(
        product.productId,
        [
          { field: "descriptionHtml", locale: "en", resourceId: "", value: "<p>Job description.</p>" },
          { field: "seoTitle", locale: "en", resourceId: "", value: "Job title" },
          { field: "metaDescription", locale: "en", resourceId: "", value: "Job meta description." },
          ...product.images.map((image, index) => ({ field: "altText" as const, locale: "en", resourceId: image, value: `Job alt ${index + 1}` })),
          { field: "seoTitle", locale: "fr", resourceId: "", value: "Titre du job" },
        ],
        { jobId },
      );
    }
    // Someone changes one field of the second product after the job.
    admin.store.updateProduct(SHOP, second.record.legacyId, { seo: { description: "Merchant's own meta description." } });

    await resetCalls();
    const report = await revertJob(client, testDatabase.database, { shop: SHOP, jobId, actor: "test" });
    const counts = await calls();
    console.info(`revertJob: ${counts.total} Admin calls for 2 products × 6 values + 1 translation ${JSON.stringify(counts.byRootField)}`);
    // Per product: the snapshot, the translation state, productUpdate, fileUpdate, translationsRemove.
    expect(counts.total).toBeLessThanOrEqual(2 * 5);
    expect(report).toHaveLength(12);
    const changed = report.filter((entry) => entry.status === "changed_since");
    expect(changed).toEqual([expect.objectContaining({ productId: second.productId, field: "metaDescription", currentValue: "Merchant's own meta description." })]);
    expect(report.filter((entry) => entry.status === "reverted")).toHaveLength(11);

    const one = await loadProductSnapshot(client, first.productId);
    expect({ d: one.descriptionHtml, t: one.seoTitle, m: one.metaDescription, alts: one.images.map((image) => image.alt) }).toEqual({
      d: "<p>Old description.</p>",
      t: "Old title",
      m: "Old meta description.",
      alts: ["Old alt 1", "Old alt 2"],
    });
    const two = await loadProductSnapshot(client, second.productId);
    expect(two.metaDescription).toBe("Merchant's own meta description.");
    expect(two.seoTitle).toBe("Old title");

    // Reverting the job again is a no-op: nothing left that is written and not reverted.
    expect((await revertJob(client, testDatabase.database, { shop: SHOP, jobId, actor: "test" })).filter((entry) => entry.status === "reverted")).toEqual([]);
  });
});
