import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configVersion } from "../../server/calendar/holiday-store.ts";
import { openDatabase, type Database } from "../../server/db.ts";
import { exportAgency, saveAgency } from "../../server/directory/admin-store.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { directoryWatcher } from "../../server/jobs/directory-watch.ts";
import { routerFor } from "../../server/routing/from-directory.ts";
import { loadHistory } from "../../server/routing/history.ts";
import { suggest } from "../../server/routing/suggest.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoStaff } from "../support/sessions.ts";

// Issue 17 §4: a directory edit takes effect on every running instance without a restart.
// Two instances over one database, each with its own router and watcher (the "directory"
// job in main.ts): an admin's new routing hint saved through instance A reaches B's
// router on B's next check. On PostgreSQL B has its own connection pool.

let database: TestDatabase;
let second: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  second = database.url ? await openDatabase({ url: database.url, migrate: false, max: 2 }) : database;
  await syncDirectory(database.db, await loadDirectory("agencies"));
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
});
afterAll(async () => {
  if (second !== database) await second.close();
  await database.close();
});

async function instance(db: Database) {
  const directory = await loadDirectory("agencies");
  const routing = routerFor(directory, await loadHistory(db.db));
  return { routing, watcher: directoryWatcher(db.db, routing, { directory, version: await configVersion(db.db, "directory") }) };
}

describe("a directory edit on one instance", () => {
  it("rebuilds the other instance's router on its next check, once", async () => {
    const a = await instance(database);
    const b = await instance(second);
    // A phrase no agency file knows: nothing routes it to MOJ's court cases yet.
    const text = { text: "مشكلة في منصة قسطاس الرقمية لا تفتح أبدا", city: "riyadh" };
    const top = (r: typeof b.routing) => suggest(r, text)[0];
    expect(top(b.routing)?.serviceCode).not.toBe("COURT_CASES");

    const file = (await exportAgency(database.db, "MOJ")) as { services: { code: string; hints: { ar: string[] } }[] };
    file.services.find((s) => s.code === "COURT_CASES")!.hints.ar.push("منصة قسطاس");
    const admin = await demoStaff(database.db, "admin");
    expect(await saveAgency(database.db, "MOJ", file, admin.id, new Date())).toEqual({ ok: true });

    expect(await b.watcher.check()).toBe(true);
    expect(top(b.routing)).toMatchObject({ agencyCode: "MOJ", serviceCode: "COURT_CASES" });
    expect(b.watcher.directory.agencies.find((x) => x.code === "MOJ")!.services.find((s) => s.code === "COURT_CASES")!.hints.ar).toContain(
      "منصة قسطاس",
    );
    // Seen once: the next check finds nothing new and leaves the router as it is.
    expect(await b.watcher.check()).toBe(false);
    // Instance A, where the admin saved, rebuilds by the same path.
    expect(await a.watcher.check()).toBe(true);
    expect(top(a.routing)).toMatchObject({ agencyCode: "MOJ", serviceCode: "COURT_CASES" });
  });
});
