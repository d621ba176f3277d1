import type { Db } from "../db.ts";
import { configVersion } from "../calendar/holiday-store.ts";
import { directoryFromDb } from "../directory/admin-store.ts";
import { forgetDirectoryFacts } from "../directory/facts.ts";
import type { Directory } from "../directory/load.ts";
import { routerFor } from "../routing/from-directory.ts";
import { harvestDecisions, loadHistory } from "../routing/history.ts";
import { replaceIndex, type RoutingIndex } from "../routing/suggest.ts";

/**
 * What keeps one instance's router and directory facts in step with the database: an
 * admin edit on ANY instance bumps the "directory" version, and each instance's watcher
 * sees the new version on its next check (the 10 s "directory" job in main.ts), reads
 * the directory back and rebuilds its router in place. Kept out of main.ts so a test can
 * run two instances' watchers against one database.
 */
export function directoryWatcher(db: Db, routing: RoutingIndex, start: { directory: Directory; version: number }) {
  let version = start.version;
  let current = start.directory;
  const rebuild = async () => replaceIndex(routing, routerFor(current, await loadHistory(db)));
  return {
    get directory(): Directory {
      return current;
    },
    /** True when another edit was seen and the router rebuilt. */
    async check(): Promise<boolean> {
      const v = await configVersion(db, "directory");
      if (v === version) return false;
      // The intake's facts and the pages' names are read again too (facts.ts, names.ts).
      forgetDirectoryFacts(db);
      current = await directoryFromDb(db);
      await rebuild();
      version = v;
      return true;
    },
    /** Learns the agencies' latest decisions (harvest is idempotent) and rebuilds. */
    async learn(): Promise<{ harvested: number; examples: number }> {
      const harvested = await harvestDecisions(db);
      await rebuild();
      return { harvested, examples: routing.historySize };
    },
  };
}
