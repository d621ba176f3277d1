import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { DirectoryError, loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { listAgencies } from "../../server/directory/queries.ts";
import { agencies, services } from "../../schema/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { sampleFiles, writeDirectory } from "../support/directory-fixture.ts";

async function loadError(files: Record<string, unknown>): Promise<DirectoryError> {
  const err = await loadDirectory(await writeDirectory(files)).catch((e) => e);
  expect(err).toBeInstanceOf(DirectoryError);
  return err as DirectoryError;
}

describe("agency directory files", () => {
  it("a service states only what differs: defaults come from the agency, then from the hub", async () => {
    const d = await loadDirectory(await writeDirectory(sampleFiles()));
    const roads = d.agencies.find((a) => a.code === "ROADS")!;
    const potholes = roads.services.find((s) => s.code === "POTHOLES")!;
    expect(potholes.sla).toEqual({ complaint: 4, inquiry: 2, suggestion: 5, praise: 3, report: 1 });
    expect(potholes.escalationHours).toEqual([24, 12, 12]);
    expect(potholes.kinds).toEqual(["complaint", "inquiry", "suggestion", "praise", "report"]);
    const lights = roads.services.find((s) => s.code === "LIGHTS")!;
    expect(lights.sla.complaint).toBe(2);
    expect(lights.kinds).toEqual(["complaint", "report"]);
  });

  it("a malformed field is reported with the file and the field", async () => {
    const files = sampleFiles();
    (files["ROADS.json"] as any).services[1].sla.complaint = "three";
    const err = await loadError(files);
    expect(err.issues).toContainEqual(expect.objectContaining({ path: "services[1].sla.complaint" }));
    expect(err.message).toMatch(/ROADS\.json: services\[1\]\.sla\.complaint: /);
  });

  it("every problem in every file is reported at once", async () => {
    const files = sampleFiles();
    delete (files["ROADS.json"] as any).name;
    (files["LOCAL.json"] as any).coverage = { cities: ["atlantis"] };
    files["BROKEN.json"] = "{ not json";
    const err = await loadError(files);
    const where = err.issues.map((i) => `${i.file.split("/").pop()}:${i.path}`);
    expect(where).toEqual(expect.arrayContaining(["ROADS.json:name", "LOCAL.json:coverage.cities[0]", "BROKEN.json:"]));
  });

  it("refuses duplicate service codes, unknown parents and a code that does not match the file name", async () => {
    const files = sampleFiles();
    (files["ROADS.json"] as any).services[1].code = "POTHOLES";
    (files["LOCAL.json"] as any).parent = "NOPE";
    files["OTHER.json"] = { ...(files["LOCAL.json"] as object), code: "LOCAL2", parent: undefined };
    const err = await loadError(files);
    expect(err.message).toMatch(/ROADS\.json: services\[1\]\.code: duplicate service code POTHOLES/);
    expect(err.message).toMatch(/LOCAL\.json: parent: unknown parent agency "NOPE"/);
    expect(err.message).toMatch(/OTHER\.json: code: must match the file name \(OTHER\)/);
  });

  it("rejects unknown fields so a typo does not silently fall back to a default", async () => {
    const files = sampleFiles();
    (files["ROADS.json"] as any).services[0].slaa = { complaint: 1 };
    const err = await loadError(files);
    expect(err.message).toMatch(/ROADS\.json: services\[0\]: .*slaa/);
  });

  it("the shipped sample directory is valid and has the seeds' agencies", async () => {
    const d = await loadDirectory("agencies");
    const codes = d.agencies.map((a) => a.code);
    for (const code of [
      "MOMAH",
      "BURAIMI",
      "MCIT",
      "CST",
      "SAMA",
      "IA",
      "MOJ",
      "MOI",
      "PSD",
      "WATER",
      "MOH",
      "MOE",
      "HRSD",
      "SPL",
      "ELEC",
      "DGA",
    ]) {
      expect(codes).toContain(code);
    }
    expect(d.agencies.find((a) => a.code === "MOMAH")!.services.length).toBeGreaterThanOrEqual(10);
    expect(d.agencies.find((a) => a.code === "PSD")!.parent).toBe("MOI");
    expect(d.agencies.find((a) => a.code === "BURAIMI")!.coverage).not.toBe("national");
  });
});

describe("directory in the database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it("start-up inserts, then updates by code, and a removed service is kept but inactive", async () => {
    const files = sampleFiles();
    await syncDirectory(database.db, await loadDirectory(await writeDirectory(files)));
    let listed = await listAgencies(database.db);
    expect(listed.map((a) => a.code)).toEqual(["LOCAL", "ROADS"]);

    const roads = files["ROADS.json"] as any;
    roads.name.en = "National Roads Authority";
    roads.services = roads.services.filter((s: any) => s.code !== "LIGHTS");
    const result = await syncDirectory(database.db, await loadDirectory(await writeDirectory(files)));
    expect(result.deactivatedServices).toBe(1);

    const [row] = await database.db.select().from(agencies).where(eq(agencies.code, "ROADS"));
    expect(row!.nameEn).toBe("National Roads Authority");
    const lights = await database.db.select().from(services).where(eq(services.code, "LIGHTS"));
    expect(lights).toHaveLength(1);
    expect(lights[0]!.active).toBe(false);
    listed = await listAgencies(database.db);
    expect(listed.find((a) => a.code === "ROADS")!.services.map((s) => s.code)).toEqual(["POTHOLES"]);

    // The file brings the service back: same row, active again.
    await syncDirectory(database.db, await loadDirectory(await writeDirectory(sampleFiles())));
    const back = await database.db.select().from(services).where(eq(services.code, "LIGHTS"));
    expect(back).toHaveLength(1);
    expect(back[0]!.id).toBe(lights[0]!.id);
    expect(back[0]!.active).toBe(true);
  });

  it("an agency whose file is removed stays in the database, inactive, with its services", async () => {
    const files = sampleFiles();
    await syncDirectory(database.db, await loadDirectory(await writeDirectory(files)));
    delete files["LOCAL.json"];
    await syncDirectory(database.db, await loadDirectory(await writeDirectory(files)));
    const [local] = await database.db.select().from(agencies).where(eq(agencies.code, "LOCAL"));
    expect(local!.active).toBe(false);
    const clean = await database.db.select().from(services).where(eq(services.agencyCode, "LOCAL"));
    expect(clean.map((s) => s.active)).toEqual([false]);
    expect((await listAgencies(database.db)).map((a) => a.code)).toEqual(["ROADS"]);
  });
});
