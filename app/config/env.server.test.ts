import { describe, expect, it } from "vitest";
import { EnvironmentError, parseEnvironment } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://plume.example",
  SCOPES: "read_products, write_products",
  DATABASE_URL: "file:./dev.sqlite",
  PLUME_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnvironment(source);
  } catch (error) {
    if (error instanceof EnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment", () => {
  it("parses a complete environment", () => {
    const environment = parseEnvironment(valid);
    expect(environment.SCOPES).toEqual(["read_products", "write_products"]);
    expect(environment.LOG_LEVEL).toBe("info");
  });

  it("names each missing variable", () => {
    const found = problems({ ...valid, SHOPIFY_API_SECRET: undefined, DATABASE_URL: "" });
    expect(found.some((problem) => problem.startsWith("SHOPIFY_API_SECRET is missing"))).toBe(true);
    expect(found.some((problem) => problem.startsWith("DATABASE_URL"))).toBe(true);
  });

  it("names a malformed variable", () => {
    expect(problems({ ...valid, SHOPIFY_APP_URL: "not a url" })[0]).toMatch(/^SHOPIFY_APP_URL /);
    expect(problems({ ...valid, DATABASE_URL: "mysql://x" })[0]).toMatch(/^DATABASE_URL must be/);
    expect(problems({ ...valid, PLUME_ENCRYPTION_KEY: "c2hvcnQ=" })[0]).toMatch(/^PLUME_ENCRYPTION_KEY must be 32 bytes/);
  });

  it("scale-out: bullmq needs REDIS_URL, and says so", () => {
    expect(problems({ ...valid, PLUME_JOB_RUNNER: "bullmq" })).toEqual([expect.stringMatching(/^REDIS_URL is missing: is required when PLUME_JOB_RUNNER=bullmq/)]);
    expect(problems({ ...valid, PLUME_JOB_RUNNER: "bullmq", REDIS_URL: "http://127.0.0.1:6379" })[0]).toMatch(/^REDIS_URL must be a redis:\/\//);
    expect(parseEnvironment({ ...valid, PLUME_JOB_RUNNER: "bullmq", REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(problems({ ...valid, PLUME_JOB_RUNNER: "kafka" })[0]).toMatch(/^PLUME_JOB_RUNNER /);
  });
});
