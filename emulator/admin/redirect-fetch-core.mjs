// The one implementation of "send Shopify traffic to the Admin emulator", in
// plain JavaScript so `node --import ./emulator/admin/preload-redirect.mjs`
// can load it without a TypeScript loader. redirect-fetch.ts re-exports it with
// TypeScript types for in-process use.

/** Header carrying the shop a rewritten request was meant for. */
export const EMULATOR_SHOP_HEADER = "x-plume-emulator-shop";

/**
 * @param {string | URL | Request} input
 * @returns {string}
 */
function urlOf(input) {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/**
 * A fetch that sends every request for https://<x>.myshopify.com/<path> to
 * `<emulatorUrl>/<path>` (query kept) with the header
 * `x-plume-emulator-shop: <x>.myshopify.com`; other URLs pass through untouched.
 *
 * @param {string} emulatorUrl
 * @param {typeof fetch} [baseFetch]
 * @returns {typeof fetch}
 */
export function createShopifyRedirectFetch(emulatorUrl, baseFetch = globalThis.fetch) {
  const base = new URL(emulatorUrl).href.replace(/\/+$/, "");
  /** @type {typeof fetch} */
  const redirecting = async (input, init) => {
    let target;
    try {
      target = new URL(urlOf(input));
    } catch {
      return baseFetch(input, init);
    }
    if (!target.hostname.endsWith(".myshopify.com")) return baseFetch(input, init);
    const rewritten = `${base}${target.pathname}${target.search}`;
    if (input instanceof Request) {
      // Copy the request by value: re-wrapping a streamed body would need `duplex`.
      const headers = new Headers(input.headers);
      new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
      headers.set(EMULATOR_SHOP_HEADER, target.hostname);
      const method = init?.method ?? input.method;
      const body = init?.body ?? (method === "GET" || method === "HEAD" ? undefined : await input.arrayBuffer());
      return baseFetch(rewritten, { method, headers, body, signal: init?.signal ?? input.signal, redirect: init?.redirect ?? input.redirect });
    }
    const headers = new Headers(init?.headers);
    headers.set(EMULATOR_SHOP_HEADER, target.hostname);
    return baseFetch(rewritten, { ...init, headers });
  };
  return redirecting;
}
