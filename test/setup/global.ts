import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TEST_ENVIRONMENT } from "../support/environment";

/**
 * Runs once before all test files: a fresh SQLite database, migrated, and the
 * environment the app reads at boot. Workers inherit process.env.
 */
export default async function setup() {
  const directory = mkdtempSync(path.join(tmpdir(), "plume-test-"));
  const databaseUrl = `file:${path.join(directory, "test.sqlite")}`;
  Object.assign(process.env, TEST_ENVIRONMENT, { DATABASE_URL: databaseUrl });
  const { migrate, generateClients } = await import("../../scripts/db.mjs");
  generateClients();
  await migrate(databaseUrl);
  // Browser tests start the demo, which serves the production build: build it
  // once here, so parallel test files never rebuild build/ under each other.
  const { execFileSync } = await import("node:child_process");
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../../node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    stdio: "ignore",
    // The demo serves a production build; vitest's NODE_ENV=test would build React's development bundle.
    env: { ...process.env, NODE_ENV: "production" },
  });
  process.env.PLUME_DEMO_PREBUILT = "1";
  return () => rmSync(directory, { recursive: true, force: true });
}
