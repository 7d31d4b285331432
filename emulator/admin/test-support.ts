/**
 * Helpers for the emulator's own tests: start an emulator on port 0 with a
 * controllable clock, and call it over real HTTP the way an app would.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startAdminEmulator, type AdminEmulatorOptions, type RunningAdminEmulator } from "./server";
import { ADMIN_API_VERSION } from "./graphql/schema";

export const TEST_SHOP = "plume-test.myshopify.com";
export const OTHER_SHOP = "other-test.myshopify.com";
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_SCOPES = "write_products,read_translations,write_translations,read_locales,write_files";

/** A clock tests move by hand, so throttle refills and token expiry are deterministic. */
export class ManualClock {
  constructor(public current = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

  readonly now = (): number => this.current;

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

export interface TestEmulator {
  readonly emulator: RunningAdminEmulator;
  readonly clock: ManualClock;
}

export async function startTestEmulator(overrides: Partial<AdminEmulatorOptions> = {}): Promise<TestEmulator> {
  const clock = new ManualClock();
  const emulator = await startAdminEmulator({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    scopes: TEST_SCOPES,
    shops: [
      { domain: TEST_SHOP, seed: { products: 60, seed: 11 } },
      { domain: OTHER_SHOP, seed: { products: 5, seed: 12 } },
    ],
    now: clock.now,
    bulkDelayMs: 0,
    ...overrides,
  });
  return { emulator, clock };
}

export interface GraphQLResponse {
  readonly status: number;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; locations?: unknown[]; extensions?: Record<string, unknown> }[];
    extensions?: {
      cost?: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
        fields?: { path: (string | number)[]; definedCost: number | null; requestedTotalCost: number; requestedChildrenCost: number | null }[];
      };
      search?: unknown[];
    };
  };
}

export async function adminGraphQL(
  emulator: RunningAdminEmulator,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { shop?: string; version?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse> {
  const response = await fetch(`${emulator.url}/admin/api/${options.version ?? ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": options.shop ?? TEST_SHOP, ...options.headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as GraphQLResponse["body"]) : {} };
}

/** Reads a nested property path from GraphQL data without casting at every step. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export async function waitFor<Value>(probe: () => Promise<Value | undefined>, { timeoutMs = 10_000, intervalMs = 10 } = {}): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Status the receiver answers with; tests change it to simulate app failures. */
  status: number;
  close(): Promise<void>;
}

/** A stand-in for the app's webhook routes: records every POST it gets. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: { status: number } = { status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers[name] = value;
      received.push({ path: request.url ?? "/", headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
