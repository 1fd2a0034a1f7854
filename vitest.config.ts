import { defineConfig } from "vitest/config";

// Projects, so that the fast suites can run without a browser: unit (pure
// logic and faked browser APIs), contract (emulators driven by the official
// SDKs), integration (extension modules against the emulators), e2e (the
// production build in headless Chromium).
export default defineConfig({
  // Vite 8 transforms TS/TSX with oxc; JSX in the UI tests is Preact's.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        extends: true,
        test: { name: "contract", include: ["test/contract/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: "integration", include: ["test/integration/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          retry: 0,
        },
      },
    ],
  },
});
