/** Small helpers over node:http; the emulator deliberately has no web framework. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Real providers cap request bodies well below this; it only guards the emulator itself. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type ReplyBody = { type: "json"; value: unknown } | { type: "text"; contentType: string; text: string };

/** A response decided by a handler and written by the router, so handlers stay testable without sockets. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: ReplyBody;
}

/** The parts of an incoming request a surface needs, read once by the router. */
export interface EmulatorRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names, first value only. */
  headers: Readonly<Record<string, string>>;
  bodyText: string;
}

export class RequestBodyTooLargeError extends Error {
  override readonly name = "RequestBodyTooLargeError";
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { type: "json", value } };
}

export function textReply(status: number, text: string, contentType: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { type: "text", contentType, text } };
}

export async function readEmulatorRequest(request: IncomingMessage): Promise<EmulatorRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new RequestBodyTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const url = new URL(request.url ?? "/", "http://emulator.invalid");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name.toLowerCase()] = first;
  }
  return {
    method: (request.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    bodyText: Buffer.concat(chunks).toString("utf8"),
  };
}

export function writeReply(response: ServerResponse, reply: Reply): void {
  const payload = reply.body.type === "json" ? JSON.stringify(reply.body.value) : reply.body.text;
  const contentType = reply.body.type === "json" ? "application/json" : reply.body.contentType;
  response.writeHead(reply.status, { "content-type": contentType, "content-length": String(Buffer.byteLength(payload)), ...reply.headers });
  response.end(payload);
}

/** Parses a body that should be JSON; `undefined` means it was not. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function bearerToken(headers: Readonly<Record<string, string>>): string | undefined {
  const authorization = headers["authorization"];
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  const token = match?.[1]?.trim();
  return token === undefined || token === "" ? undefined : token;
}
