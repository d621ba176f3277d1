import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { fileReport } from "../../server/reports/reports.ts";
import type { SettableClock } from "../../server/clock.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { demoHub } from "../support/demo-hub.ts";
import { signInStaff, demoStaff } from "../support/sessions.ts";
import { Browser } from "../support/http.ts";

// Every route the app registers, reached by every kind of user with malformed paths,
// queries and form bodies: the guide's rule is a 4xx (never a 500 or a stack trace) and
// no change to what is stored. The route list comes from the app itself, so a route
// added later is covered without touching this file.

let database: TestDatabase;
let h: ReturnType<typeof testApp>;
let complaint: string;
let report: string;
const actors = new Map<string, Browser>();
const STAFF = ["liaison.momah", "supervisor.momah", "triage", "reviewer", "analyst", "admin"];
/** Who may write an internal note on the complaint: the only ones whose junk "note" is kept. */
const NOTE_WRITERS = ["liaison.momah", "reviewer", "supervisor.momah", "triage"];

const LONG = "ش".repeat(5000);
const JUNK_VALUES = [
  "",
  "-1",
  "1e309",
  "NaN",
  "٣٣",
  "<script>alert(1)</script>",
  "'; drop table complaints; --",
  LONG,
  "\u0000",
  "%FF",
  "2026-13-45",
  "true",
];
const FIELDS = [
  "action",
  "version",
  "days",
  "reason",
  "extensionReason",
  "message",
  "text",
  "outcome",
  "resolution",
  "assignee",
  "assignedTo",
  "agencyCode",
  "serviceCode",
  "service",
  "suggestedAgency",
  "city",
  "kind",
  "type",
  "complaint",
  "clientKey",
  "code",
  "challengeId",
  "nationalId",
  "password",
  "passwordConfirm",
  "mobile",
  "email",
  "role",
  "roles",
  "stars",
  "resolved",
  "comment",
  "notifyBy",
  "channel",
  "dateOfBirth",
  "lat",
  "lng",
  "totp",
  "token",
  "note",
  "answer",
  "id",
  "agency",
  "lang",
  "firstName",
  "familyName",
  "acceptPolicy",
];

/** One junk body per value: every field the forms use, all set to that value. */
const junkBodies = () => [{}, ...JUNK_VALUES.filter((_, i) => i % 3 === 0).map((v) => Object.fromEntries(FIELDS.map((f) => [f, v])))];

const QUERIES = [
  "",
  "?tab=zzz&page=-1&after=%FF%FE&from=2026-13-45&to=x&service=..%2F..&city=%00&classification=zz&sort=zz&mine=maybe",
  `?q=${encodeURIComponent(LONG)}&period=zz&year=99999&quarter=9&lang=xx&format=zz&c=zzz&agency=ZZ&kind=zz&channel=zz&months=-4`,
  "?from=2026-12-31&to=2026-01-01&year=-1&quarter=0&after=eyJ4IjoxfQ&c=00000000-0000-0000-0000-000000000000",
];

/** Values for each path parameter: a real one where it exists, unknown ones, and garbage. */
function paramValues(name: string): string[] {
  const [key, pattern] = name.split("{");
  if (pattern?.startsWith("answer|") || pattern?.startsWith("accept|") || pattern?.startsWith("ask_agency|"))
    return pattern.slice(0, -1).split("|");
  switch (key) {
    case "reference":
      return [complaint, report, "CMP-2026-ZZZZZZ", "DR-1999-000000", encodeURIComponent("طلب"), "x".repeat(300)];
    case "id":
      return pattern?.startsWith("[0-9]")
        ? ["0", "999999999999999", "99999999999999999999"]
        : ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"];
    case "token":
      return ["a".repeat(24)];
    case "agency":
      return ["MOMAH", "ZZZZ"];
    case "lang":
      return ["xx", "ar"];
    case "name":
      return ["..%2F..%2Fpackage.json", "nothing.css"];
    default:
      return ["junk"];
  }
}

function expand(path: string): string[] {
  const m = /:([a-zA-Z]+(\{(?:[^{}]|\{[^}]*\})*\})?)/.exec(path);
  if (!m) return [path];
  return paramValues(m[1]!).flatMap((v) => expand(path.slice(0, m.index) + v + path.slice(m.index + m[0].length)));
}

async function snapshot() {
  const r = await database.db.execute(sql`
    select (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from complaints t) as complaints,
           (select count(*) from complaint_events where type <> 'note') as events,
           (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from digital_reports t) as reports,
           (select count(*) from complaint_attachments) as attachments,
           (select count(*) from staff_users) as staff,
           (select count(*) from citizens) as citizens`);
  return ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[]))[0];
}

beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
  const { browser, citizenId } = await registerCitizen(h);
  actors.set("anonymous", new Browser(h.app));
  actors.set("citizen", browser);
  const filed = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text: "الرصيف مكسور أمام المدرسة ويعيق المشاة",
    city: "riyadh",
    agencyCode: "MOMAH",
    serviceCode: "ROADS_POTHOLES",
    notifyBy: "sms",
    clientKey: "bad-input-complaint",
  });
  if (!filed.ok) throw new Error("filing failed");
  complaint = filed.reference;
  await act(h.deps, { kind: "staff", staff: await demoStaff(database.db, "liaison.momah") }, complaint, null, {
    action: "accept",
    days: 3,
    reason: undefined,
  });
  (h.deps.clock as SettableClock).set("2026-11-26T09:00:00+03:00"); // overdue, so it may be escalated
  const filedReport = await fileReport(h.deps, citizenId, {
    type: "escalation",
    complaint,
    text: "تجاوزت الجهة المدة ولم يصلح الرصيف",
    clientKey: "bad-input-report",
  });
  if (!filedReport.ok) throw new Error("report failed");
  report = filedReport.reference;
  for (const who of STAFF) actors.set(who, await signInStaff(h.app, h.deps.clock, who));
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const SKIP = /^\/(signout|staff\/signout)/; // would end the session the rest of the run needs

async function noteWriters(): Promise<string[]> {
  const notes = await database.db.execute(
    sql`select distinct u.email from complaint_events e join staff_users u on u.id = e.actor_id where e.type = 'note' order by 1`,
  );
  return ((notes as unknown as { rows?: { email: string }[] }).rows ?? (notes as unknown as { email: string }[])).map(
    (r) => r.email.split("@")[0]!,
  );
}

const appRoutes = () => [
  ...new Map(h.app.routes.filter((r) => r.method === "GET" || r.method === "POST").map((r) => [`${r.method} ${r.path}`, r])).values(),
];

// One case per kind of user (and one for the JSON entry points), so a failure names who
// broke it; each case checks on its own that nothing stored changed, whatever ran before.
describe("malformed requests", () => {
  it.each(["anonymous", "citizen", ...STAFF])(
    "%s: a 4xx or a page on every route, and nothing stored changes",
    async (who) => {
      const b = actors.get(who)!;
      const routes = appRoutes();
      expect(routes.length).toBeGreaterThan(60);
      const before = await snapshot();
      const failures: string[] = [];
      let requests = 0;
      for (const route of routes) {
        if (SKIP.test(route.path)) continue;
        for (const path of expand(route.path)) {
          const attempts =
            route.method === "GET"
              ? QUERIES.map((q) => () => b.get(path + q, { "hx-request": "true", "hx-target": "main#main" }))
              : [
                  ...junkBodies().map((body, i) => () => b.post(path, body, { htmx: i % 2 === 1 })),
                  // A multipart body whose boundary is not the one declared, and one whose
                  // file part has no name: the upload routes read multipart.
                  () =>
                    b.send(path, '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nأ\r\n--x--', "multipart/form-data; boundary=y"),
                  () =>
                    b.send(
                      path,
                      '--y\r\nContent-Disposition: form-data; name="files"; filename=""\r\nContent-Type: application/x-msdownload\r\n\r\nMZ\r\n--y--\r\n',
                      "multipart/form-data; boundary=y",
                    ),
                ];
          for (const attempt of attempts) {
            const res = await attempt();
            requests++;
            const text = await res.text();
            if (res.status >= 500 || /\bat .+\.(ts|tsx|js):\d+/.test(text))
              failures.push(`${who} ${route.method} ${path.slice(0, 120)} → ${res.status} ${text.slice(0, 160)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      // Every actor sends the same requests; the single case this replaced required more than
      // 1000 over its 8 actors plus 14 JSON requests, i.e. more than 123 each.
      expect(requests).toBeGreaterThan(125);
      // An internal note is free text, so "NaN" is a note like any other; only the staff
      // who may write notes on this complaint can have added one.
      const writers = await noteWriters();
      expect(writers.filter((w) => !NOTE_WRITERS.includes(w))).toEqual([]);
      expect(writers.includes(who)).toBe(NOTE_WRITERS.includes(who));
      expect(await snapshot()).toEqual(before);
    },
    300_000,
  );

  it("the JSON entry points answer bodies that are not what they expect with a 4xx, and nothing stored changes", async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const who of ["anonymous", "citizen"]) {
      const b = actors.get(who)!;
      const cookie = `hub_session=${b.cookie("hub_session") ?? ""}`;
      for (const [path, body, type] of [
        ["/api/complaints", "{not json", "application/json"],
        ["/api/complaints", JSON.stringify({ text: 5, kind: [] }), "application/json"],
        ["/api/complaints", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', "multipart/form-data; boundary=y"],
        ["/trpc/complaints.act", "{not json", "application/json"],
        ["/trpc/complaints.act", JSON.stringify({ reference: complaint, action: "close", version: "x" }), "application/json"],
        ["/trpc/reports.file", JSON.stringify({ type: "zzz" }), "application/json"],
        ["/trpc/reports.get", "", "application/json"],
      ] as const) {
        const res = await h.app.request(path, {
          method: "POST",
          headers: { cookie, "content-type": type, origin: "http://localhost" },
          body,
        });
        const text = await res.text();
        if (res.status >= 500) failures.push(`${who} POST ${path} ${body.slice(0, 40)} → ${res.status} ${text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it("a malformed escape beside a NUL, in a path segment or a query value, is a 400 before any handler (fuzz seed 130005 found a 500)", async () => {
    const citizen = actors.get("citizen")!;
    for (const target of [
      "/complaints/JP%2BE%E2%80%AA%ed%be%8f%2FC%00_EwT1%5CnfsvJ%3B%23/withdraw",
      "/complaints/%ed%be%8fA%00/withdraw",
      "/complaints?kind=%ed%be%8f%00",
      "/complaints?%ed%be%8f%00=1",
    ]) {
      const res = await citizen.get(target);
      expect(res.status, target).toBe(400);
      expect(await res.text(), target).toContain('lang="ar"');
    }
  });
});
