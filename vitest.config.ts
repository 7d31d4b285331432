import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "extensions/**/*.test.{ts,tsx}", "emulator/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 60_000,
    // Browser tests poll the UI; under a loaded CI machine one second is too tight.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    hookTimeout: 120_000,
    globalSetup: ["test/setup/global.ts"],
    setupFiles: ["test/setup/fail-on-console-error.ts"],
    // The extension tester imports the extension's module itself: inlined, that import goes
    // through Vite (TSX, the Preact JSX pragma) instead of Node's loader.
    server: { deps: { inline: ["@shopify/ui-extensions-tester"] } },
  },
});
