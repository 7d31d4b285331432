/**
 * POST /admin/api/<version>/graphql.json. Only the version in
 * app/shopify/api-version.ts is served: the emulator has that one schema, and
 * answering another version with it would hide a version mismatch.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { handleGraphQLRequest } from "../graphql/execute";
import type { AdminSchema } from "../graphql/schema";
import type { EmulatorStore } from "../store/emulator-store";
import { headerValue, HttpError, readBody, sendJson } from "./http-util";
import { shopDomainOf } from "./shop-identity";

/** Shopify's body for a missing or foreign access token. */
export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

const requestBodySchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

function parseRequestBody(body: Buffer, contentType: string | undefined): z.infer<typeof requestBodySchema> {
  const text = body.toString("utf8");
  if (contentType?.includes("application/graphql")) return { query: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = requestBodySchema.safeParse(parsed);
  if (!result.success) throw new HttpError(400, { errors: { query: "Required parameter missing or invalid" } });
  return result.data;
}

export async function handleAdminGraphQL(request: IncomingMessage, response: ServerResponse, version: string, store: EmulatorStore, schema: AdminSchema): Promise<void> {
  if (version !== schema.version) {
    throw new HttpError(404, { errors: `Not Found: the Admin API emulator serves only version ${schema.version} (app/shopify/api-version.ts)` });
  }
  const domain = shopDomainOf(request);
  const shop = domain ? store.getShop(domain) : undefined;
  if (!shop) throw new HttpError(404, { errors: "Not Found" });
  const token = store.tokens.authenticate(headerValue(request, "x-shopify-access-token") ?? "", shop.domain);
  if (!token || !shop.installed) {
    store.calls.record(shop.domain, { operationName: null, rootFields: [], outcome: "unauthorized", requestedCost: 0, actualCost: 0 });
    throw new HttpError(401, INVALID_TOKEN_BODY);
  }
  const body = parseRequestBody(await readBody(request), headerValue(request, "content-type"));
  // Shopify's cost debug switch: exactly `Shopify-GraphQL-Cost-Debug: 1` (header names are case-insensitive).
  const costDebug = headerValue(request, "shopify-graphql-cost-debug")?.trim() === "1";
  const result = await handleGraphQLRequest({ store, shop, schema, token, body, costDebug });
  sendJson(response, result.status, result.body, { "X-Shopify-API-Version": schema.version });
}
