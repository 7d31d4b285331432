import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { env } from "./config/env.server";
import { jobService } from "./jobs/runtime.server";
import { addDocumentResponseHeaders } from "./shopify.server";

export const streamTimeout = 5000;

// Bulk jobs a stopped or killed server left running carry on as soon as it starts again
// (tests start runners of their own).
if (env().NODE_ENV !== "test") jobService();

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // frame-ancestors for the requesting shop and admin.shopify.com, and the
  // other headers Shopify requires on every document.
  addDocumentResponseHeaders(request, responseHeaders);
  // No shop in the request (landing, login): nobody may frame the page.
  if (!responseHeaders.has("Content-Security-Policy")) responseHeaders.set("Content-Security-Policy", "frame-ancestors 'none';");
  const userAgent = request.headers.get("user-agent");
  const readyEvent = userAgent && isbot(userAgent) ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
