import { z } from "zod";
import { DEFAULT_REDIS_PREFIX } from "~/jobs/slots";
import { DEFAULT_RUNNER_CONCURRENCY } from "~/jobs/types";

/**
 * Every environment variable Plume reads, parsed once. A missing or malformed
 * variable stops boot with a message naming it. Nothing here is sent to the
 * browser except what `publicEnv` picks.
 */
const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

export const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  SHOPIFY_API_KEY: z.string().min(1, "is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().min(1, "is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.url("must be the public https URL of the app"),
  SCOPES: z
    .string()
    .min(1, "is required (comma-separated access scopes)")
    .transform((value) => value.split(",").map((scope) => scope.trim()).filter(Boolean)),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must be a file: URL (SQLite) or a postgresql:// URL"),
  // Encrypts merchants' API keys at rest. Rotation: add PLUME_ENCRYPTION_KEYS_OLD.
  PLUME_ENCRYPTION_KEY: base64Key,
  PLUME_ENCRYPTION_KEY_VERSION: z.coerce.number().int().positive().default(1),
  // Older keys still needed to open rows sealed before a rotation: "1:base64,2:base64".
  PLUME_ENCRYPTION_KEYS_OLD: z
    .string()
    .default("")
    .transform((value, context) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [version, key] = entry.split(":");
          if (!version || !key || !/^\d+$/.test(version) || Buffer.from(key, "base64").length !== 32) {
            context.addIssue({ code: "custom", message: 'entries must look like "1:<32 bytes base64>"' });
            return { version: 0, key: "" };
          }
          return { version: Number(version), key };
        }),
    ),
  // Who runs bulk jobs: the in-process runner (default); BullMQ on Redis (scale-out: this process
  // only sends wake-ups, `npm run worker` processes run the jobs); or nobody (a web-only process
  // whose jobs another process runs). docs/decisions/0010.
  PLUME_JOB_RUNNER: z.enum(["in-process", "bullmq", "off"]).default("in-process"),
  // Redis for PLUME_JOB_RUNNER=bullmq: wake-ups and the limits every worker shares.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional(),
  // Prefix of Plume's Redis keys (queue and slots), for several installs on one Redis.
  PLUME_REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/, "must be 1-40 of a-z 0-9 _ -").default(DEFAULT_REDIS_PREFIX),
  // How long an item's claim holds before another runner may take it (renewed while it runs); empty = 2 minutes.
  PLUME_JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).optional(),
  PLUME_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULT_RUNNER_CONCURRENCY),
  // Scale-out: items of one shop, and of one shop on one model backend, in flight across every worker.
  PLUME_JOB_SHOP_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(DEFAULT_RUNNER_CONCURRENCY),
  PLUME_JOB_BACKEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(DEFAULT_RUNNER_CONCURRENCY),
  // Hosts (host or host:port) that may be model endpoints despite private addresses, e.g. a self-hosted Ollama.
  PLUME_ALLOWED_MODEL_HOSTS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((host) => host.trim()).filter(Boolean)),
  // Keys the operator provides for every shop, by backend id: {"openai":"sk-…"}.
  PLUME_OPERATOR_KEYS: z
    .string()
    .default("{}")
    .transform((value, context) => {
      try {
        return z.record(z.string(), z.string().min(1)).parse(JSON.parse(value));
      } catch {
        context.addIssue({ code: "custom", message: 'must be a JSON object of backend id to key, e.g. {"openai":"sk-…"}' });
        return {};
      }
    }),
  // A monthly spending cap in USD across every shop this server runs; empty = none.
  PLUME_OPERATOR_MONTHLY_CAP_USD: z
    .string()
    .trim()
    .default("")
    .refine((value) => /^(\d{1,9}(\.\d{1,2})?)?$/.test(value), "must be a dollar amount such as 500 or 500.50")
    .transform((value) => {
      if (!value) return null;
      const [whole = "0", cents = ""] = value.split(".");
      return Number(whole) * 1_000_000 + Number(cents.padEnd(2, "0")) * 10_000;
    }),
  // Operator-defined backends (another base URL for a shipped family); see app/models/registry.ts.
  PLUME_EXTRA_BACKENDS: z.string().default("[]"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Rules across variables, checked after each one parsed. */
const checkedEnvironmentSchema = environmentSchema.superRefine((value, context) => {
  if (value.PLUME_JOB_RUNNER === "bullmq" && !value.REDIS_URL) {
    context.addIssue({ code: "custom", path: ["REDIS_URL"], message: "is required when PLUME_JOB_RUNNER=bullmq (e.g. redis://127.0.0.1:6379)" });
  }
});

export class EnvironmentError extends Error {
  override name = "EnvironmentError";
  constructor(readonly problems: string[]) {
    super(`Plume cannot start: invalid environment\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

export function parseEnvironment(source: Record<string, string | undefined>): Environment {
  const result = checkedEnvironmentSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvironmentError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      const value = source[name];
      return value === undefined || value === "" ? `${name} is missing: ${issue.message}` : `${name} ${issue.message}`;
    }),
  );
}

let cached: Environment | undefined;

/** The validated environment; parsed on first use, which is boot for the server. */
export function env(): Environment {
  cached ??= parseEnvironment(process.env);
  return cached;
}
