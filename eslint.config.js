// The linter's job here is mostly the architecture's import boundaries (docs/architecture.md):
// the recommended rule sets catch slips, the boundary blocks keep SQL in the stores and keep
// the pure decision modules free of I/O.
//
// Why the built-in no-restricted-imports and not eslint-plugin-import-x/no-restricted-paths:
// every import in this code base is relative and names its file with the extension
// ("../../schema/index.ts", "../db.ts"), so matching the written specifier is exact enough,
// needs no module resolver (import-x would need a TypeScript resolver for the .ts specifiers)
// and costs nothing per file. The price: a pattern cannot tell two files with the same name
// apart, so "**/db.ts" would also match a future db.ts elsewhere; keep those names unique.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** SQL and the database: only the stores (and the app factory / CLIs) talk to these. */
const DATABASE = [
  { group: ["drizzle-orm", "drizzle-orm/*"], message: "SQL belongs in the capability's store.ts (docs/architecture.md)." },
  { group: ["postgres", "@electric-sql/pglite", "@electric-sql/pglite/*"], message: "Database drivers are opened by server/db.ts only." },
  { group: ["**/schema", "**/schema/**"], message: "Tables are read and written in the capability's store.ts (docs/architecture.md)." },
  {
    group: ["**/server/db.ts", "../db.ts", "../../db.ts", "../../../db.ts", "./db.ts"],
    message: "Get the store from the use case; the Db handle stays below the doors.",
  },
];

/** Pure decision modules also stay away from HTTP, files and every store. */
const IMPURE = [
  ...DATABASE,
  { group: ["hono", "hono/*", "@hono/*"], message: "Pure rules know nothing of HTTP: take plain facts, return a decision." },
  { group: ["node:fs", "node:fs/*", "fs", "fs/*"], message: "Pure rules read no files: the caller loads and passes the data." },
  { group: ["**/store.ts"], message: "Pure rules take loaded facts; the use case calls the store." },
];

/**
 * Pure decision modules, by name today and by convention for the new ones: any
 * server/<capability>/effects.ts or decide.ts is pure (load → decide → persist: this is "decide").
 */
const PURE_MODULES = [
  "server/complaints/lifecycle.ts",
  "server/sla/rules.ts",
  "server/calendar/working-days.ts",
  "server/routing/suggest.ts",
  "server/policy.ts",
  "server/reports/eligibility.ts",
  "server/kpi/disclose.ts",
  "server/kpi/first-response.ts",
  "server/complaints/channels.ts",
  "server/directory/agency-form.ts",
  "server/directory/audit-diff.ts",
  "server/webhooks/target.ts",
  "server/webhooks/signature.ts",
  "server/webhooks/events.ts",
  "server/**/effects.ts",
  "server/**/decide.ts",
];

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "test-results/", "screenshots/", "schema/migrations/", "dist/", ".build-test/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are the code base's way of saying "unused on purpose".
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests poke at JSON bodies and private shapes; typing every probe would add noise, not safety.
    files: ["test/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["views/static/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  // The thin doors (web handlers, tRPC procedures, views) never touch the database.
  {
    files: ["server/web/**", "server/api/**", "views/**"],
    rules: { "no-restricted-imports": ["error", { patterns: DATABASE }] },
  },
  {
    files: PURE_MODULES,
    rules: { "no-restricted-imports": ["error", { patterns: IMPURE }] },
  },
);
