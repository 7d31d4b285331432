/**
 * Every request a provider surface receives, kept for snapshot tests and the
 * control API. Keys are masked so a recorded request can be printed or committed.
 */
import type { ProviderId } from "../options";
import { parseJsonBody, type EmulatorRequest } from "./http";

export interface RecordedRequest {
  /** 1-based order of arrival since start or the last reset. */
  sequence: number;
  provider: ProviderId;
  method: string;
  /** Path with any `key` query parameter masked. */
  path: string;
  /** Lower-case header names; credentials masked. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  receivedAt: string;
  /** Status the emulator answered with; undefined while the request is still pending (or hanging). */
  status: number | undefined;
}

export const MASKED = "[masked]";
const CREDENTIAL_HEADERS = new Set(["x-api-key", "x-goog-api-key", "api-key"]);

export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization") {
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      masked[name] = scheme === undefined ? MASKED : `${scheme} ${MASKED}`;
    } else {
      masked[name] = CREDENTIAL_HEADERS.has(name) ? MASKED : value;
    }
  }
  return masked;
}

export function maskedPath(request: EmulatorRequest): string {
  if ([...request.query.keys()].length === 0) return request.path;
  const query = new URLSearchParams(request.query);
  if (query.has("key")) query.set("key", MASKED);
  return `${request.path}?${query.toString()}`;
}

export class RequestLog {
  /** The same array for the emulator's lifetime: tests may hold a reference to it. */
  readonly entries: RecordedRequest[] = [];
  private sequence = 0;
  /** Tokens charged to each provider's rate limits by answered requests (what TPM counts). */
  private readonly charged = new Map<ProviderId, { inputTokens: number; outputTokens: number; answered: number }>();

  /** Records an answered request's usage, as the rate limiter charged it. */
  chargeTokens(provider: ProviderId, inputTokens: number, outputTokens: number): void {
    const tally = this.charged.get(provider) ?? { inputTokens: 0, outputTokens: 0, answered: 0 };
    tally.inputTokens += inputTokens;
    tally.outputTokens += outputTokens;
    tally.answered += 1;
    this.charged.set(provider, tally);
  }

  /** Per provider: requests answered with a completion and the tokens they were charged. */
  tokensByProvider(): Partial<Record<ProviderId, { inputTokens: number; outputTokens: number; answered: number }>> {
    return Object.fromEntries([...this.charged].map(([provider, tally]) => [provider, { ...tally }]));
  }

  record(provider: ProviderId, request: EmulatorRequest, receivedAt: Date): RecordedRequest {
    this.sequence += 1;
    const body = parseJsonBody(request.bodyText);
    const entry: RecordedRequest = {
      sequence: this.sequence,
      provider,
      method: request.method,
      path: maskedPath(request),
      headers: maskHeaders(request.headers),
      body: body ?? (request.bodyText === "" ? undefined : request.bodyText),
      receivedAt: receivedAt.toISOString(),
      status: undefined,
    };
    this.entries.push(entry);
    return entry;
  }

  countsByProvider(): Record<ProviderId, number> {
    const counts: Record<ProviderId, number> = { openai: 0, anthropic: 0, gemini: 0, mistral: 0, ollama: 0, compatible: 0 };
    for (const entry of this.entries) counts[entry.provider] += 1;
    return counts;
  }

  clear(): void {
    this.entries.splice(0, this.entries.length);
    this.sequence = 0;
    this.charged.clear();
  }
}
