import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express from "express";
import { parse as parseToml } from "smol-toml";
import { createDatabase } from "../../app/db/client.server";
import { createShopifyRedirectFetch } from "../../emulator/admin/redirect-fetch";
import { flowTriggersFromExtensions } from "../../emulator/admin/flow-extensions";
import { startAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator } from "../../emulator/providers/server";
import { migrate, root } from "../db.mjs";
import { DEMO_APP, DEMO_SHOP, emulatedBackends, hostParameter } from "./config";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import { renderAdminNewProductPage, renderAdminProductPage, renderAdminProductsPage, type AdminProductDetail, type AdminProductRow } from "./admin-pages";
import { createdProduct, PRODUCT_CREATE, readNewProductForm, type ProductCreateData } from "./new-product";
import { buildExtensionBundles, extensionOrigin, listExtensions, serveExtensions } from "./extensions";
import { renderFramePage } from "./frame";
import { listenStarting, type DemoListener } from "./starting";
import { mintSessionToken } from "./session-token";

export interface DemoOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  products?: number;
  /** Latency of the emulated model providers (default 400 ms, like a fast real call). */
  providerLatencyMs?: number;
  /**
   * Build the app first (default true, unless PLUME_DEMO_PREBUILT=1); tests that just
   * built may skip, or pass their own step to see what the demo answers meanwhile.
   */
  build?: boolean | (() => Promise<void>);
  /** A port already opened by `listenStarting` (answering 503 until the app is ready). */
  listener?: DemoListener;
  /** Called as soon as the port is open, before the app is ready (requests get 503 until then). */
  onListening?: (url: string) => void;
  log?: (line: string) => void;
}

export interface RunningDemo {
  url: string;
  emulatorUrl: string;
  providersUrl: string;
  close(): Promise<void>;
}

const APP_BRIDGE_CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

/** Webhook subscriptions exactly as shopify.app.toml declares them, for the emulator to deliver. */
function webhookSubscriptions(): Array<{ topic: string; uri: string }> {
  const toml = parseToml(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as {
    webhooks: { subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }> };
  };
  return toml.webhooks.subscriptions.flatMap((subscription) =>
    [...(subscription.topics ?? []), ...(subscription.compliance_topics ?? [])].map((topic) => ({ topic, uri: subscription.uri })),
  );
}

/**
 * Starts the whole demo in this process: the Admin API emulator with a seeded
 * shop, the production build of the app (its Admin API calls redirected to the
 * emulator), and the admin-like frame, all on one port.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  // The port answers 503 + Retry-After until the app is ready (scripts/demo/starting.ts).
  const listener = options.listener ?? (await listenStarting(options.port ?? 3000, host));
  const { server, url: appUrl } = listener;
  options.onListening?.(appUrl);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? `file:${path.join(root, "prisma", "dev.sqlite")}`;

  await migrate(databaseUrl);
  await forgetEmulatedSessions(databaseUrl);
  const emulator = await startAdminEmulator({
    apiKey: DEMO_APP.apiKey,
    apiSecret: DEMO_APP.apiSecret,
    scopes: DEMO_APP.scopes,
    appUrl,
    webhooks: webhookSubscriptions(),
    // The app's Flow trigger, as its extension defines it: the job-finished events the demo's jobs send are accepted.
    flowTriggers: flowTriggersFromExtensions(path.join(root, "extensions")),
    plan: "standard",
    shops: [
      {
        domain: DEMO_SHOP.domain,
        name: DEMO_SHOP.name,
        currency: DEMO_SHOP.currency,
        seed: { products: options.products ?? DEMO_SHOP.products, seed: DEMO_SHOP.seed },
      },
    ],
  });
  log(`emulator: ${emulator.url} (${DEMO_SHOP.domain}, ${options.products ?? DEMO_SHOP.products} products)`);
  const providers = await startProviderEmulator({ latencyMs: options.providerLatencyMs ?? 400 });
  log(`model providers emulator: ${providers.url}`);

  // The only difference from production: where https://<shop>/admin/... goes.
  // Must be in place before the build imports @shopify/shopify-api, which keeps a reference to fetch.
  globalThis.fetch = createShopifyRedirectFetch(emulator.url, globalThis.fetch);
  Object.assign(process.env, {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: DEMO_APP.apiKey,
    SHOPIFY_API_SECRET: DEMO_APP.apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: DEMO_APP.scopes,
    DATABASE_URL: databaseUrl,
    PLUME_ENCRYPTION_KEY: DEMO_APP.encryptionKey,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // The emulated model backends, offered next to Templates and labelled "emulated".
    PLUME_EXTRA_BACKENDS: JSON.stringify(emulatedBackends(providers.baseUrls)),
    PLUME_ALLOWED_MODEL_HOSTS: new URL(providers.url).host,
  });

  if (typeof options.build === "function") {
    await options.build();
  } else if (options.build !== false && process.env.PLUME_DEMO_PREBUILT !== "1") {
    log("building the app (remix vite:build)…");
    await buildApp();
  }
  const build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  const handleRemix = createRequestHandler(build, "production");

  // The app's admin UI extensions, built as Shopify CLI would bundle them, for the stand-in host.
  const extensions = listExtensions();
  const bundles = await buildExtensionBundles(extensions);
  const hostOrigin = extensionOrigin(appUrl);
  /** The admin's own reads of the emulated shop, for its product pages. */
  async function adminQuery<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": emulator.store.issueAccessToken(DEMO_SHOP.domain).token, "x-plume-emulator-shop": DEMO_SHOP.domain },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(`admin query failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  const app = express();
  app.disable("x-powered-by");
  serveExtensions(app, { appUrl, shop: DEMO_SHOP.domain, extensions, bundles });
  app.get("/admin/products", async (request, response, next) => {
    try {
      const locale = request.query.locale === "fr" ? "fr" : "en";
      const data = await adminQuery<{ products: { nodes: AdminProductRow[] }; productsCount: { count: number } }>(
        "query DemoAdminProducts { products(first: 50, sortKey: TITLE) { nodes { id title status vendor productType } } productsCount { count } }",
      );
      response
        .type("html")
        .set("Cache-Control", "no-store")
        .send(
          renderAdminProductsPage({
            shopName: DEMO_SHOP.name,
            shopDomain: DEMO_SHOP.domain,
            locale,
            hostOrigin,
            products: data.products.nodes,
            total: data.productsCount.count,
            selectionActions: extensions.filter((extension) => extension.target === "admin.product-index.selection-action.render"),
          }),
        );
    } catch (error) {
      next(error);
    }
  });
  // The admin's "Add product": saved through productCreate, so the emulator sends products/create to the app.
  const page = (locale: "en" | "fr") => ({ shopName: DEMO_SHOP.name, shopDomain: DEMO_SHOP.domain, locale, hostOrigin });
  app.get("/admin/products/new", (request, response) => {
    const locale = request.query.locale === "fr" ? "fr" : "en";
    response.type("html").set("Cache-Control", "no-store").send(renderAdminNewProductPage({ ...page(locale), form: { title: "", description: "", error: null } }));
  });
  app.post("/admin/products/new", express.urlencoded({ extended: false, limit: "64kb" }), async (request, response, next) => {
    const locale = request.query.locale === "fr" ? "fr" : "en";
    try {
      const read = readNewProductForm(request.body);
      if (!read.ok) {
        response.status(400).type("html").send(renderAdminNewProductPage({ ...page(locale), form: read.form }));
        return;
      }
      const typed = { title: read.title, description: String((request.body as { description?: unknown }).description ?? "") };
      let data: ProductCreateData;
      try {
        data = await adminQuery<ProductCreateData>(PRODUCT_CREATE, { product: { title: read.title, descriptionHtml: read.descriptionHtml } });
      } catch (error) {
        // Refused as a whole (the emulated shop's variant limit, say): the form again, the reason in the log.
        log(`add product failed: ${error instanceof Error ? error.message : String(error)}`);
        response.status(502).type("html").send(renderAdminNewProductPage({ ...page(locale), form: { ...typed, error: "notSaved" } }));
        return;
      }
      const created = createdProduct(data, typed);
      if (!created.ok) {
        log(`add product refused: ${created.reason}`);
        response.status(400).type("html").send(renderAdminNewProductPage({ ...page(locale), form: created.form }));
        return;
      }
      // Like the admin after saving: the new product's page.
      response.redirect(303, `/admin/products/${created.legacyId}?locale=${locale}`);
    } catch (error) {
      next(error);
    }
  });
  app.get("/admin/products/:id", async (request, response, next) => {
    if (!/^\d{1,20}$/.test(request.params.id)) {
      response.status(404).type("text/plain").send("Not found");
      return;
    }
    try {
      const locale = request.query.locale === "fr" ? "fr" : "en";
      const data = await adminQuery<{ product: (Omit<AdminProductDetail, "seoTitle" | "seoDescription"> & { seo: { title: string | null; description: string | null } }) | null }>(
        "query DemoAdminProduct($id: ID!) { product(id: $id) { id title status vendor productType descriptionText: description seo { title description } } }",
        { id: `gid://shopify/Product/${request.params.id}` },
      );
      if (!data.product) {
        response.status(404).type("text/plain").send("Not found");
        return;
      }
      const { seo, ...product } = data.product;
      response
        .type("html")
        .set("Cache-Control", "no-store")
        .send(
          renderAdminProductPage({
            shopName: DEMO_SHOP.name,
            shopDomain: DEMO_SHOP.domain,
            locale,
            hostOrigin,
            product: { ...product, seoTitle: seo.title ?? "", seoDescription: seo.description ?? "" },
            actions: extensions.filter((extension) => extension.target === "admin.product-details.action.render"),
            blocks: extensions.filter((extension) => extension.target === "admin.product-details.block.render"),
          }),
        );
    } catch (error) {
      next(error);
    }
  });
  app.get("/healthz", (_request, response) => {
    response.json({ ok: true, app: appUrl, emulator: emulator.url, providers: providers.url, shop: DEMO_SHOP.domain });
  });
  app.get("/__demo/app-bridge.js", (_request, response) => {
    response.type("application/javascript").set("Cache-Control", "no-store").send(readFileSync(path.join(import.meta.dirname, "app-bridge-standin.js")));
  });
  app.get("/__demo/session-token", async (request, response) => {
    // Only for the emulated shop: this endpoint stands in for Shopify admin's own signing.
    if (request.query.shop !== DEMO_SHOP.domain) {
      response.status(404).end();
      return;
    }
    response.type("text/plain").set("Cache-Control", "no-store").send(await mintSessionToken({ shopDomain: DEMO_SHOP.domain, ...DEMO_APP }));
  });
  app.get("/", async (request, response, next) => {
    if (request.query.shop) return next();
    const locale = request.query.locale === "fr" ? "fr" : "en";
    // ?app=/app/jobs/…: open the app on one of its pages (the admin following an extension's app: link).
    const appPath = typeof request.query.app === "string" && /^\/app(\/[A-Za-z0-9_-]+)*$/.test(request.query.app) ? request.query.app : "/app";
    const appSrc = new URL(appPath, appUrl);
    appSrc.searchParams.set("embedded", "1");
    appSrc.searchParams.set("shop", DEMO_SHOP.domain);
    appSrc.searchParams.set("host", hostParameter(DEMO_SHOP.domain));
    appSrc.searchParams.set("locale", locale);
    appSrc.searchParams.set("id_token", await mintSessionToken({ shopDomain: DEMO_SHOP.domain, ...DEMO_APP }));
    response
      .type("html")
      .set("Cache-Control", "no-store")
      .send(renderFramePage({ shopDomain: DEMO_SHOP.domain, shopName: DEMO_SHOP.name, appSrc: appSrc.pathname + appSrc.search, locale }));
  });
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
  app.all("*", async (request, response) => {
    try {
      const remixResponse = await handleRemix(toWebRequest(request, appUrl));
      await sendAsEmbeddedInDemo(remixResponse, response);
    } catch (error) {
      log(`request failed: ${request.method} ${request.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) response.status(500).type("text/plain").send("Internal error");
    }
  });
  listener.serve(app);

  return {
    url: appUrl,
    emulatorUrl: emulator.url,
    providersUrl: providers.url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([emulator.close(), providers.close()]);
    },
  };
}

/** `remix vite:build` in a child process, without blocking this one (it answers 503 meanwhile). */
function buildApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`remix vite:build exited with ${code}: ${errors}`))));
  });
}

/**
 * The Admin emulator keeps its access tokens in memory, so offline sessions stored by an
 * earlier demo run hold tokens that the new emulator never issued: the first page would
 * get a 401, and the library a bounce through /auth/session-token. Those sessions belong
 * to the emulated shop alone and die with it.
 */
async function forgetEmulatedSessions(databaseUrl: string): Promise<void> {
  const database = createDatabase(databaseUrl);
  try {
    await database.session.deleteMany({ where: { shop: DEMO_SHOP.domain } });
  } finally {
    await database.$disconnect();
  }
}

function toWebRequest(request: express.Request, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(new URL(request.originalUrl, base), {
    method: request.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * What the real admin provides and the demo cannot: App Bridge from Shopify's
 * CDN (swapped for the local stand-in) and a frame on admin.shopify.com (the
 * demo's frame is this origin, so 'self' joins frame-ancestors).
 */
async function sendAsEmbeddedInDemo(remixResponse: Response, response: express.Response): Promise<void> {
  response.status(remixResponse.status);
  for (const [name, value] of remixResponse.headers) {
    if (name === "set-cookie") continue;
    if (name === "link") {
      response.setHeader(name, value.replaceAll(APP_BRIDGE_CDN, "/__demo/app-bridge.js"));
      continue;
    }
    if (name === "content-security-policy") {
      response.setHeader(name, value.replace("frame-ancestors", "frame-ancestors 'self'").replace("'self' 'none'", "'self'"));
      continue;
    }
    response.setHeader(name, value);
  }
  const cookies = remixResponse.headers.getSetCookie();
  if (cookies.length > 0) response.setHeader("set-cookie", cookies);
  if (!remixResponse.body) {
    response.end();
    return;
  }
  if ((remixResponse.headers.get("content-type") ?? "").includes("text/html")) {
    const html = (await remixResponse.text()).replaceAll(APP_BRIDGE_CDN, "/__demo/app-bridge.js");
    response.removeHeader("content-length");
    response.send(html);
    return;
  }
  Readable.fromWeb(remixResponse.body as import("node:stream/web").ReadableStream).pipe(response);
}
