import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshSqlite, type TestDatabase } from "../../test/support/databases";
import { createSqliteClient } from "./sqlite-connection.server";

describe("the one-connection SQLite client", () => {
  const url = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-sqlite-client-")), "db.sqlite")}`;

  it("opens in WAL mode with synchronous=NORMAL and a busy timeout, and keeps them inside transactions", async () => {
    const client = createSqliteClient({ url: url() });
    const first = async (sql: string) => Object.values((await client.execute(sql)).rows[0] ?? {})[0];
    expect(await first("PRAGMA journal_mode")).toBe("wal");
    expect(await first("PRAGMA synchronous")).toBe(1); // NORMAL
    expect(await first("PRAGMA busy_timeout")).toBe(5000);
    const transaction = await client.transaction("write");
    // the same connection: libSQL's own client would have handed the transaction a fresh one with SQLite's defaults
    expect(Object.values((await transaction.execute("PRAGMA synchronous")).rows[0] ?? {})[0]).toBe(1);
    await transaction.commit();
    client.close();
  });

  it("commits and rolls back on the one connection, and refuses a statement from outside an open transaction", async () => {
    const client = createSqliteClient({ url: url() });
    await client.execute("CREATE TABLE t (v TEXT)");
    const kept = await client.transaction("write");
    await kept.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: ["kept"] });
    await expect(client.execute("SELECT count(*) FROM t")).rejects.toThrow(/outside the open transaction/);
    await kept.commit();
    expect(kept.closed).toBe(true);
    await expect(kept.execute("SELECT 1")).rejects.toThrow(/closed/);
    const dropped = await client.transaction("write");
    await dropped.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: ["dropped"] });
    await dropped.rollback();
    const abandoned = await client.transaction("write");
    await abandoned.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: ["abandoned"] });
    abandoned.close();
    expect((await client.execute("SELECT v FROM t")).rows.map((row) => row.v)).toEqual(["kept"]);
    client.close();
  });

  it("lets the event loop turn during a long chain of statements, inside a transaction too (timers and sockets are not held up)", async () => {
    const client = createSqliteClient({ url: url() });
    await client.execute("CREATE TABLE t (v INTEGER)");
    // A timer due at once, and a chain of statements each awaited (as Prisma runs them) for 200 ms, ten slices.
    let timerRanAfter: number | undefined;
    let done = 0;
    setTimeout(() => (timerRanAfter = done), 0);
    const transaction = await client.transaction("write");
    const started = performance.now();
    while (performance.now() - started < 200) {
      await transaction.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: [done] });
      done += 1;
    }
    await transaction.commit();
    // libSQL answers synchronously: without the turns, the timer would run only once the whole chain had ended.
    expect(timerRanAfter).toBeDefined();
    expect(timerRanAfter!).toBeLessThan(done);
    client.close();
  });

  describe("under Prisma", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await freshSqlite();
    });
    afterAll(async () => db.close());

    it("serialises interactive transactions and plain queries issued at once, losing and mixing nothing", async () => {
      const { database } = db;
      const shop = "serial.myshopify.com";
      // 20 interactive transactions (each reads, then writes) and 20 plain writes, all started together
      await Promise.all([
        ...Array.from({ length: 20 }, (_, index) =>
          database.$transaction(async (tx) => {
            const before = await tx.catalogSync.findUnique({ where: { shop } });
            await tx.catalogSync.upsert({ where: { shop }, create: { shop, status: "running", productCount: 1, startedAt: new Date() }, update: { productCount: (before?.productCount ?? 0) + 1 } });
            if (index % 5 === 4) throw new Error("rolled back on purpose");
          }).catch((error: unknown) => {
            if (!(error instanceof Error) || error.message !== "rolled back on purpose") throw error;
          }),
        ),
        ...Array.from({ length: 20 }, (_, index) => database.proposal.create({ data: { shop, productId: `gid://shopify/Product/${index}`, field: "seoTitle", locale: "en", value: `t${index}`, warnings: "[]", backendId: "templates", modelId: "default" } })),
      ]);
      // every read-then-write saw the one before it: 16 committed, 4 rolled back
      expect((await database.catalogSync.findUniqueOrThrow({ where: { shop } })).productCount).toBe(16);
      expect(await database.proposal.count({ where: { shop } })).toBe(20);
    });
  });
});
