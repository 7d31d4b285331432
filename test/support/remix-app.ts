import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createServer, type ViteDevServer } from "vite";

/**
 * The whole Remix app (entry.server, root, routes) loaded through Vite's SSR
 * module graph, so tests exercise real document responses without a build.
 */
export async function loadRemixApp(): Promise<{ handle(request: Request): Promise<Response>; close(): Promise<void> }> {
  const vite: ViteDevServer = await createServer({
    root: path.resolve(import.meta.dirname, "../.."),
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: "custom",
    logLevel: "silent",
  });
  const build = (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  return { handle: (request) => handler(request), close: () => vite.close() };
}
