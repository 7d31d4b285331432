import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildExtensionBundles, extensionOrigin, listExtensions } from "./extensions";

/**
 * The admin extensions as the demo (and, bundled the same way, Shopify CLI) builds them: every
 * target of the app is found with its names in both languages, each bundle stays under the
 * 64 KB (compressed) limit Shopify enforces at deploy for UI extensions from API 2025-10, and
 * nothing of the server (zod, Prisma, the Shopify server library) reaches a bundle.
 */
describe("the app's admin UI extensions, built", () => {
  const extensions = listExtensions();

  it("finds the selection action, the product action and the product block, named in English and French", () => {
    expect(extensions.map((extension) => [extension.handle, extension.target]).sort()).toEqual(
      expect.arrayContaining([
        ["plume-admin-bulk", "admin.product-index.selection-action.render"],
        ["plume-admin-product-action", "admin.product-details.action.render"],
        ["plume-admin-product-block", "admin.product-details.block.render"],
      ]),
    );
    const bulk = extensions.find((extension) => extension.handle === "plume-admin-bulk")!;
    expect(bulk.names).toEqual({ en: "Write copy with Plume", fr: "Rédiger avec Plume" });
  });

  it("bundles each under 64 KB compressed, with Preact and without server code", async () => {
    const bundles = await buildExtensionBundles(extensions, { minify: true });
    for (const extension of extensions.filter((entry) => entry.handle.startsWith("plume-admin-"))) {
      const code = bundles.get(extension.handle)!;
      const compressed = gzipSync(code).length;
      expect(compressed, extension.handle).toBeLessThan(64 * 1024);
      expect(code).toContain("/api/extension/");
      for (const serverOnly of ["@prisma", "PrismaClient", "ZodError", "shopify-app-remix", "authenticate.admin"]) expect(code, `${extension.handle} has ${serverOnly}`).not.toContain(serverOnly);
    }
  });

  it("serves the extensions from the other loopback name, so their calls to the app are cross-origin", () => {
    expect(extensionOrigin("http://localhost:3000")).toBe("http://127.0.0.1:3000");
    expect(extensionOrigin("http://127.0.0.1:3000")).toBe("http://localhost:3000");
  });
});
