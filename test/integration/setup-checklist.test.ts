import { afterAll, describe, expect, it } from "vitest";
import { loadSetupChecklist } from "~/shops/setup-checklist.server";
import { freshSqlite } from "../support/databases";
import { OTHER_SHOP, TEST_SHOP } from "../support/environment";

/** Home's checklist reads each step from the shop's own data, and only that shop's. */
const sqlite = await freshSqlite();
afterAll(() => sqlite.close());
const database = sqlite.database;
const done = async (shop: string) => Object.fromEntries((await loadSetupChecklist(database, shop)).steps.map((step) => [step.id, step.done]));

describe("setup checklist", () => {
  it("starts with nothing done and no health until the catalog is indexed", async () => {
    expect(await done(TEST_SHOP)).toEqual({ backend: false, brandVoice: false, firstProduct: false, firstJob: false });
    expect((await loadSetupChecklist(database, TEST_SHOP)).health).toBeNull();
  });

  it("counts a backend only when it is primary and its last test passed (Templates is the default, not a choice)", async () => {
    await database.modelSettings.create({ data: { shop: TEST_SHOP, primaryBackend: "mistral", primaryModel: "mistral-small-2603" } });
    await database.backendConnection.create({ data: { shop: TEST_SHOP, backendId: "mistral", lastTestOutcome: "auth" } });
    expect((await done(TEST_SHOP)).backend).toBe(false);
    await database.backendConnection.update({ where: { shop_backendId: { shop: TEST_SHOP, backendId: "mistral" } }, data: { lastTestOutcome: "ok" } });
    expect((await done(TEST_SHOP)).backend).toBe(true);
    await database.modelSettings.update({ where: { shop: TEST_SHOP }, data: { primaryBackend: "templates", primaryModel: "default" } });
    expect((await done(TEST_SHOP)).backend).toBe(false);
  });

  it("sees brand voice and a first write, and never another shop's", async () => {
    await database.copySettings.create({ data: { shop: OTHER_SHOP, settings: JSON.stringify({ brandVoice: "Warm and precise." }) } });
    await database.revision.create({ data: { shop: OTHER_SHOP, productId: "gid://shopify/Product/1", field: "seoTitle", locale: "en", previousValue: null, newValue: "x", source: "generation", actor: "test", status: "written" } });
    // A write still pending (or failed) is not a first write.
    await database.revision.create({ data: { shop: TEST_SHOP, productId: "gid://shopify/Product/2", field: "seoTitle", locale: "en", previousValue: null, newValue: "y", source: "generation", actor: "test", status: "pending" } });
    expect(await done(TEST_SHOP)).toMatchObject({ brandVoice: false, firstProduct: false });
    expect(await done(OTHER_SHOP)).toMatchObject({ brandVoice: true, firstProduct: true });
  });

  it("counts a first bulk job once the shop has one, and never another shop's", async () => {
    const job = { status: "completed", mode: "review", request: "{}", selection: "{}", estimate: "{}", createdBy: "test" };
    await database.job.create({ data: { ...job, shop: OTHER_SHOP } });
    expect((await done(TEST_SHOP)).firstJob).toBe(false);
    await database.job.create({ data: { ...job, shop: TEST_SHOP } });
    expect((await done(TEST_SHOP)).firstJob).toBe(true);
  });

  it("shows the health summary once a sync has completed", async () => {
    await database.catalogSync.create({ data: { shop: TEST_SHOP, status: "running", startedAt: new Date() } });
    expect((await loadSetupChecklist(database, TEST_SHOP)).health).toBeNull();
    await database.catalogSync.update({ where: { shop: TEST_SHOP }, data: { status: "completed", finishedAt: new Date() } });
    expect((await loadSetupChecklist(database, TEST_SHOP)).health).toMatchObject({ products: 0, missing: { seoTitle: 0 } });
  });
});
