/**
 * Bulk operations end to end over HTTP: a bulk query from CREATED to COMPLETED
 * with Shopify's JSONL (`__parentId` lines), a bulk mutation fed through
 * stagedUploadsCreate and a multipart upload, the bulk_operations/finish
 * webhook, and the five-operation concurrency limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAdminEmulator } from "./server";
import { adminGraphQL, dig, startTestEmulator, startWebhookReceiver, TEST_SHOP, waitFor, type TestEmulator, type WebhookReceiver } from "./test-support";

const RUN_QUERY = `mutation ($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`;
const RUN_GROUPED_QUERY = `mutation ($query: String!, $groupObjects: Boolean!) { bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query ($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl type completedAt } }`;

let harness: TestEmulator;
let receiver: WebhookReceiver;
let token: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  harness = await startTestEmulator({ plan: "enterprise", appUrl: receiver.url, webhooks: [{ topic: "bulk_operations/finish", uri: "/webhooks/bulk" }], bulkDelayMs: 30 });
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
});

afterAll(async () => {
  await harness.emulator.close();
  await receiver.close();
});

/** True when every child line comes right after its parent or after a sibling (a grouped file). */
function childrenFollowParents(lines: readonly Record<string, unknown>[]): boolean {
  let currentParent: unknown;
  for (const line of lines) {
    if (!("__parentId" in line)) currentParent = line["id"];
    else if (line["__parentId"] !== currentParent) return false;
  }
  return true;
}

async function waitForStatus(emulator: RunningAdminEmulator, accessToken: string, id: string, statuses: readonly string[]): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const response = await adminGraphQL(emulator, accessToken, POLL, { id });
    const operation = dig(response.body.data, "bulkOperation") as Record<string, unknown> | null;
    return operation && statuses.includes(String(operation["status"])) ? operation : undefined;
  });
}

describe("bulk query", () => {
  it("runs CREATED -> COMPLETED and serves Shopify-shaped JSONL with __parentId lines (groupObjects: true)", async () => {
    const query = `{
      products(query: "status:active") {
        edges { node { id title seo { title }
          media { edges { node { ... on MediaImage { id alt } } } }
          variants { edges { node { id sku } } }
        } }
      }
    }`;
    const started = await adminGraphQL(harness.emulator, token, RUN_GROUPED_QUERY, { query, groupObjects: true });
    expect(dig(started.body.data, "bulkOperationRunQuery", "userErrors")).toEqual([]);
    expect(dig(started.body.data, "bulkOperationRunQuery", "bulkOperation", "status")).toBe("CREATED");
    expect(started.body.extensions?.cost?.requestedQueryCost).toBe(10);
    const id = dig(started.body.data, "bulkOperationRunQuery", "bulkOperation", "id") as string;

    const done = await waitForStatus(harness.emulator, token, id, ["COMPLETED", "FAILED"]);
    expect(done["status"]).toBe("COMPLETED");
    expect(done["type"]).toBe("QUERY");
    expect(done["errorCode"]).toBeNull();

    const download = await fetch(String(done["url"]));
    expect(download.status).toBe(200);
    const text = await download.text();
    expect(String(Buffer.byteLength(text))).toBe(done["fileSize"]);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(String(lines.length)).toBe(done["objectCount"]);

    const active = harness.emulator.store.requireShop(TEST_SHOP).catalog.all().filter((product) => product.status === "ACTIVE");
    expect(done["rootObjectCount"]).toBe(String(active.length));
    const productLines = lines.filter((line) => !("__parentId" in line));
    expect(productLines.map((line) => line["id"])).toEqual(active.map((product) => product.id));
    expect(productLines[0]).toEqual({ id: active[0]?.id, title: active[0]?.title, seo: { title: active[0]?.seo.title ?? null } });

    const seen = new Set<unknown>();
    for (const line of lines) {
      if ("__parentId" in line) expect(seen.has(line["__parentId"])).toBe(true); // children come after their parent
      else seen.add(line["id"]);
    }
    expect(childrenFollowParents(lines)).toBe(true);
    const mediaLines = lines.filter((line) => String(line["id"]).startsWith("gid://shopify/MediaImage/"));
    const variantLines = lines.filter((line) => String(line["id"]).startsWith("gid://shopify/ProductVariant/"));
    expect(mediaLines).toHaveLength(active.reduce((total, product) => total + product.media.length, 0));
    expect(variantLines).toHaveLength(active.reduce((total, product) => total + product.variants.length, 0));
    const firstWithMedia = active.find((product) => product.media.length > 0);
    expect(mediaLines.find((line) => line["__parentId"] === firstWithMedia?.id)).toEqual({ id: firstWithMedia?.media[0]?.id, alt: firstWithMedia?.media[0]?.alt ?? null, __parentId: firstWithMedia?.id });
    expect(Object.keys(variantLines[0] ?? {})).toEqual(["id", "sku", "__parentId"]);

    await harness.emulator.store.webhooks.settled();
    const finish = receiver.received.find((entry) => entry.headers["x-shopify-topic"] === "bulk_operations/finish" && JSON.parse(entry.rawBody).admin_graphql_api_id === id);
    expect(JSON.parse(finish?.rawBody ?? "{}")).toMatchObject({ admin_graphql_api_id: id, status: "completed", type: "query", error_code: null });

    const current = await adminGraphQL(harness.emulator, token, "{ currentBulkOperation { id status } }");
    expect(dig(current.body.data, "currentBulkOperation")).toEqual({ id, status: "COMPLETED" });
  });

  it("scatters children away from their parents unless groupObjects is true, reproducibly", async () => {
    const query = `{ products { edges { node { id media { edges { node { ... on MediaImage { id alt } } } } } } } }`;
    const run = async (variables: Record<string, unknown>, mutation = RUN_GROUPED_QUERY) => {
      const started = await adminGraphQL(harness.emulator, token, mutation, { query, ...variables });
      const id = dig(started.body.data, "bulkOperationRunQuery", "bulkOperation", "id") as string;
      const done = await waitForStatus(harness.emulator, token, id, ["COMPLETED", "FAILED"]);
      const text = await (await fetch(String(done["url"]))).text();
      return text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const byDefault = await run({}, RUN_QUERY); // groupObjects defaults to false since 2026-01
    const ungrouped = await run({ groupObjects: false });
    const grouped = await run({ groupObjects: true });

    const sorted = (lines: Record<string, unknown>[]) => lines.map((line) => JSON.stringify(line)).sort();
    expect(sorted(ungrouped)).toEqual(sorted(grouped)); // same lines, different order
    expect(childrenFollowParents(grouped)).toBe(true);
    for (const lines of [byDefault, ungrouped]) {
      expect(childrenFollowParents(lines)).toBe(false);
      const position = new Map(lines.flatMap((line, index) => ("__parentId" in line ? [] : [[line["id"], index] as const])));
      const children = lines.flatMap((line, index) => ("__parentId" in line ? [{ index, parent: position.get(line["__parentId"]) ?? -1 }] : []));
      expect(children.some((child) => child.index < child.parent)).toBe(true); // a child before its parent
      expect(children.some((child) => child.index > child.parent + 1 && lines.slice(child.parent + 1, child.index).some((line) => !("__parentId" in line)))).toBe(true); // another product in between
      // Root lines keep their order; every child still names an existing parent.
      expect(lines.filter((line) => !("__parentId" in line))).toEqual(grouped.filter((line) => !("__parentId" in line)));
      expect(children.every((child) => child.parent >= 0)).toBe(true);
    }

    // Seeded: the same shop state and operation id give the same file (a fresh emulator replays it).
    const replay = await startTestEmulator({ plan: "enterprise" });
    try {
      const replayToken = replay.emulator.store.issueAccessToken(TEST_SHOP).token;
      const started = await adminGraphQL(replay.emulator, replayToken, RUN_QUERY, { query });
      const id = dig(started.body.data, "bulkOperationRunQuery", "bulkOperation", "id") as string;
      const done = await waitForStatus(replay.emulator, replayToken, id, ["COMPLETED"]);
      const first = await startTestEmulator({ plan: "enterprise" });
      try {
        const firstToken = first.emulator.store.issueAccessToken(TEST_SHOP).token;
        const again = await adminGraphQL(first.emulator, firstToken, RUN_QUERY, { query });
        const againId = dig(again.body.data, "bulkOperationRunQuery", "bulkOperation", "id") as string;
        expect(againId).toBe(id);
        const againDone = await waitForStatus(first.emulator, firstToken, againId, ["COMPLETED"]);
        expect(await (await fetch(String(againDone["url"]))).text()).toBe(await (await fetch(String(done["url"]))).text());
      } finally {
        await first.emulator.close();
      }
    } finally {
      await replay.emulator.close();
    }
  });

  it("refuses a bulk query without a connection", async () => {
    const response = await adminGraphQL(harness.emulator, token, RUN_QUERY, { query: "{ shop { name } }" });
    expect(dig(response.body.data, "bulkOperationRunQuery")).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }],
    });
  });
});

describe("bulk mutation", () => {
  it("runs productUpdate once per line of a staged JSONL upload", async () => {
    const products = harness.emulator.store.requireShop(TEST_SHOP).catalog.all().slice(0, 3);
    const staged = await adminGraphQL(
      harness.emulator,
      token,
      `mutation { stagedUploadsCreate(input: [{ resource: BULK_MUTATION_VARIABLES, filename: "bulk_op_vars", mimeType: "text/jsonl", httpMethod: POST }]) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
    );
    const target = dig(staged.body.data, "stagedUploadsCreate", "stagedTargets", 0) as { url: string; parameters: { name: string; value: string }[] };
    const key = target.parameters.find((parameter) => parameter.name === "key")?.value ?? "";
    expect(key).toMatch(/^tmp\/\d+\/bulk\/[0-9a-f-]+\/bulk_op_vars$/);

    const jsonl = [
      { product: { id: products[0]?.id, title: "Bulk title one", seo: { title: "Bulk SEO title one" } } },
      { product: { id: products[1]?.id, title: "x".repeat(300) } },
      { product: { id: products[2]?.id, title: "Bulk title three" } },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
    const form = new FormData();
    for (const parameter of target.parameters) form.append(parameter.name, parameter.value);
    form.append("file", new Blob([jsonl], { type: "text/jsonl" }), "bulk_op_vars");
    const upload = await fetch(target.url, { method: "POST", body: form });
    expect(upload.status).toBe(201);
    expect(await upload.text()).toContain(`<Key>${key}</Key>`);

    const started = await adminGraphQL(
      harness.emulator,
      token,
      `mutation ($mutation: String!, $path: String!) { bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) { bulkOperation { id status type } userErrors { field message code } } }`,
      { mutation: "mutation call($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id title } userErrors { field message } } }", path: key },
    );
    expect(dig(started.body.data, "bulkOperationRunMutation", "userErrors")).toEqual([]);
    const id = dig(started.body.data, "bulkOperationRunMutation", "bulkOperation", "id") as string;
    const done = await waitForStatus(harness.emulator, token, id, ["COMPLETED", "FAILED"]);
    expect(done).toMatchObject({ status: "COMPLETED", type: "MUTATION", objectCount: "3" });

    const lines = (await (await fetch(String(done["url"]))).text()).trimEnd().split("\n").map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { data: { productUpdate: { product: { id: products[0]?.id, title: "Bulk title one" }, userErrors: [] } }, __lineNumber: 0 },
      { data: { productUpdate: { product: null, userErrors: [{ field: ["title"], message: "Title is too long (maximum is 255 characters)" }] } }, __lineNumber: 1 },
      { data: { productUpdate: { product: { id: products[2]?.id, title: "Bulk title three" } , userErrors: [] } }, __lineNumber: 2 },
    ]);
    expect(products[0]?.title).toBe("Bulk title one");
    // The write log tells a bulk write from a direct one (a bulk mutation runs without a request token).
    const writes = (await (await fetch(`${harness.emulator.url}/__emulator/writes?shop=${TEST_SHOP}`)).json()) as { writes: { byVia: Record<string, number> } };
    expect(writes.writes.byVia).toEqual({ mutation: 0, bulk: 1 });
  });

  it("refuses an upload with a forged signature and a run without an uploaded file", async () => {
    const form = new FormData();
    form.append("key", "tmp/1/bulk/not-issued/bulk_op_vars");
    form.append("x-goog-signature", "forged");
    form.append("file", new Blob(["{}"]), "bulk_op_vars");
    const upload = await fetch(`${harness.emulator.url}/__emulator/staged-uploads`, { method: "POST", body: form });
    expect(upload.status).toBe(403);
    const started = await adminGraphQL(harness.emulator, token, `mutation { bulkOperationRunMutation(mutation: "mutation m($product: ProductUpdateInput!) { productUpdate(product: $product) { userErrors { message } } }", stagedUploadPath: "tmp/1/bulk/missing/vars") { bulkOperation { id } userErrors { code } } }`);
    expect(dig(started.body.data, "bulkOperationRunMutation")).toEqual({ bulkOperation: null, userErrors: [{ code: "NO_SUCH_FILE" }] });
  });
});

describe("bulk concurrency", () => {
  let slow: TestEmulator;
  let slowToken: string;

  beforeAll(async () => {
    // Operations stay RUNNING for a minute unless cancelled.
    slow = await startTestEmulator({ plan: "enterprise", bulkDelayMs: 60_000 });
    slowToken = slow.emulator.store.issueAccessToken(TEST_SHOP).token;
  });

  afterAll(async () => {
    await slow.emulator.close();
  });

  it("runs five bulk operations at once and refuses the sixth with LIMIT_REACHED", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await adminGraphQL(slow.emulator, slowToken, RUN_QUERY, { query: "{ products { edges { node { id } } } }" });
      expect(dig(response.body.data, "bulkOperationRunQuery", "userErrors")).toEqual([]);
      ids.push(dig(response.body.data, "bulkOperationRunQuery", "bulkOperation", "id") as string);
    }
    await waitForStatus(slow.emulator, slowToken, ids[4] ?? "", ["RUNNING"]);
    const sixth = await adminGraphQL(slow.emulator, slowToken, RUN_QUERY, { query: "{ products { edges { node { id } } } }" });
    expect(dig(sixth.body.data, "bulkOperationRunQuery", "bulkOperation")).toBeNull();
    expect(dig(sixth.body.data, "bulkOperationRunQuery", "userErrors", 0, "code")).toBe("LIMIT_REACHED");

    const cancel = await adminGraphQL(slow.emulator, slowToken, "mutation ($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }", { id: ids[0] });
    expect(dig(cancel.body.data, "bulkOperationCancel")).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
    await waitForStatus(slow.emulator, slowToken, ids[0] ?? "", ["CANCELED"]);
    const seventh = await adminGraphQL(slow.emulator, slowToken, RUN_QUERY, { query: "{ products { edges { node { id } } } }" });
    expect(dig(seventh.body.data, "bulkOperationRunQuery", "userErrors")).toEqual([]);

    const listed = await adminGraphQL(slow.emulator, slowToken, '{ bulkOperations(first: 10, query: "status:canceled") { nodes { id status } } }');
    expect(dig(listed.body.data, "bulkOperations", "nodes")).toEqual([{ id: ids[0], status: "CANCELED" }]);
  });
});
