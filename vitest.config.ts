import { defineConfig } from "vitest/config";

// `npm test` runs unit + integration (PGlite, or PostgreSQL when DATABASE_URL is set);
// the fault project needs PostgreSQL, the browser project Chromium; CI runs them after both.
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
        // Real hub processes, sockets and a real PostgreSQL (DATABASE_URL): kill -9, a cut
        // database, mail and SMS outages, and the socket fuzz. One file at a time: each starts
        // its own processes.
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
