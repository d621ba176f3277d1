import { defineConfig } from "vitest/config";

// Three projects: `npm test` runs unit + integration (PGlite, or PostgreSQL when
// DATABASE_URL is set); the browser project needs Chromium and runs in CI after both.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "hono/jsx" } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], benchmark: { include: [] } },
      },
      {
        extends: true,
        test: {
          name: "integration",
          benchmark: { include: [] },
          include: ["test/integration/**/*.test.{ts,tsx}"],
          // A budget, not a target: a hook that migrates a fresh database or seeds the demo
          // hub can take a minute on a busy 2-core machine. Tests that start processes set
          // their own longer timeout (SLOW_TEST_TIMEOUT in test/support/server-process.ts).
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Faults and attacks over real sockets and processes (issue 13 item 5): run by
        // .ci/run on PostgreSQL, and on PGlite when DATABASE_URL is unset.
        extends: true,
        test: {
          name: "fault",
          benchmark: { include: [] },
          include: ["test/fault/**/*.test.{ts,tsx}"],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          benchmark: { include: [] },
          include: ["test/browser/**/*.test.{ts,tsx}"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run bench` only: the benchmarks compare hot paths within one run.
        extends: true,
        test: { name: "bench", include: [], benchmark: { include: ["bench/**/*.bench.ts"] } },
      },
    ],
  },
});
