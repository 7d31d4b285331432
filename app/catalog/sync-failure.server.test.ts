import { HttpRequestError, HttpResponseError } from "@shopify/shopify-api";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { describe, expect, it } from "vitest";
import { AdminApiError, PacingDeferredError } from "./admin-client.server";
import { CatalogSyncError, classifySyncFailure } from "./sync-failure.server";

const admin = (details: Partial<ConstructorParameters<typeof AdminApiError>[1]>) => new AdminApiError("PlumeCatalogBulkRun failed", { operation: "PlumeCatalogBulkRun", retryable: false, ...details });
const socketFailure = (code: string) => new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }) });

describe("classifySyncFailure: what the merchant is told about a failed catalog sync", () => {
  it.each([
    ["Shopify THROTTLED after every retry", admin({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], status: 200, retryable: true }), "throttled"],
    ["HTTP 429", admin({ status: 429, retryable: true, retryAfterMs: 2000 }), "throttled"],
    ["the shop's bucket cannot take the call", new PacingDeferredError("PlumeCatalogBulkStatus", 5_000), "throttled"],
    ["a missing scope (ACCESS_DENIED)", admin({ errors: [{ message: "Access denied for products field.", extensions: { code: "ACCESS_DENIED" } }], status: 200 }), "access_denied"],
    ["a revoked token (HTTP 401)", admin({ errors: "[API] Invalid API key or access token", status: 401 }), "access_denied"],
    ["HTTP 403 from the Shopify library", new HttpResponseError({ message: "Forbidden", code: 403, statusText: "Forbidden" }), "access_denied"],
    ["no offline session for the shop", new SessionNotFoundError("Could not find a session for shop x.myshopify.com"), "access_denied"],
    ["Shopify answering 503", admin({ status: 503 }), "network"],
    ["a refused connection", socketFailure("ECONNREFUSED"), "network"],
    ["a reset connection", socketFailure("ECONNRESET"), "network"],
    ["the Shopify library's request error", new HttpRequestError("Failed to make Shopify HTTP request: getaddrinfo ENOTFOUND"), "network"],
    ["a bulk operation Shopify failed", new CatalogSyncError("bulk_failed", "bulk operation FAILED INTERNAL_SERVER_ERROR"), "bulk_failed"],
    ["a bulk operation past the time limit", new CatalogSyncError("bulk_timeout", "bulk operation timed out"), "bulk_timeout"],
    ["a database error", new Error("SQLITE_BUSY: database is locked"), "unknown"],
    ["something thrown that is not an Error", "boom", "unknown"],
  ])("%s → %s", (_name, error, code) => {
    expect(classifySyncFailure(error).code).toBe(code);
  });

  it("keeps the technical reason for the logs, with the HTTP status and Shopify's errors, cut at 500 characters", () => {
    const { message } = classifySyncFailure(admin({ errors: "[API] Invalid API key or access token", status: 401 }));
    expect(message).toBe('AdminApiError: PlumeCatalogBulkRun failed (HTTP 401 "[API] Invalid API key or access token")');
    expect(classifySyncFailure(new Error("x".repeat(2_000))).message).toHaveLength(500);
  });
});
