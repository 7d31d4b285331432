/**
 * Which shop a request is for. Real requests go to https://<shop>.myshopify.com;
 * the redirecting fetch keeps that name in `x-plume-emulator-shop`, and a
 * client that sets the Host header (curl --resolve, a proxy) works too.
 */
import type { IncomingMessage } from "node:http";
import { EMULATOR_SHOP_HEADER } from "../redirect-fetch-core.mjs";
import { headerValue } from "./http-util";

export { EMULATOR_SHOP_HEADER };

export function shopDomainOf(request: IncomingMessage): string | null {
  const explicit = headerValue(request, EMULATOR_SHOP_HEADER)?.trim().toLowerCase();
  if (explicit) return explicit;
  const host = headerValue(request, "host")?.trim().toLowerCase().replace(/:\d+$/, "");
  return host?.endsWith(".myshopify.com") ? host : null;
}
