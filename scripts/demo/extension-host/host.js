// A stand-in for the Shopify admin's UI extension host, for the local demo and browser tests
// only. The real admin runs an extension's bundle in a sandbox on Shopify's CDN origin, gives
// it the `shopify` global of its target and renders its Polaris web components. Here the
// BUILT bundle runs in an iframe on another origin than the app (so its fetches are
// cross-origin with a preflight, as in production), with the minimal `shopify` global and
// the few web components the Plume extensions use (components.js). Never bundled into the app.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("host-config").textContent);
  const appOrigin = new URL(config.appUrl).origin;
  const toParent = (message) => window.parent.postMessage({ source: "plume-extension-host", handle: config.handle, ...message }, config.frameOrigin);

  // i18n: the extension's locales/<locale>.json, falling back to its default locale file;
  // `count` picks the plural form, {{name}} takes a replacement.
  const lookup = (messages, key) => key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), messages);
  const plural = new Intl.PluralRules(config.locale);
  function translate(key, options = {}) {
    let value = lookup(config.messages, key);
    if (value === undefined) value = lookup(config.defaultMessages, key);
    if (value && typeof value === "object" && typeof options.count === "number") value = value[plural.select(options.count)] ?? value.other;
    if (typeof value !== "string") return key;
    return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name) => (options[name] === undefined ? match : String(options[name])));
  }
  const i18n = {
    translate,
    formatNumber: (number, options = {}) => new Intl.NumberFormat(config.locale, options).format(number),
    formatCurrency: (number, options = {}) => new Intl.NumberFormat(config.locale, { style: "currency", currency: options.currency || "USD", ...options }).format(number),
    formatDate: (date, options = {}) => new Intl.DateTimeFormat(config.locale, options).format(date),
  };

  // Session tokens as the admin mints them for the app (the demo server signs them).
  const originalFetch = window.fetch.bind(window);
  async function idToken() {
    const response = await originalFetch(`/__demo/session-token?shop=${encodeURIComponent(config.shop)}`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`session token request failed: ${response.status}`);
    return response.text();
  }
  // The admin's fetch in an extension: paths resolve against the app's URL, and requests to
  // the app carry the session token.
  window.fetch = async function (input, init = {}) {
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url, config.appUrl + "/");
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    if (url.origin === appOrigin && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${await idToken()}`);
    return originalFetch(url.toString(), { ...init, headers, mode: "cors" });
  };

  /** app:… (the app's own pages) and shopify:admin/… (admin pages), as the admin follows them. */
  window.plumeHostNavigate = (href) => toParent({ type: "navigate", href: String(href) });

  function start(selected) {
    window.shopify = {
      extension: { target: config.target },
      data: { selected },
      i18n,
      auth: { idToken },
      close: () => toParent({ type: "close" }),
      navigation: { navigate: (url) => window.plumeHostNavigate(url) },
      query: () => Promise.reject(new Error("Direct Admin API access is not part of the demo's extension host")),
    };
    import(config.bundle)
      .then((module) => module.default())
      .then(() => {
        // Blocks take the height of their content in the page.
        new ResizeObserver(() => toParent({ type: "resize", height: document.documentElement.scrollHeight })).observe(document.body);
        toParent({ type: "rendered" });
      });
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== config.frameOrigin || !event.data || event.data.source !== "plume-frame") return;
    if (event.data.type === "init" && !window.shopify) start(Array.isArray(event.data.selected) ? event.data.selected : []);
  });
  toParent({ type: "ready" });
})();
