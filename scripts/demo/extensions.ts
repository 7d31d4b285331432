import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type express from "express";
import { parse as parseToml } from "smol-toml";
import { root } from "../db.mjs";

/**
 * The app's admin UI extensions (extensions/*), as the demo's stand-in host runs them: each
 * extension module BUILT with esbuild into one ES module (as Shopify CLI bundles it for the
 * admin), with its locales, served to an iframe on the extension origin (another origin than
 * the app, so its calls to the app are cross-origin like production's). Dev-only.
 */
export interface DemoExtension {
  handle: string;
  target: string;
  folder: string;
  module: string;
  /** the extension's name in each locale it has (its toml's `t:` key resolved) */
  names: Record<string, string>;
}

const EXTENSIONS_DIRECTORY = path.join(root, "extensions");

function readLocale(folder: string, locale: string): Record<string, unknown> {
  if (!existsSync(path.join(folder, "locales"))) return {};
  const files = readdirSync(path.join(folder, "locales"));
  const file = files.find((name) => name === `${locale}.json`) ?? files.find((name) => name === `${locale}.default.json`);
  return file ? (JSON.parse(readFileSync(path.join(folder, "locales", file), "utf8")) as Record<string, unknown>) : {};
}

function defaultLocale(folder: string): string {
  if (!existsSync(path.join(folder, "locales"))) return "en";
  return readdirSync(path.join(folder, "locales")).find((name) => name.endsWith(".default.json"))?.replace(".default.json", "") ?? "en";
}

/** Every UI extension target declared by extensions/<folder>/shopify.extension.toml. */
export function listExtensions(): DemoExtension[] {
  if (!existsSync(EXTENSIONS_DIRECTORY)) return [];
  const found: DemoExtension[] = [];
  for (const entry of readdirSync(EXTENSIONS_DIRECTORY, { withFileTypes: true })) {
    const folder = path.join(EXTENSIONS_DIRECTORY, entry.name);
    const tomlPath = path.join(folder, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(tomlPath)) continue;
    const toml = parseToml(readFileSync(tomlPath, "utf8")) as { extensions?: Array<{ type: string; handle: string; name: string; targeting?: Array<{ target: string; module?: string }> }> };
    for (const extension of toml.extensions ?? []) {
      if (extension.type !== "ui_extension") continue;
      for (const targeting of extension.targeting ?? []) {
        if (!targeting.module) continue;
        const key = extension.name.startsWith("t:") ? extension.name.slice(2) : null;
        const names: Record<string, string> = {};
        for (const locale of ["en", "fr"]) {
          const messages = readLocale(folder, locale);
          names[locale] = key && typeof messages[key] === "string" ? (messages[key] as string) : extension.name;
        }
        found.push({ handle: extension.handle, target: targeting.target, folder, module: path.resolve(folder, targeting.module), names });
      }
    }
  }
  return found;
}

/** One ES module per extension (Preact and the extension's code in it), kept in memory. */
export async function buildExtensionBundles(extensions: DemoExtension[], options: { minify?: boolean } = {}): Promise<Map<string, string>> {
  const bundles = new Map<string, string>();
  for (const extension of extensions) {
    const result = await build({
      entryPoints: [extension.module],
      bundle: true,
      format: "esm",
      target: "es2022",
      platform: "browser",
      write: false,
      minify: options.minify ?? false,
      jsx: "automatic",
      jsxImportSource: "preact",
      logLevel: "silent",
    });
    bundles.set(extension.handle, result.outputFiles[0]!.text);
  }
  return bundles;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] as string);

/** The extension origin: the demo's own port under another host name (localhost ↔ 127.0.0.1). */
export function extensionOrigin(appUrl: string): string {
  const url = new URL(appUrl);
  url.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
  return url.origin;
}

export function serveExtensions(app: express.Express, input: { appUrl: string; shop: string; extensions: DemoExtension[]; bundles: Map<string, string> }): void {
  const { appUrl, shop, extensions, bundles } = input;
  const frameOrigin = new URL(appUrl).origin;
  app.get("/__demo/extension-host", (request, response) => {
    const extension = extensions.find((entry) => entry.handle === request.query.handle);
    if (!extension) {
      response.status(404).type("text/plain").send("no such extension");
      return;
    }
    const locale = request.query.locale === "fr" ? "fr" : "en";
    const config = {
      handle: extension.handle,
      target: extension.target,
      appUrl,
      frameOrigin,
      shop,
      locale,
      bundle: `/__demo/extensions/${encodeURIComponent(extension.handle)}.js`,
      messages: readLocale(extension.folder, locale),
      defaultMessages: readLocale(extension.folder, defaultLocale(extension.folder)),
    };
    response
      .type("html")
      .set("Cache-Control", "no-store")
      .send(`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(extension.names[locale] ?? extension.handle)}</title>
<style>html,body{margin:0;background:#fff}body{font:13px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif}</style>
<script type="application/json" id="host-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>
<script src="/__demo/extension-host/components.js"></script>
<script src="/__demo/extension-host/host.js"></script>
</head><body></body></html>`);
  });
  for (const file of ["host.js", "components.js"]) {
    app.get(`/__demo/extension-host/${file}`, (_request, response) => {
      response.type("application/javascript").set("Cache-Control", "no-store").send(readFileSync(path.join(import.meta.dirname, "extension-host", file)));
    });
  }
  app.get("/__demo/extensions/:file", (request, response) => {
    const bundle = bundles.get(request.params.file.replace(/\.js$/, ""));
    if (!bundle) {
      response.status(404).type("text/plain").send("no such bundle");
      return;
    }
    response.type("application/javascript").set("Cache-Control", "no-store").send(bundle);
  });
}
