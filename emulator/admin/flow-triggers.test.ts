/**
 * flowTriggerReceive as Shopify documents it: only the app's own trigger handles, every field the trigger
 * defines, the right kinds of values, at most 50 KB; an accepted call is recorded for tests to read.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowTriggersFromExtensions } from "./flow-extensions";
import { FLOW_TRIGGER_PAYLOAD_MAX_BYTES } from "./graphql/resolvers/flow";
import { adminGraphQL, startTestEmulator, TEST_SHOP, type TestEmulator } from "./test-support";

const RECEIVE = `mutation ($handle: String, $payload: JSON) { flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }`;
const triggers = flowTriggersFromExtensions(path.resolve(import.meta.dirname, "../../extensions"));
const finished = triggers.find((trigger) => trigger.handle === "plume-job-finished")!;

let harness: TestEmulator;
let token: string;

const validPayload = () => ({
  "Job id": "job_1",
  "Job url": "https://admin.shopify.com/store/plume-test/apps/plume-product-copy/app/jobs/job_1",
  "Job status": "completed",
  Products: 3,
  "Products completed": 2,
  "Products failed": 1,
  "Cost in USD": 0.0042,
});

async function receive(handle: string | null, payload: unknown) {
  const response = await adminGraphQL(harness.emulator, token, RECEIVE, { handle, payload });
  const data = response.body.data as { flowTriggerReceive: { userErrors: Array<{ field: string[] | null; message: string }> } } | null;
  return { response, userErrors: data?.flowTriggerReceive.userErrors ?? null };
}

async function recorded(): Promise<Array<{ handle: string; payload: Record<string, unknown> }>> {
  const response = await fetch(`${harness.emulator.url}/__emulator/flow-triggers?shop=${TEST_SHOP}`);
  return ((await response.json()) as { triggers: Array<{ handle: string; payload: Record<string, unknown> }> }).triggers;
}

beforeAll(async () => {
  harness = await startTestEmulator({ flowTriggers: triggers });
  token = harness.emulator.store.issueAccessToken(TEST_SHOP).token;
});

afterAll(async () => {
  await harness.emulator.close();
});

describe("flowTriggerReceive", () => {
  it("reads the trigger's fields from the app's extension toml", () => {
    expect(finished.fields).toMatchObject({ "Job id": "single_line_text_field", "Cost in USD": "number_decimal", "Job url": "url" });
  });

  it("accepts a payload with every field of the app's trigger and records it", async () => {
    const { response, userErrors } = await receive("plume-job-finished", validPayload());
    expect(response.status).toBe(200);
    expect(userErrors).toEqual([]);
    expect(await recorded()).toEqual([expect.objectContaining({ handle: "plume-job-finished", payload: validPayload() })]);
  });

  it("refuses a handle the app has no trigger for, and records nothing", async () => {
    await fetch(`${harness.emulator.url}/__emulator/flow-triggers`, { method: "DELETE" });
    const { userErrors } = await receive("someone-elses-trigger", validPayload());
    expect(userErrors).toEqual([expect.objectContaining({ field: ["handle"] })]);
    expect((await receive(null, validPayload())).userErrors).toEqual([expect.objectContaining({ field: ["handle"] })]);
    expect(await recorded()).toEqual([]);
  });

  it("refuses a missing field, a wrongly typed value and a field the trigger does not define", async () => {
    const { "Products failed": _missing, ...withoutOne } = validPayload();
    expect((await receive("plume-job-finished", withoutOne)).userErrors).toEqual([expect.objectContaining({ field: ["payload", "Products failed"] })]);
    expect((await receive("plume-job-finished", { ...validPayload(), Products: "3" })).userErrors).toEqual([expect.objectContaining({ field: ["payload", "Products"] })]);
    expect((await receive("plume-job-finished", { ...validPayload(), "Job url": "not a url" })).userErrors).toEqual([expect.objectContaining({ field: ["payload", "Job url"] })]);
    expect((await receive("plume-job-finished", { ...validPayload(), extra: 1 })).userErrors).toEqual([expect.objectContaining({ field: ["payload", "extra"] })]);
    expect(await recorded()).toEqual([]);
  });

  it("refuses a payload over 50 KB", async () => {
    const big = { ...validPayload(), "Job status": "x".repeat(FLOW_TRIGGER_PAYLOAD_MAX_BYTES) };
    const { userErrors } = await receive("plume-job-finished", big);
    expect(userErrors).toEqual([expect.objectContaining({ field: ["payload"], message: expect.stringContaining("50 KB") })]);
    expect(await recorded()).toEqual([]);
  });

  it("refuses the deprecated body argument loudly", async () => {
    const response = await adminGraphQL(harness.emulator, token, `mutation { flowTriggerReceive(body: "{}") { userErrors { message } } }`);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("NOT_EMULATED");
  });
});
