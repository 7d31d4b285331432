import { spawn } from "node:child_process";
import path from "node:path";
import { listenStarting } from "./demo/starting";

// `npm run demo`: the seeded emulator, the app and the admin-like frame on PORT (default 3000).
// The port opens first and answers 503 + Retry-After while setup (Prisma clients, migrations)
// and the build run, so a browser opened early waits on a page that reloads itself.
const port = Number(process.env.PORT ?? 3000);
const started = Date.now();
const listener = await listenStarting(port, process.env.HOST ?? "127.0.0.1");
console.log(`demo: starting on ${listener.url}/ (answers 503 until ready)`);
// In a child process, so this one keeps answering while it runs. PLUME_DEMO_PREBUILT=1
// (the test suite's global setup) means setup and build have been done already.
if (process.env.PLUME_DEMO_PREBUILT !== "1") {
  const setup = spawn(process.execPath, [path.join(import.meta.dirname, "setup.mjs")], { stdio: "inherit" });
  const setupCode = await new Promise<number | null>((resolve) => setup.on("exit", resolve));
  if (setupCode !== 0) {
    console.error(`demo: setup failed (exit ${setupCode})`);
    process.exit(1);
  }
}
// Imported after setup: the app's modules need the Prisma clients it generates.
const { startDemo } = await import("./demo/server");
const demo = await startDemo({ listener, log: (line) => console.log(`demo: ${line}`) });
console.log(`\nPlume demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${demo.url}/  (Ctrl-C to stop)\n`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`demo: ${signal}, stopping`);
  await demo.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
