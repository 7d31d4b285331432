import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The demo's port, opened before anything slow (setup, build, seeding) so that a browser
 * opened early gets 503 + Retry-After and a page that reloads itself, never a refused or
 * hanging connection. `serve` swaps in the real app once it is ready. Imports nothing
 * of the app: it runs before the Prisma clients exist on a fresh clone.
 */
export interface DemoListener {
  server: http.Server;
  url: string;
  serve(handler: http.RequestListener): void;
}

const STARTING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>Plume demo is starting…</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem;"><p>Plume demo is starting… This page reloads by itself.</p>
<p lang="fr">La démo Plume démarre… Cette page se recharge toute seule.</p></body></html>`;

export function answerStarting(request: http.IncomingMessage, response: http.ServerResponse): void {
  const html = (request.headers.accept ?? "").includes("text/html");
  response.writeHead(503, {
    "Retry-After": "2",
    "Cache-Control": "no-store",
    "Content-Type": html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8",
  });
  response.end(html ? STARTING_PAGE : "Plume demo is starting; retry in a few seconds.\n");
}

export async function listenStarting(port: number, host: string): Promise<DemoListener> {
  let handle: http.RequestListener = answerStarting;
  const server = http.createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    serve(handler) {
      handle = handler;
    },
  };
}
