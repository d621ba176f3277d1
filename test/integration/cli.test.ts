import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../server/cli-run.ts";
import { openDatabase } from "../../server/db.ts";
import { loadCalendar } from "../../server/calendar/holiday-store.ts";
import { addWorkingDays, isWorkingDay } from "../../server/calendar/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { sampleFiles, writeDirectory } from "../support/directory-fixture.ts";
import { SLOW_TEST_TIMEOUT } from "../support/server-process.ts";

function io(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env }, out, err };
}

describe("npm run hub -- directory check", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("passes on the shipped directory", async () => {
    const r = io({});
    expect(await runCli(["directory", "check", "--dir", "agencies"], r.io)).toBe(0);
    expect(r.out.join("\n")).toMatch(/^OK: \d+ agencies, \d+ services, \d+ cities/);
  });

  it("exits non-zero naming the file and field of a malformed agency file", async () => {
    const files = sampleFiles();
    (files["LOCAL.json"] as any).services[0].jurisdictionDays = -1;
    const dir = await writeDirectory(files);
    const r = io({ AGENCIES_DIR: dir });
    expect(await runCli(["directory", "check"], r.io)).toBe(1);
    expect(r.err.join("\n")).toMatch(/LOCAL\.json: services\[0\]\.jurisdictionDays: /);
  });

  it("explains usage for an unknown command", async () => {
    const r = io({});
    expect(await runCli(["directory", "fix"], r.io)).toBe(2);
    expect(r.err.join("\n")).toContain("directory check");
  });
});

describe("npm run hub -- holidays", { timeout: SLOW_TEST_TIMEOUT }, () => {
  let database: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hub-cli-"));
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      env = { DATABASE_URL: database.url!, DATA_DIR: dataDir, HUB_SECRET: "test-secret-".padEnd(40, "x") };
    } else {
      env = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  it("imports an ICS file, adds and removes a holiday by hand, and the calendar uses them", async () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Hub test//EN",
      "BEGIN:VEVENT",
      "UID:1@hub.example",
      "DTSTART;VALUE=DATE:20261124",
      "DTEND;VALUE=DATE:20261126",
      "SUMMARY:National unit closure",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const file = join(env.DATA_DIR!, "closure.ics");
    await writeFile(file, ics);

    let r = io(env);
    expect(await runCli(["holidays", "import", file], r.io)).toBe(0);
    expect(r.out.join("\n")).toMatch(/Imported 2 holiday date\(s\)/);
    // Importing the same file twice changes nothing.
    expect(await runCli(["holidays", "import", file], io(env).io)).toBe(0);

    r = io(env);
    expect(await runCli(["holidays", "add", "2026-12-01", "--en", "Extra day", "--ar", "يوم إضافي"], r.io)).toBe(0);

    r = io(env);
    expect(await runCli(["holidays", "list", "--year", "2026"], r.io)).toBe(0);
    const listing = r.out.join("\n");
    expect(listing).toMatch(/2026-11-24\s+ics/);
    expect(listing).toMatch(/2026-11-25\s+ics/);
    expect(listing).toMatch(/2026-12-01\s+manual\s+يوم إضافي \/ Extra day/);

    const db = database ?? (await openDatabase({ dataDir: env.DATA_DIR }));
    try {
      const cal = await loadCalendar(
        db.db,
        { timeZone: "Asia/Riyadh", weekend: [5, 6], holidayCountry: "SA" },
        new Date("2026-11-19T12:00:00Z"),
      );
      expect(isWorkingDay(cal, "2026-11-24")).toBe(false);
      expect(isWorkingDay(cal, "2026-12-01")).toBe(false);
      // Thursday 19th + 3 working days: Sun 22, Mon 23, then the closure (Tue 24, Wed 25) skips to Thu 26.
      expect(addWorkingDays(cal, new Date("2026-11-19T12:00:00+03:00"), 3).toISOString()).toBe("2026-11-26T21:00:00.000Z");
    } finally {
      if (!database) await db.close();
    }

    r = io(env);
    expect(await runCli(["holidays", "remove", "2026-12-01"], r.io)).toBe(0);
    r = io(env);
    expect(await runCli(["holidays", "remove", "2026-12-01"], r.io)).toBe(1);
    expect(r.err.join("\n")).toContain("No holiday added by hand on 2026-12-01");
  });

  it("refuses a bad date or a file that is not an ICS calendar with a clear message", async () => {
    let r = io(env);
    expect(await runCli(["holidays", "add", "2026-02-30"], r.io)).toBe(2);
    expect(r.err.join("\n")).toContain('"2026-02-30" is not a date');
    const bad = join(env.DATA_DIR!, "bad.ics");
    await writeFile(bad, "this is not a calendar");
    r = io(env);
    expect(await runCli(["holidays", "import", bad], r.io)).toBe(1);
    expect(r.err.join("\n")).toContain("bad.ics: ");
    r = io(env);
    expect(await runCli(["holidays", "import", join(env.DATA_DIR!, "missing.ics")], r.io)).toBe(1);
    expect(r.err.join("\n")).toContain("no such file");
  });
});

describe("the embedded database", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("refuses a second process while the hub holds it, instead of corrupting it", async () => {
    if (process.env.DATABASE_URL) return; // PostgreSQL serves many processes; nothing to refuse.
    const dataDir = await mkdtemp(join(tmpdir(), "hub-lock-"));
    const held = await openDatabase({ dataDir });
    try {
      // Pretend another live process owns the lock: the parent of this test process.
      const { writeFile: write } = await import("node:fs/promises");
      await write(join(dataDir, "pglite", "hub.lock"), String(process.ppid));
      const r = io({ DATA_DIR: dataDir });
      expect(await runCli(["holidays", "list", "--year", "2026"], r.io)).toBe(1);
      expect(r.err.join("\n")).toMatch(/in use by process \d+ \(is the hub running\?\)/);
    } finally {
      await held.close();
    }
    // Closed: the lock is gone and the next process opens it.
    const again = await openDatabase({ dataDir });
    await again.close();
  });
});

describe("npm run hub -- staff / registry / demo", { timeout: SLOW_TEST_TIMEOUT }, () => {
  let database: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hub-cli-staff-"));
    const agencies = await writeDirectory(sampleFiles());
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      env = {
        DATABASE_URL: database.url!,
        DATA_DIR: dataDir,
        AGENCIES_DIR: agencies,
        HUB_SECRET: "test-secret-".padEnd(40, "x"),
        PUBLIC_URL: "https://hub.example",
      };
    } else {
      env = { DATA_DIR: dataDir, AGENCIES_DIR: agencies, PUBLIC_URL: "https://hub.example" };
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  it("staff create prints a one-time set-password link; an unknown agency is a clear error", async () => {
    let r = io(env);
    expect(
      await runCli(
        ["staff", "create", "--email", "officer@roads.example", "--name", "Officer", "--role", "liaison", "--agency", "ROADS"],
        r.io,
      ),
    ).toBe(0);
    expect(r.out.join("\n")).toMatch(/https:\/\/hub\.example\/staff\/set-password\/[a-z2-7]{48}/);
    r = io(env);
    expect(await runCli(["staff", "create", "--email", "x@nowhere.example", "--role", "liaison", "--agency", "NOPE"], r.io)).toBe(1);
    expect(r.err.join("\n")).toContain("Unknown agency");
    r = io(env);
    expect(await runCli(["staff", "list"], r.io)).toBe(0);
    expect(r.out.join("\n")).toContain("officer@roads.example\tactive\tliaison@ROADS");
    r = io(env);
    expect(await runCli(["staff", "link", "--email", "officer@roads.example"], r.io)).toBe(0);
    expect(r.out[0]).toMatch(/set-password/);
  });

  it("api-client create prints a partner's key once; list shows it by prefix; revoke ends it", async () => {
    let r = io(env);
    expect(await runCli(["api-client", "create", "--kind", "partner", "--name", "Civic app", "--rate-limit", "30"], r.io)).toBe(0);
    const key = r.out.at(-1)!;
    expect(key).toMatch(/^hub_pt_[a-z2-7]{48}$/);
    const id = /id ([0-9a-f-]{36})/.exec(r.out[0]!)![1]!;
    r = io(env);
    expect(await runCli(["api-client", "list"], r.io)).toBe(0);
    expect(r.out.join("\n")).toContain(`${id}\t${key.slice(0, 12)}…\tpartner\tCivic app\t30/min\tactive`);
    expect(r.out.join("\n")).not.toContain(key);
    r = io(env);
    expect(await runCli(["api-client", "create", "--kind", "agency", "--name", "x", "--agency", "NOPE"], r.io)).toBe(1);
    expect(r.err.join("\n")).toContain("Unknown agency NOPE");
    r = io(env);
    expect(await runCli(["api-client", "create", "--kind", "robot", "--name", "x"], r.io)).toBe(2);
    r = io(env);
    expect(await runCli(["api-client", "revoke", "--id", id], r.io)).toBe(0);
    r = io(env);
    expect(await runCli(["api-client", "revoke", "--id", id], r.io)).toBe(1);
  });

  it("registry import loads a CSV in one go, and a bad row imports nothing and names its line", async () => {
    const good = join(env.DATA_DIR!, "registry.csv");
    await writeFile(
      good,
      'national_id,first_name,father_name,grandfather_name,family_name,date_of_birth,nationality\n1011111111,"خالد",سعد,علي,"آل ""سعيد""",1980-01-01,sa\n1022222222,منى,أحمد,حسن,الحربي,1990-02-02,SA\n',
    );
    let r = io(env);
    expect(await runCli(["registry", "import", good], r.io)).toBe(0);
    expect(r.out[0]).toContain("Imported 2 identities");
    const bad = join(env.DATA_DIR!, "bad.csv");
    await writeFile(
      bad,
      "national_id,first_name,father_name,grandfather_name,family_name,date_of_birth,nationality\n1033333333,a,b,c,d,1990-01-01,SA\n1044444444,a,b,c,d,1990-13-01,SA\n",
    );
    r = io(env);
    expect(await runCli(["registry", "import", bad], r.io)).toBe(1);
    expect(r.err.join("\n")).toMatch(/line 3: date_of_birth "1990-13-01" is not a date.*Nothing was imported/);
  });

  it("demo totp gives codes only for demo accounts", async () => {
    let r = io(env);
    expect(await runCli(["demo", "totp", "--email", "admin@demo.hub.example"], r.io)).toBe(0);
    expect(r.out[0]).toMatch(/^\d{6}$/);
    r = io(env);
    expect(await runCli(["demo", "totp", "--email", "admin@real.gov.example"], r.io)).toBe(1);
  });
});
