import { createClient, type Client, type Config, type InStatement, type ResultSet, type Transaction, type TransactionMode } from "@libsql/client";

/**
 * SQLite for the embedded default: one connection per process, in WAL mode with
 * `synchronous=NORMAL` (docs/decisions/0012).
 *
 * Why not @libsql/client's own local client as it is: its `transaction()` hands its
 * connection to the transaction and opens a new one for whatever comes next, so every
 * Prisma interactive transaction opened a connection (parsing the schema again), ran
 * with SQLite's defaults instead of our pragmas, and was never closed. With the default
 * rollback journal and `synchronous=FULL`, each commit also waits on several fsyncs:
 * 16 ms per write on these machines, which made the database the bottleneck of a bulk
 * job. Prisma's libSQL adapter already serialises every statement and holds its lock
 * for a whole transaction, so one connection serves both; this client runs the
 * transaction's BEGIN/COMMIT on it and refuses a statement from outside a transaction
 * that is open (it would run inside it), instead of silently mixing them.
 *
 * WAL with synchronous=NORMAL keeps the database consistent through a crash of the
 * process or of the machine; a power cut may lose the last commits (SQLite's own
 * guarantee for this mode). Transactions begin IMMEDIATE, so a second process (the chaos
 * benchmark's parent, a CLI) waits on busy_timeout instead of failing a read-to-write
 * upgrade.
 */
export const SQLITE_PRAGMAS = ["PRAGMA busy_timeout = 5000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"] as const;

export class SqliteConnectionError extends Error {}

/**
 * libSQL runs a local statement synchronously and Prisma awaits each one, so a long chain of statements (a bulk write
 * settling 500 lines, 3,500 statements) runs in one stretch of microtasks: no timer, no socket read, no HTTP answer
 * in between — a bench saw the event loop held for 3.5 s, model answers waiting in their sockets and lease heartbeats
 * late. A chain that has run this long lets the event loop turn once before its next statement (docs/decisions/0022; 5 ms: bench:jobs 500
 * measured loop delay p50 13 ms / p99 38 ms against 22 / 58 at 20 ms, at the same CPU per product).
 */
export const SQLITE_SLICE_MS = 5;
let sliceStartedAt: number | undefined;

async function letEventLoopTurn(): Promise<void> {
  const now = performance.now();
  if (sliceStartedAt === undefined) {
    sliceStartedAt = now;
    // The next turn of the event loop ends this stretch (whoever reaches it first).
    setImmediate(() => (sliceStartedAt = undefined));
    return;
  }
  if (now - sliceStartedAt < SQLITE_SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
}

class SingleConnectionTransaction implements Transaction {
  private finished = false;

  constructor(
    private readonly owner: SingleConnectionClient,
    private readonly inner: Client,
  ) {}

  get closed(): boolean {
    return this.finished;
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    this.assertOpen();
    await letEventLoopTurn();
    this.assertOpen();
    return this.inner.execute(statement);
  }

  async batch(statements: InStatement[]): Promise<ResultSet[]> {
    this.assertOpen();
    const results: ResultSet[] = [];
    for (const statement of statements) results.push(await this.inner.execute(statement));
    return results;
  }

  async executeMultiple(sql: string): Promise<void> {
    this.assertOpen();
    await this.inner.executeMultiple(sql);
  }

  async commit(): Promise<void> {
    this.assertOpen();
    try {
      await this.inner.execute("COMMIT");
    } catch (error) {
      // Never leave the shared connection inside a transaction nobody owns: every later BEGIN would fail.
      await this.inner.execute("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      this.end();
    }
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    try {
      await this.inner.execute("ROLLBACK");
    } catch (error) {
      // SQLite may have rolled back already (an error such as SQLITE_FULL ends the transaction): nothing left to undo.
      if (!/no transaction is active/i.test(error instanceof Error ? error.message : String(error))) throw error;
    } finally {
      this.end();
    }
  }

  close(): void {
    if (this.finished) return;
    // A transaction dropped without commit or rollback is rolled back, as libSQL's own does.
    void this.inner.execute("ROLLBACK").catch(() => undefined);
    this.end();
  }

  private end() {
    this.finished = true;
    this.owner.transactionEnded(this);
  }

  private assertOpen() {
    if (this.finished) throw new SqliteConnectionError("The transaction is closed");
  }
}

class SingleConnectionClient implements Client {
  readonly protocol = "file";
  private open: SingleConnectionTransaction | undefined;
  private readonly ready: Promise<unknown>;

  constructor(private readonly inner: Client) {
    // libSQL runs a local statement synchronously when it is called: the pragmas hold before any other statement.
    this.ready = Promise.all(SQLITE_PRAGMAS.map((pragma) => inner.execute(pragma)));
  }

  get closed(): boolean {
    return this.inner.closed;
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    await this.ready;
    await letEventLoopTurn();
    this.assertNoOpenTransaction();
    return this.inner.execute(statement);
  }

  async batch(statements: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> {
    await this.ready;
    this.assertNoOpenTransaction();
    return this.inner.batch(statements, mode);
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    await this.ready;
    this.assertNoOpenTransaction();
    await this.inner.execute(mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    const transaction = new SingleConnectionTransaction(this, this.inner);
    this.open = transaction;
    return transaction;
  }

  transactionEnded(transaction: SingleConnectionTransaction) {
    if (this.open === transaction) this.open = undefined;
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.ready;
    this.assertNoOpenTransaction();
    await this.inner.executeMultiple(sql);
  }

  async sync(): Promise<void> {}

  close(): void {
    this.inner.close();
  }

  private assertNoOpenTransaction() {
    if (this.open) throw new SqliteConnectionError("a statement outside the open transaction would run inside it (statements must be serialised by the caller, as Prisma's adapter does)");
  }
}

/** A libSQL client over one local SQLite connection, for Prisma's libSQL adapter. */
export function createSqliteClient(config: Config): Client {
  return new SingleConnectionClient(createClient(config));
}
