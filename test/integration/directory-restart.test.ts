import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agencies, calendarChanges, cities, services } from "../../schema/index.ts";
import { loadDirectory, type Directory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { directoryFromDb, exportAgency, saveAgency, saveCitiesJson, exportCities } from "../../server/directory/admin-store.ts";
import { routerFor } from "../../server/routing/from-directory.ts";
import { suggest } from "../../server/routing/suggest.ts";
import { agencyCalendar, saveAgencyCalendar } from "../../server/calendar/holiday-store.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

// Issue 17 §4: "the files remain the seed of a new deployment". Every start syncs the
// files (server/main.ts); an edit made in the admin pages must survive that restart,
// while agencies nobody touched in the portal still follow their files.

let database: TestDatabase;
let files: Directory;
const now = new Date("2026-11-19T09:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  files = await loadDirectory("agencies");
  await syncDirectory(database.db, files);
});
afterAll(async () => {
  await database?.close();
});

const slaOf = async (agency: string, code: string) =>
  (await database.db.select().from(services).where(eq(services.agencyCode, agency))).find((s) => s.code === code)!.slaDays;

describe("a restart after edits in the admin pages", () => {
  it("keeps the portal's agency, calendar and cities, applies the files to the rest, and re-plans nothing", async () => {
    const db = database.db;
    // An admin changes one service's SLA at MOH...
    const moh = (await exportAgency(db, "MOH")) as { services: { code: string; sla: Record<string, number> }[] };
    const svc = moh.services[0]!;
    const before = svc.sla.complaint!;
    svc.sla = { ...svc.sla, complaint: before + 7 };
    expect(await saveAgency(db, "MOH", moh, "00000000-0000-0000-0000-000000000001", now)).toEqual({ ok: true });
    // ...MOE's calendar...
    const moeBefore = (await agencyCalendar(db, "MOE"))!.calendar;
    const moeCalendar = { weekend: ["fri"], workingHours: { start: "08:00", end: "15:00" } };
    await saveAgencyCalendar(db, "MOE", moeCalendar, moeBefore, "00000000-0000-0000-0000-000000000001", now);
    // ...and the cities: one renamed, one added that no file names.
    const list = await exportCities(db);
    list[0] = { ...list[0]!, name: { ...list[0]!.name, en: `${list[0]!.name.en} (renamed)` } };
    list.push({ code: "new-town", name: { ar: "المدينة الجديدة", en: "New Town" }, region: list[0]!.region, country: "SA" });
    expect(await saveCitiesJson(db, JSON.stringify(list), "00000000-0000-0000-0000-000000000001", now)).toEqual({ ok: true });
    const changesBefore = (await db.select().from(calendarChanges)).length;

    // The next deployment's files also rename an agency nobody edited in the portal.
    const edited: Directory = {
      ...files,
      agencies: files.agencies.map((a) =>
        a.code === "MOI" ? { ...a, name: { ...a.name, en: "Ministry of Interior (from the file)" } } : a,
      ),
    };
    const result = await syncDirectory(db, edited);

    expect(result.keptFromPortal.sort()).toEqual(["MOE", "MOH"]);
    expect((await slaOf("MOH", svc.code)) as Record<string, number>).toMatchObject({ complaint: before + 7 });
    expect((await agencyCalendar(db, "MOE"))!.calendar).toEqual(moeCalendar);
    const [renamed] = await db.select().from(cities).where(eq(cities.code, list[0]!.code));
    expect(renamed!.nameEn).toMatch(/\(renamed\)$/);
    const [added] = await db.select().from(cities).where(eq(cities.code, "new-town"));
    expect(added!.active).toBe(true);
    // No deadline is re-planned (a reverted calendar would tell citizens their dates moved).
    expect((await db.select().from(calendarChanges)).slice(changesBefore).map((c) => c.scope)).toEqual([]);
    // The untouched agency follows its file.
    const [moi] = await db.select().from(agencies).where(eq(agencies.code, "MOI"));
    expect(moi!.nameEn).toBe("Ministry of Interior (from the file)");
    expect(moi!.active).toBe(true);
  });
});

describe("a city's localities (the router's gazetteer)", () => {
  it("are stored from the files, read back with the directory, and kept through the cities page", async () => {
    const db = database.db;
    const fromDb = await directoryFromDb(db);
    const buraimi = fromDb.cities.find((c) => c.code === "albureimi")!;
    expect(buraimi.localities).toEqual([{ ar: "حماسة", en: "Hamasa" }]);
    // The router rebuilt from the database (every instance's watcher does) reads the town.
    const [s] = suggest(routerFor(fromDb), { text: "في حماسة الشارع فيه حفرة كبيرة", city: null });
    expect(s!.agencyCode).toBe("BURAIMI");
    // An admin adds a district through the cities page: it is saved, and a city without any still has none.
    const list = await exportCities(db);
    const i = list.findIndex((c) => c.code === "mahdah");
    list[i] = { ...list[i]!, localities: [{ ar: "حي تجريبي", en: "Test District" }] };
    expect(await saveCitiesJson(db, JSON.stringify(list), "00000000-0000-0000-0000-000000000001", now)).toEqual({ ok: true });
    const again = await exportCities(db);
    expect(again.find((c) => c.code === "mahdah")!.localities).toEqual([{ ar: "حي تجريبي", en: "Test District" }]);
    expect(again.find((c) => c.code === "riyadh")!.localities).toBeUndefined();
  });
});
