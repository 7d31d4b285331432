import { execSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";

export const POSTGRES_URL = process.env.PLUME_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * PostgreSQL for the data-layer tests: used if reachable, started if installed
 * but down (as on these machines), otherwise reported unavailable so the
 * caller can skip with a clear line.
 */
export async function ensurePostgres(): Promise<{ url: string } | { unavailable: string }> {
  const target = new URL(POSTGRES_URL);
  const host = target.hostname;
  const port = Number(target.port || 5432);
  if (await reachable(host, port)) return { url: POSTGRES_URL };
  if (existsSync("/etc/postgresql")) {
    try {
      for (const version of readdirSync("/etc/postgresql")) {
        execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: "ignore" });
      }
    } catch {
      // fall through to the reachability check
    }
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (await reachable(host, port)) return { url: POSTGRES_URL };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { unavailable: `PostgreSQL is not reachable at ${host}:${port} and could not be started` };
}

export const REDIS_URL = process.env.PLUME_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Redis for the scale-out tests: used if reachable, started if `redis-server` is installed but
 * down, otherwise reported unavailable so the caller can skip with a clear line.
 */
export async function ensureRedis(): Promise<{ url: string } | { unavailable: string }> {
  const target = new URL(REDIS_URL);
  const host = target.hostname;
  const port = Number(target.port || 6379);
  if (await reachable(host, port)) return { url: REDIS_URL };
  try {
    execSync(`redis-server --port ${port} --bind ${host} --daemonize yes --save "" --appendonly no`, { stdio: "ignore" });
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (await reachable(host, port)) return { url: REDIS_URL };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch {
    // not installed: reported below
  }
  return { unavailable: `Redis is not reachable at ${host}:${port} and could not be started` };
}
