/**
 * Runs the provider emulator from a terminal:
 *   tsx emulator/providers/main.ts --port 4200 [--host 127.0.0.1] [--latency-ms 300] [--rpm 60] [--tpm 100000]
 * Prints each provider's base URL and the control endpoints, and stops on Ctrl-C or SIGTERM.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { startProviderEmulator } from "./server";
import { DEFAULT_PROVIDER_KEYS, DEFAULT_PROVIDER_MODELS, DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_TOKENS_PER_MINUTE, providerIds } from "./options";

const argumentsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4200),
  host: z.string().default("127.0.0.1"),
  "latency-ms": z.coerce.number().int().min(0).default(0),
  rpm: z.coerce.number().int().positive().default(DEFAULT_REQUESTS_PER_MINUTE),
  tpm: z.coerce.number().int().positive().default(DEFAULT_TOKENS_PER_MINUTE),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string" }, host: { type: "string" }, "latency-ms": { type: "string" }, rpm: { type: "string" }, tpm: { type: "string" } },
    strict: true,
  });
  const settings = argumentsSchema.parse(values);
  const emulator = await startProviderEmulator({
    host: settings.host,
    port: settings.port,
    latencyMs: settings["latency-ms"],
    rateLimit: { requestsPerMinute: settings.rpm, tokensPerMinute: settings.tpm },
  });

  const lines = [`Plume provider emulator listening on ${emulator.url}`, ""];
  for (const provider of providerIds) {
    const key = provider === "ollama" ? "(any key)" : (DEFAULT_PROVIDER_KEYS[provider][0] ?? "");
    lines.push(`  ${provider.padEnd(11)} ${emulator.baseUrls[provider].padEnd(48)} key ${key}  models ${DEFAULT_PROVIDER_MODELS[provider].slice(0, 3).join(", ")}…`);
  }
  lines.push(
    "",
    `  control     ${emulator.url}/__emulator/healthz | /requests | /faults (GET, POST, DELETE) | /reset (POST)`,
    `  e.g. curl -X POST ${emulator.url}/__emulator/faults -d '{"provider":"anthropic","kind":"overloaded","times":2}'`,
    "",
  );
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the provider emulator\n`);
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`provider emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
