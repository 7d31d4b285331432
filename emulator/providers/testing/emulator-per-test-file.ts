/**
 * Test-only: one emulator per test file, started before the tests, reset before
 * each, closed after. The handle reads through to it, so tests write `emulator.requests`.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startProviderEmulator, type ProviderEmulatorOptions, type RunningProviderEmulator } from "../server";

/** The SDK prints warnings with console.warn; tests stay quiet and assert on behaviour instead. */
export function silenceSdkWarnings(): void {
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
}

export function emulatorPerTestFile(options: ProviderEmulatorOptions = {}): RunningProviderEmulator {
  let running: RunningProviderEmulator | undefined;
  const current = (): RunningProviderEmulator => {
    if (running === undefined) throw new Error("the provider emulator is used outside a test (it starts in beforeAll)");
    return running;
  };
  beforeAll(async () => {
    silenceSdkWarnings();
    running = await startProviderEmulator(options);
  });
  afterAll(() => current().close());
  beforeEach(() => current().reset());
  return {
    get url() {
      return current().url;
    },
    get baseUrls() {
      return current().baseUrls;
    },
    get faults() {
      return current().faults;
    },
    get requests() {
      return current().requests;
    },
    get behaviour() {
      return current().behaviour;
    },
    get groundTruth() {
      return current().groundTruth;
    },
    reset: () => current().reset(),
    close: () => current().close(),
  };
}
