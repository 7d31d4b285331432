import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedFetch } from "./ssrf.server";

/**
 * DNS rebinding between the check and the connection: a resolver that answers
 * a public address to the check and 127.0.0.1 to the connection must not get
 * a request (and a key) onto a loopback service. The address connected to is
 * the address vetted.
 */
let server: Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ""}`);
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Answers a public address first, then loopback: the rebinding attacker's DNS. */
function rebindingResolver() {
  const calls: string[] = [];
  let answered = 0;
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    answered += 1;
    return answered === 1 ? ["93.184.216.34"] : ["127.0.0.1"];
  };
  return { resolve, calls };
}

describe("guarded fetch checks the address it connects to", () => {
  it("a name that rebinds to 127.0.0.1 after the check never reaches the loopback service", async () => {
    received.length = 0;
    const resolver = rebindingResolver();
    const guarded = createGuardedFetch({ allowedHosts: [], resolve: resolver.resolve });
    // "localhost" stands in for an attacker's name: the system resolver answers 127.0.0.1 for it.
    const outcome = await guarded(`http://localhost:${port}/v1/chat/completions`, {
      method: "POST",
      headers: { Authorization: "Bearer sk-merchant-secret" },
      body: "{}",
    }).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect(received).toEqual([]);
    expect(resolver.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("a name that resolves to a refused address at connect time is refused even when the first answer was public, for every answer", async () => {
    received.length = 0;
    let answered = 0;
    const guarded = createGuardedFetch({
      allowedHosts: [],
      resolve: async () => {
        answered += 1;
        return answered === 1 ? ["93.184.216.34"] : ["93.184.216.34", "127.0.0.1"];
      },
    });
    await guarded(`http://localhost:${port}/v1/models`).catch(() => undefined);
    expect(received).toEqual([]);
  });

  it("an operator-allowed host still connects", async () => {
    received.length = 0;
    const guarded = createGuardedFetch({ allowedHosts: [`127.0.0.1:${port}`] });
    const response = await guarded(`http://127.0.0.1:${port}/v1/models`);
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
  });
});

describe("classifying the connect-time refusal", () => {
  it("a rebinding refusal inside fetch's cause chain is reported as unsafe_endpoint", async () => {
    const { classifyError } = await import("./errors");
    const resolver = rebindingResolver();
    const guarded = createGuardedFetch({ allowedHosts: [], resolve: resolver.resolve });
    const error = await guarded(`http://localhost:${port}/v1/models`).catch((thrown: unknown) => thrown);
    expect(classifyError(error, { backendId: "custom", modelId: "m" }).kind).toBe("unsafe_endpoint");
  });
});
