import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { TEST_ENVIRONMENT } from "../support/environment";

const root = path.resolve(import.meta.dirname, "../..");
const toml = parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as {
  webhooks: { api_version: string; subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }> };
  access_scopes: { scopes: string };
  embedded: boolean;
};

describe("shopify.app.toml", () => {
  it("uses the one Admin API version constant", () => {
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION);
  });

  it("subscribes each webhook topic to a route that exists", () => {
    const topics = toml.webhooks.subscriptions.flatMap((subscription) => [...(subscription.topics ?? []), ...(subscription.compliance_topics ?? [])]);
    expect(topics.sort()).toEqual([
      "app/scopes_update",
      "app/uninstalled",
      "bulk_operations/finish",
      "customers/data_request",
      "customers/redact",
      "products/create",
      "products/delete",
      "products/update",
      "shop/redact",
    ]);
    for (const subscription of toml.webhooks.subscriptions) {
      const routeFile = path.join(root, "app/routes", `${subscription.uri.slice(1).replaceAll("/", ".")}.tsx`);
      expect(() => readFileSync(routeFile), `${subscription.uri} has no route file`).not.toThrow();
    }
  });

  it("asks for exactly the scopes the app is configured with, and no broader ones", () => {
    const scopes = toml.access_scopes.scopes.split(",").sort();
    expect(scopes).toEqual(TEST_ENVIRONMENT.SCOPES.split(",").sort());
    expect(scopes.filter((scope) => /orders|customers|themes|content/.test(scope))).toEqual([]);
    expect(toml.embedded).toBe(true);
  });
});
