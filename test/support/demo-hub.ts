import type { AppDeps } from "../../server/app-env.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import type { TestDatabase } from "./db.ts";
import { testApp } from "./app.ts";
import { seedRegistry } from "./registry.ts";

/**
 * The app on the real agency directory (with its router), the test civil registry and
 * the demo staff accounts: what the portal tests start from.
 */
export async function demoHub(database: TestDatabase, overrides: Partial<AppDeps> = {}) {
  await seedRegistry(database.db);
  const directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  const h = testApp(database, { routing: buildIndex(routableServices(directory)), ...overrides });
  await seedDemo(database.db, h.deps.secretBox);
  return h;
}
