// @vitest-environment jsdom
import { getExtension } from "@shopify/ui-extensions-tester";
import { fireEvent, waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ProductCopyBody } from "../../../app/admin-extensions/contract";

/**
 * The product page's action and block in the tester's mock host: generate with the shop's
 * settings, proposed beside current per field, apply one field, and failures in words.
 */
const action = getExtension("admin.product-details.action.render");
const block = getExtension("admin.product-details.block.render");

const PRODUCT = "gid://shopify/Product/4242";
const base: ProductCopyBody = {
  ok: true,
  product: { id: PRODUCT, title: "Linen shirt" },
  settings: { fields: ["seoTitle", "metaDescription"], locale: "en", writePolicy: "overwrite" },
  rows: [],
  productPath: "/app/products/4242",
};
const proposals: ProductCopyBody["rows"] = [
  { proposalId: "p_title", field: "seoTitle", locale: "en", resourceId: PRODUCT, imagePosition: null, current: "Shirt", proposed: "Linen shirt, relaxed fit", warnings: [] },
  { proposalId: "p_meta", field: "metaDescription", locale: "en", resourceId: PRODUCT, imagePosition: null, current: "", proposed: "A breathable linen shirt for warm days.", warnings: ["possibly_invented"] },
];

function backend(answer: (method: string, body: unknown) => Response | Promise<Response>) {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  return {
    calls,
    fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
      calls.push({ method, path: String(input), body });
      return answer(method, body);
    }) as unknown as typeof fetch,
  };
}
const text = () => document.body.textContent ?? "";
const translate = ((key: string, options?: Record<string, unknown>) => (options ? `${key}${JSON.stringify(options)}` : key)) as never;

describe("product action", () => {
  beforeEach(() => {
    action.setUp();
    action.shopify.data.selected = [{ id: PRODUCT }];
    action.shopify.i18n.translate = translate;
  });
  afterEach(() => {
    render(null, document.body);
    action.tearDown();
  });

  it("generates with the shop's settings, shows proposed beside current, and applies one field", async () => {
    const server = backend((method, body) => {
      if (method === "GET") return Response.json(base);
      if ((body as { intent: string }).intent === "generate") return Response.json({ ...base, rows: proposals, generated: { ok: true, error: null, rejected: 0 } });
      return Response.json({ ...base, rows: proposals.slice(1), applied: [{ proposalId: "p_title", field: "seoTitle", status: "written", reason: null }] });
    });
    action.fetch = server.fetch;
    await action.render();
    await waitFor(() => expect(text()).toContain("empty"));
    expect(text()).toContain('settings{"count":2,"fields":"fields.seoTitle, fields.metaDescription","locale":"en"}');
    fireEvent.click(document.body.querySelector('s-button[slot="primary-action"]')!);
    await waitFor(() => expect(text()).toContain("Linen shirt, relaxed fit"));
    expect(text()).toContain("Shirt");
    expect(text()).toContain("blank"); // the empty meta description, said so
    expect(document.body.querySelector("s-badge")?.textContent).toBe('warnings{"count":1}');
    expect(server.calls[1]).toEqual({ method: "POST", path: "/api/extension/product/4242", body: { intent: "generate" } });
    const applyTitle = [...document.body.querySelectorAll("s-button")].find((button) => button.getAttribute("accessibilityLabel")?.includes("fields.seoTitle"))!;
    fireEvent.click(applyTitle);
    await waitFor(() => expect(text()).toContain('applied.done{"count":1}'));
    expect(server.calls[2]!.body).toEqual({ intent: "apply", proposalIds: ["p_title"] });
    expect(text()).not.toContain("Linen shirt, relaxed fit");
    expect(document.body.querySelector("s-link")?.getAttribute("href")).toBe("app:app/products/4242");
  });

  it("says which applied field kept its existing text and why, though it left the list", async () => {
    action.fetch = backend((method) =>
      method === "GET"
        ? Response.json({ ...base, rows: proposals })
        : Response.json({ ...base, rows: proposals.slice(0, 1), applied: [{ proposalId: "p_meta", field: "metaDescription", status: "skipped", reason: "not_blank" }] }),
    ).fetch;
    await action.render();
    const applyMeta = await waitFor(() => {
      const button = [...document.body.querySelectorAll("s-button")].find((candidate) => candidate.getAttribute("accessibilityLabel")?.includes("fields.metaDescription"));
      if (!button) throw new Error("no Apply button for the meta description yet");
      return button;
    });
    fireEvent.click(applyMeta);
    await waitFor(() => expect(text()).toContain('fields.metaDescription · applied.skipped{"reason":"reasons.not_blank"}'));
    expect(text()).not.toContain("applied.done");
  });

  it("says why a generation wrote nothing, and words the backend's refusals", async () => {
    let answer: Response = Response.json({ ok: false, error: "product_not_found", errors: {}, params: { productId: PRODUCT } }, { status: 404 });
    action.fetch = backend(() => answer.clone()).fetch;
    await action.render();
    await waitFor(() => expect(text()).toContain("errors.product_not_found"));
    render(null, document.body);
    answer = Response.json({ ...base, generated: { ok: false, error: "budget_exceeded", rejected: 0 } });
    await action.render();
    await waitFor(() => expect(text()).toContain("generation.budget_exceeded"));
  });
});

describe("product block", () => {
  beforeEach(() => {
    block.setUp();
    block.shopify.data.selected = [{ id: PRODUCT }];
    block.shopify.i18n.translate = translate;
  });
  afterEach(() => {
    render(null, document.body);
    block.tearDown();
  });

  it("shows pending proposals inline with a summary and its own Generate button", async () => {
    block.fetch = backend(() => Response.json({ ...base, rows: proposals })).fetch;
    await block.render();
    await waitFor(() => expect(text()).toContain("A breathable linen shirt for warm days."));
    const adminBlock = document.body.querySelector("s-admin-block")!;
    expect(adminBlock.getAttribute("collapsed-summary")).toBe('summary{"count":2}');
    expect(text()).toContain("regenerate");
    expect(document.body.querySelector("s-admin-action")).toBeNull();
  });

  it("words a network failure", async () => {
    block.fetch = vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))) as unknown as typeof fetch;
    await block.render();
    await waitFor(() => expect(text()).toContain("errors.network"));
  });
});
