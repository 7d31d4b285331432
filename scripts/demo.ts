import { startDemo } from "./demo/server";

// `npm run demo`: the seeded emulator, the app and the admin-like frame on PORT (default 3000).
const port = Number(process.env.PORT ?? 3000);
const started = Date.now();
const demo = await startDemo({ port, host: process.env.HOST ?? "127.0.0.1", log: (line) => console.log(`demo: ${line}`) });
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
