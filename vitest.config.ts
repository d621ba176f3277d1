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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          benchmark: { include: [] },
          include: ["test/browser/**/*.test.{ts,tsx}"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
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
