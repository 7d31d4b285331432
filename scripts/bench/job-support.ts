import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import type { Database } from "~/db/client.server";
import { BulkWriter } from "~/jobs/bulk-writes/writer.server";
import { JobRunner, type RunnerOptions } from "~/jobs/runner.server";
import type { ConnectionEnvironment } from "~/models/connections.server";
import { BackendRegistry } from "~/models/registry";
import { createKeyring } from "~/secrets/crypto.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { CONTROL_PREFIX as ADMIN_CONTROL } from "../../emulator/admin/emulator-paths";
import { CONTROL_PREFIX as PROVIDER_CONTROL } from "../../emulator/providers/core/control-api";
import { PROVIDER_BASE_PATHS } from "../../emulator/providers/server";

/**
 * What the job benchmarks (`bench:jobs`, `chaos:jobs`) share: the emulated OpenAI backend,
 * an Admin client that only knows the emulator's URL (it may run in another process), and
 * the emulators' control API read through zod.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EMULATED_BACKEND = "emulated-openai";
export const EMULATED_MODEL = "gpt-6-luna";
export const EMULATED_KEY = "sk-emulated-openai";
/** The job both benchmarks run: every copy field, in the shop's language, written as it is generated. */
export const JOB_FIELDS = ["descriptionHtml", "seoTitle", "metaDescription", "altText"] as const;
/** Model calls a product costs for this job (one per product and locale). */
export const CALLS_PER_PRODUCT = 1;

export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** The registry and connection environment for the provider emulator at `providerUrl`. */
export function emulatedEnvironment(providerUrl: string): { registry: BackendRegistry; connections: ConnectionEnvironment } {
  return {
    registry: BackendRegistry.withExtras([{ id: EMULATED_BACKEND, extends: "openai", label: "OpenAI (emulated)", baseUrl: `${providerUrl}${PROVIDER_BASE_PATHS.openai}`, emulated: true }]),
    connections: {
      // a fixed bench key: the database is thrown away after the run
      keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 5).toString("base64") }),
      endpointPolicy: { allowedHosts: [new URL(providerUrl).host] },
      operatorKeys: {},
    },
  };
}

const accessTokenSchema = z.object({ access_token: z.string().min(1) });

/** An Admin GraphQL client for one shop of the Admin emulator at `adminUrl`, over HTTP. */
export async function adminClient(adminUrl: string, shop: string): Promise<AdminGraphql> {
  const response = await fetch(`${adminUrl}${ADMIN_CONTROL}/shops/${shop}/access-tokens`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  const token = accessTokenSchema.parse(await response.json()).access_token;
  return {
    // Named, as the app's clients are (app/shopify.server.ts): every call goes through the shop's Admin cost gate.
    shop,
    graphql: (query, options) =>
      fetch(`${adminUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": shop },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      }),
  };
}

const callsSchema = z.object({
  calls: z.object({
    total: z.number(),
    throttled: z.number(),
    requestedCost: z.number(),
    actualCost: z.number(),
    byRootField: z.record(z.string(), z.number()),
    mutations: z.object({ total: z.number(), requestedCost: z.number(), actualCost: z.number() }),
  }),
});
const writesSchema = z.object({
  writes: z.object({
    writes: z.number(),
    duplicateWrites: z.number(),
    resources: z.number(),
    byField: z.record(z.string(), z.number()),
    byVia: z.object({ mutation: z.number(), bulk: z.number() }),
  }),
});
const shopSchema = z.object({ throttleStatus: z.object({ maximumAvailable: z.number(), restoreRate: z.number() }) });
const usageSchema = z.object({ inputTokens: z.number(), outputTokens: z.number(), answered: z.number() });
const requestsSchema = z.object({ total: z.number(), usage: z.record(z.string(), usageSchema) });

async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return schema.parse(await response.json());
}

export const adminControl = {
  calls: async (adminUrl: string, shop: string) => (await getJson(`${adminUrl}${ADMIN_CONTROL}/calls?shop=${shop}`, callsSchema)).calls,
  resetCalls: async (adminUrl: string, shop: string) => void (await fetch(`${adminUrl}${ADMIN_CONTROL}/calls?shop=${shop}`, { method: "DELETE" })),
  writes: async (adminUrl: string, shop: string) => (await getJson(`${adminUrl}${ADMIN_CONTROL}/writes?shop=${shop}`, writesSchema)).writes,
  throttle: async (adminUrl: string, shop: string) => (await getJson(`${adminUrl}${ADMIN_CONTROL}/shops/${shop}`, shopSchema)).throttleStatus,
};

/** Answered OpenAI calls and the tokens the provider emulator charged them against its limits. */
export async function openaiUsage(providerUrl: string): Promise<{ answered: number; tokens: number; requests: number }> {
  const body = await getJson(`${providerUrl}${PROVIDER_CONTROL}/requests`, requestsSchema);
  const usage = body.usage.openai ?? { inputTokens: 0, outputTokens: 0, answered: 0 };
  return { answered: usage.answered, tokens: usage.inputTokens + usage.outputTokens, requests: body.total };
}

export interface ChildEmulator {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Stands in for the bulk_operations/finish webhook: the benchmarks have no server to receive it. */
const BULK_POLL_MS = 500;

/**
 * The job runner wired as the app wires it (app/jobs/runtime.server.ts): auto-apply jobs of BULK_WRITE_THRESHOLD
 * products or more write description and SEO through bulk mutations, whose end the writer polls for every BULK_POLL_MS.
 */
export function benchRunner(database: Database, client: AdminGraphql, environment: ReturnType<typeof emulatedEnvironment>, options: RunnerOptions): JobRunner {
  const bulkWrites = new BulkWriter(database, async () => client, { pollEveryMs: BULK_POLL_MS });
  return new JobRunner({ database, adminFor: async () => client, environment, bulkWrites, companions: [bulkWrites] }, options);
}

/** Starts an emulator CLI in its own Node process and waits for the URL it prints. */
export function spawnEmulator(script: string, args: string[], urlPattern: RegExp): Promise<ChildEmulator> {
  // tsx as a loader in this one process (tsx's CLI would run the script in a child of its own, left behind by a SIGKILL).
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let output = "";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before printing its URL: ${stderr}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = urlPattern.exec(output);
      if (match?.[1]) resolve({ url: match[1], child, stop });
    });
  });
}

/**
 * CPU seconds (user + system) a process has used so far: this one from Node, a child from /proc (Linux; undefined
 * elsewhere or once it has exited). The benchmarks report what each process of a run used, so a wall time set by a
 * busy CPU is told apart from one set by the limits.
 */
export function cpuSeconds(pid?: number): number | undefined {
  if (pid === undefined) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** The cores this machine offers (what the CPU floor of a run divides by). */
export const CORES = cpus().length;

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** Samples this process's resident set every 100 ms; `stop()` returns the peak in MB. */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.round((Math.max(peak, process.memoryUsage().rss) / 1024 / 1024) * 10) / 10;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
