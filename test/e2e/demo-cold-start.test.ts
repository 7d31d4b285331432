import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../scripts/demo/config";
import { startDemo } from "../../scripts/demo/server";
import { collectPageErrors, DESKTOP_CHROME_USER_AGENT, findChromium, launchChromium } from "../support/browser";

/**
 * A newcomer's first impression is the demo's first page. Two ways it used to fail:
 * a request made while the demo was still building hung until the client gave up, and
 * a restart over the same database bounced the first page through
 * /auth/session-token (sessions stored by the previous run hold tokens the new,
 * in-memory Admin emulator never issued). So: 503 + Retry-After until ready, and
 * several cold starts in a row over one database, each opening straight into the app.
 */
const chromium = findChromium();
if ("unavailable" in chromium) console.log(`SKIP browser tests: ${chromium.unavailable}`);
const root = path.resolve(import.meta.dirname, "../..");
const COLD_STARTS = 3;

function databaseUrl(): string {
  return `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-cold-")), "demo.sqlite")}`;
}

describe("the demo while it starts", () => {
  it("answers 503 with Retry-After (a page that reloads itself) until the app is ready, then serves it", async () => {
    let url = "";
    const whileStarting: Array<{ status: number; retryAfter: string | null; type: string | null; body: string }> = [];
    const demo = await startDemo({
      port: 0,
      databaseUrl: databaseUrl(),
      products: 5,
      providerLatencyMs: 0,
      onListening: (listening) => (url = listening),
      // Stands in for the build: the port is open, the app is not served yet.
      build: async () => {
        for (const accept of ["text/html", "application/json"]) {
          const response = await fetch(`${url}/app`, { headers: { Accept: accept }, signal: AbortSignal.timeout(5_000) });
          whileStarting.push({ status: response.status, retryAfter: response.headers.get("retry-after"), type: response.headers.get("content-type"), body: await response.text() });
        }
      },
    });
    try {
      expect(whileStarting.map((entry) => [entry.status, entry.retryAfter])).toEqual([
        [503, "2"],
        [503, "2"],
      ]);
      expect(whileStarting[0]?.type).toContain("text/html");
      expect(whileStarting[0]?.body).toContain('http-equiv="refresh"');
      expect(whileStarting[1]?.type).toContain("text/plain");
      const ready = await fetch(`${demo.url}/healthz`);
      expect(ready.status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});

describe.skipIf("unavailable" in chromium)("cold starts of `npm run demo` over one database", () => {
  let browser: Browser;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if ("unavailable" in chromium) return;
    browser = await launchChromium(chromium.executablePath);
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await browser?.close();
  });

  /** scripts/demo.ts as `npm run demo` runs it (setup and build done by the global setup). */
  async function coldStart(database: string): Promise<{ url: string; child: ChildProcess }> {
    // tsx as a loader in the demo's own process: with tsx's CLI, the SIGKILL in afterAll would leave the demo running.
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/demo.ts")], {
      cwd: root,
      env: { ...process.env, PORT: "0", DATABASE_URL: database, PLUME_DEMO_PREBUILT: "1", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo not ready in 60 s:\n${output}`)), 60_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /demo ready in [\d.]+ s: (http:\/\/localhost:\d+)\//.exec(output);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    return { url, child };
  }

  it(`opens into the app on each of ${COLD_STARTS} cold starts, never through the session-token bounce`, async () => {
    const database = databaseUrl();
    const outcomes: string[] = [];
    for (let run = 1; run <= COLD_STARTS; run++) {
      const { url, child } = await coldStart(database);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, userAgent: DESKTOP_CHROME_USER_AGENT });
      const errors = collectPageErrors(page);
      const appResponses: number[] = [];
      const bounces: string[] = [];
      page.on("response", (response) => {
        const pathname = new URL(response.url()).pathname;
        if (pathname === "/app") appResponses.push(response.status());
        if (pathname.startsWith("/auth/session-token")) bounces.push(response.url());
      });
      const opened = Date.now();
      await page.goto(`${url}/`);
      await expect
        .poll(() => page.frameLocator("#app-frame").getByText(`Welcome to Plume, ${DEMO_SHOP.name}`).count(), { timeout: 20_000 })
        .toBe(1);
      outcomes.push(`run ${run}: app in ${Date.now() - opened} ms, /app answered ${appResponses.join(",")}`);
      expect(appResponses[0], `run ${run}: the first /app request`).toBe(200);
      expect(bounces, `run ${run}`).toEqual([]);
      expect(errors, `run ${run}`).toEqual([]);
      await page.close();
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    console.log(outcomes.join("\n"));
  }, 240_000);
});
