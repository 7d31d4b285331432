/** The command-line entry: prints base URLs, serves, and stops cleanly on SIGTERM. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("tsx emulator/providers/main.ts", () => {
  it("prints every base URL, answers, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--latency-ms", "5"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const started = Date.now();
      while (!output.includes("/__emulator/healthz") && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      for (const path of ["/openai/v1", "/anthropic/v1", "/gemini/v1beta", "/mistral/v1", "/ollama", "/compatible/v1"]) expect(output).toContain(`${url}${path}`);
      const health = await fetch(`${url}/__emulator/healthz`);
      expect(await health.json()).toEqual({ status: "ok" });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("SIGTERM: stopping the provider emulator");
  });
});
