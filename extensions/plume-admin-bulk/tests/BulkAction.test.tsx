// @vitest-environment jsdom
import { getExtension } from "@shopify/ui-extensions-tester";
import { fireEvent, waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BulkFormBody, EstimateBody, StartedJobBody } from "../../../app/admin-extensions/contract";

/**
 * The product list's selection action in the tester's mock host: the selection's size, the
 * estimate from the backend, one job for the whole selection, and every failure in words.
 * translate() echoes the key with its options, so the words' numbers can be asserted.
 */
const extension = getExtension("admin.product-index.selection-action.render");

const FORM: BulkFormBody = {
  ok: true,
  fields: ["descriptionHtml", "seoTitle", "metaDescription", "altText"],
  defaults: { fields: ["seoTitle", "metaDescription"], locales: ["en"], mode: "review" },
  model: { backendId: "openai", modelId: "gpt-4.1-mini" },
  backends: [
    { id: "openai", label: "OpenAI", suggestedModels: ["gpt-4.1-mini", "gpt-4.1"], ready: true },
    { id: "templates", label: "Templates", suggestedModels: ["default"], ready: true },
  ],
};

const estimateFor = (products: number, refusal: EstimateBody["refusal"] = null): EstimateBody => ({
  ok: true,
  estimate: {
    products,
    modelCalls: products,
    inputTokens: products * 900,
    cachedInputTokens: 0,
    outputTokens: products * 120,
    costMicros: products * 250,
    backendId: "openai",
    modelId: "gpt-4.1-mini",
    durationSeconds: products * 2,
    limits: { averageLatencyMs: 1800, concurrency: 4, adminPointsPerSecond: null },
    basis: { sampledProducts: Math.min(products, 5) },
    priceTableDate: "2026-11-30",
  },
  budget: null,
  refusal,
});

type Route = (body: unknown) => Response | Promise<Response>;
const json = (body: unknown, status = 200) => Response.json(body, { status });

function backend(routes: Record<string, Route>) {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    if (!route) throw new Error(`unexpected ${method} ${path}`);
    return route(body);
  });
  extension.fetch = fetchMock as unknown as typeof fetch;
  return calls;
}

const select = (count: number) => {
  extension.shopify.data.selected = Array.from({ length: count }, (_, index) => ({ id: `gid://shopify/Product/${1000 + index}` }));
};
const text = () => document.body.textContent ?? "";
const bannerHeadings = () => [...document.body.querySelectorAll("s-banner")].map((banner) => banner.getAttribute("heading"));
const startButton = () => document.body.querySelector('s-button[slot="primary-action"]') as HTMLElement;

beforeEach(() => {
  extension.setUp();
  extension.shopify.i18n.translate = ((key: string, options?: Record<string, unknown>) => (options ? `${key}${JSON.stringify(options)}` : key)) as typeof extension.shopify.i18n.translate;
});
afterEach(() => {
  render(null, document.body);
  extension.tearDown();
});

describe("Write copy with Plume (product list selection)", () => {
  it("shows one selected product, the estimate, and starts one job for it with a link to the job page", async () => {
    select(1);
    const calls = backend({
      "GET /api/extension/jobs": () => json(FORM),
      "POST /api/extension/estimate": () => json(estimateFor(1)),
      "POST /api/extension/jobs": () => json({ ok: true, job: { id: "job_1", status: "queued", total: 1, mode: "review" }, jobPath: "/app/jobs/job_1" } satisfies StartedJobBody, 201),
    });
    await extension.render();
    expect(text()).toContain('selected{"count":1}');
    await waitFor(() => expect(text()).toContain('estimate.cost{"cost":"0.00025"}'));
    expect(text()).toContain('estimate.duration_seconds{"count":2}');
    expect(text()).toContain('estimate.calls{"count":1,"model":"OpenAI · gpt-4.1-mini"}');
    // The shop's defaults are the starting choices.
    const checked = [...document.body.querySelectorAll("s-checkbox")].filter((box) => box.hasAttribute("checked")).map((box) => box.getAttribute("name"));
    expect(checked).toEqual(["seoTitle", "metaDescription"]);
    expect(calls.find((call) => call.path === "/api/extension/estimate")?.body).toEqual({
      request: { fields: ["seoTitle", "metaDescription"], locales: ["en"], backendId: "openai", modelId: "gpt-4.1-mini" },
      selection: { kind: "ids", ids: ["gid://shopify/Product/1000"] },
      mode: "review",
    });
    await waitFor(() => expect(startButton().hasAttribute("disabled")).toBe(false));
    fireEvent.click(startButton());
    await waitFor(() => expect(bannerHeadings()).toContain("started.heading"));
    expect(text()).toContain('started.review{"count":1}');
    expect(document.body.querySelector("s-link")?.getAttribute("href")).toBe("app:app/jobs/job_1");
  });

  it("hands 250 selected ids to one job in one request, and re-estimates when a choice changes", async () => {
    select(250);
    const calls = backend({
      "GET /api/extension/jobs": () => json(FORM),
      "POST /api/extension/estimate": () => json(estimateFor(250)),
      "POST /api/extension/jobs": () => json({ ok: true, job: { id: "job_250", status: "queued", total: 250, mode: "auto_apply" }, jobPath: "/app/jobs/job_250" } satisfies StartedJobBody, 201),
    });
    await extension.render();
    expect(text()).toContain('selected{"count":250}');
    await waitFor(() => expect(text()).toContain('estimate.duration_minutes{"count":8}'));
    const mode = document.body.querySelector('s-select[name="mode"]') as HTMLElement & { value: string };
    mode.value = "auto_apply";
    fireEvent.change(mode);
    const description = document.body.querySelector('s-checkbox[name="descriptionHtml"]') as HTMLElement & { checked: boolean };
    description.checked = true;
    fireEvent.change(description);
    await waitFor(() => expect(calls.filter((call) => call.path === "/api/extension/estimate").at(-1)?.body).toMatchObject({ mode: "auto_apply", request: { fields: ["descriptionHtml", "seoTitle", "metaDescription"] } }));
    await waitFor(() => expect(startButton().hasAttribute("disabled")).toBe(false));
    fireEvent.click(startButton());
    await waitFor(() => expect(text()).toContain('started.auto_apply{"count":250}'));
    const starts = calls.filter((call) => call.method === "POST" && call.path === "/api/extension/jobs");
    expect(starts).toHaveLength(1);
    const body = starts[0]!.body as { selection: { kind: string; ids: string[] } };
    expect(body.selection.kind).toBe("ids");
    expect(body.selection.ids).toHaveLength(250);
    expect(new Set(body.selection.ids).size).toBe(250);
    // Nothing per product: a form read, the estimates, one start.
    expect(calls.every((call) => call.path.startsWith("/api/extension/"))).toBe(true);
    expect(calls.length).toBeLessThan(8);
  });

  it("says when the budget cap refuses the estimate, with the numbers, and does not offer Start", async () => {
    select(30);
    backend({
      "GET /api/extension/jobs": () => json(FORM),
      "POST /api/extension/estimate": () =>
        json(estimateFor(30, { code: "budget_exceeded", numbers: { capMicros: 5_000_000, spentMicros: 4_900_000, reservedByOtherJobsMicros: 50_000, estimateMicros: 75_000, scope: "shop" } })),
    });
    await extension.render();
    await waitFor(() => expect(text()).toContain("errors.budget_exceeded"));
    expect(text()).toContain('"cap":"5"');
    expect(text()).toContain('"spent":"4.9"');
    expect(text()).toContain('"estimate":"0.075"');
    expect(startButton().hasAttribute("disabled")).toBe(true);
  });

  it("shows the backend's refusal of the start in words (budget refused with numbers, or a 400 with its reason)", async () => {
    select(3);
    let refusal = { status: 400, body: { ok: false, error: "budget_exceeded", errors: {}, params: { capMicros: 1_000_000, spentMicros: 990_000, reservedByOtherJobsMicros: 0, estimateMicros: 20_000, scope: "shop" } } };
    backend({
      "GET /api/extension/jobs": () => json(FORM),
      "POST /api/extension/estimate": () => json(estimateFor(3)),
      "POST /api/extension/jobs": () => json(refusal.body, refusal.status),
    });
    await extension.render();
    await waitFor(() => expect(startButton().hasAttribute("disabled")).toBe(false));
    fireEvent.click(startButton());
    await waitFor(() => expect(bannerHeadings()).toContain("start_failed"));
    expect(text()).toContain('errors.budget_exceeded{"capMicros":1000000');
    expect(text()).toContain('"cap":"1"');
    refusal = { status: 400, body: { ok: false, error: "invalid_input", errors: { "selection.ids": "too many" }, params: {} as never } };
    fireEvent.click(startButton());
    await waitFor(() => expect(text()).toContain('errors.invalid_input{"status":400}'));
    expect(bannerHeadings()).not.toContain("started.heading");
  });

  it("words a network failure and an expired session instead of failing silently", async () => {
    select(2);
    backend({ "GET /api/extension/jobs": () => Promise.reject(new TypeError("Failed to fetch")) });
    await extension.render();
    await waitFor(() => expect(text()).toContain("errors.network"));
    expect(bannerHeadings()).toContain("load_failed");
    render(null, document.body);
    extension.tearDown();
    extension.setUp();
    select(2);
    backend({ "GET /api/extension/jobs": () => new Response(null, { status: 401 }) });
    await extension.render();
    await waitFor(() => expect(text()).toContain("errors.session"));
  });

  it("closes the modal from Cancel", async () => {
    select(1);
    backend({ "GET /api/extension/jobs": () => json(FORM), "POST /api/extension/estimate": () => json(estimateFor(1)) });
    const close = vi.fn();
    extension.shopify.close = close;
    await extension.render();
    fireEvent.click(document.body.querySelector('s-button[slot="secondary-actions"]')!);
    expect(close).toHaveBeenCalledTimes(1);
  });
});
