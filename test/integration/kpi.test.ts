import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { complaintEvents, complaints, kpiDaily, satisfaction, slaEvents } from "../../schema/index.ts";
import { createCalendar, startOfLocalDay } from "../../server/calendar/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { DEFAULT_REOPEN_WINDOW } from "../../server/complaints/lifecycle.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { runSla } from "../../server/jobs/sla.ts";
import { aggregateDays } from "../../server/kpi/aggregate.ts";
import { kpis, sumsByAgency } from "../../server/kpi/compute.ts";
import { sha256Hex } from "../../server/auth/tokens.ts";
import { rate } from "../../server/complaints/rating.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { demoStaff, forgetTotpSteps } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";

// The national unit's figures, computed through the real flows on a hand-built set
// (expected values written out below), and the daily pre-aggregation checked against
// a direct recomputation on a larger generated set.

let database: TestDatabase;
const clock = new SettableClock("2026-11-19T12:00:00+03:00");
const calendar = createCalendar();
const TZ = "Asia/Riyadh";
const officers: Record<string, StaffActor> = {};
let citizenId: string;
const deps = () => ({
  db: database.db,
  clock,
  calendar,
  reopenWindow: DEFAULT_REOPEN_WINDOW,
  publicUrl: "https://hub.example",
  routing: buildIndex([]),
  routingThreshold: 0.15,
});
const at = (local: string) => clock.set(`${local}+03:00`);

beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory("agencies"));
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
  for (const code of ["MOMAH", "MOH", "WATER"]) {
    officers[code] = await demoStaff(database.db, `liaison.${code.toLowerCase()}`);
  }
  citizenId = await insertCitizen(database.db, { nationalId: "1014141414", mobile: "+966501414141" });
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.execute(
    sql`truncate complaints, complaint_events, complaint_attachments, outbox, sla_events, satisfaction, personal_data_views, kpi_daily cascade`,
  );
  at("2026-11-19T12:00:00");
  await forgetTotpSteps(database.db, clock);
});

let n = 0;
async function file(agency = "MOMAH", service = "ROADS_POTHOLES", kind = "complaint") {
  const r = await submitComplaint(deps(), citizenId, {
    kind,
    text: `مشكلة تجريبية رقم ${++n} تحتاج معالجة`,
    city: "riyadh",
    agencyCode: agency,
    serviceCode: service,
    notifyBy: "sms",
    clientKey: `kpi-case-${n}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}
const staffDo = async (agency: string, ref: string, cmd: Parameters<typeof act>[4]) =>
  expect((await act(deps(), { kind: "staff", staff: officers[agency]! }, ref, null, cmd)).ok).toBe(true);

describe("KPIs", () => {
  it("on a hand-built set, every figure is what the rules say", async () => {
    const c1 = await file();
    const c2 = await file();
    const c3 = await file();
    const c4 = await file();
    for (const c of [c1, c2, c4]) await staffDo("MOMAH", c, { action: "accept", days: 3, reason: undefined });
    await staffDo("MOMAH", c3, { action: "reject", reason: "ليس من اختصاصنا", suggested: undefined });
    at("2026-11-23T10:00:00");
    await staffDo("MOMAH", c1, { action: "close", outcome: "resolved", resolution: "تم الإصلاح" });
    at("2026-11-23T12:00:00");
    expect((await act(deps(), { kind: "citizen", id: citizenId }, c1, null, { action: "reopen", reason: "لم يُصلح بعد" })).ok).toBe(true);
    at("2026-11-23T14:00:00");
    await staffDo("MOMAH", c1, { action: "close", outcome: "resolved", resolution: "أُعيد الإصلاح بالكامل" });
    at("2026-11-25T10:00:00");
    await staffDo("MOMAH", c2, { action: "close", outcome: "not_resolvable", resolution: "خارج قدرة البلدية" });
    await runSla(deps()); // satisfaction invitations for C1 and C2; C4 escalates to level 1
    const [invite] = await database.db
      .select()
      .from(satisfaction)
      .innerJoin(complaints, eq(complaints.id, satisfaction.complaintId))
      .where(eq(complaints.reference, c1));
    // Rate through the same path as the link (the token itself is only in the message).
    const token = "k".repeat(24);
    await database.db
      .update(satisfaction)
      .set({ tokenHash: sha256Hex(token) })
      .where(eq(satisfaction.id, invite!.satisfaction.id));
    expect(await rate(database.db, token, { resolved: "yes", stars: "5" }, clock.now())).toMatchObject({ ok: true });

    await aggregateDays(database.db, TZ, "2026-11-19", "2026-11-25");
    const { perAgency, national } = await kpis(database.db, { from: "2026-11-19", to: "2026-11-25" }, clock.now());
    const momah = perAgency.get("MOMAH")!;
    expect(momah).toMatchObject({
      received: 3, // C3 was rejected and now waits in triage: it counts there
      accepted: 3,
      rejected: 1,
      acceptanceRate: 0.75,
      avgDecideDays: 0,
      closed: 3,
      closedOnTime: 2,
      openOverdue: 1,
      onTimeRate: 0.5,
      medianCloseDays: 1,
      p90CloseDays: 3,
      firstTimeResolution: 0.5,
      firstContactResolution: 0, // none was classified as resolved at the first contact
      reopenRate: 1 / 3,
      escalations: { 1: 1, 2: 0, 3: 0 },
    });
    expect(momah.satisfaction).toEqual({ invited: 2, answered: 1, yes: 1, partly: 0, no: 0, avgStars: 5, responseRate: 0.5 });
    expect(national.received).toBe(4);
    expect(national.receivedBy).toEqual({ kind: { complaint: 4 }, channel: { portal: 4 } });
    // Another period sees none of it.
    expect((await kpis(database.db, { from: "2026-12-01", to: "2026-12-31" }, clock.now())).national.closed).toBe(0);
  });

  it("the daily figures add up to a direct recomputation over the source tables", async () => {
    // A generated fortnight: three agencies, complaints filed each day, some accepted,
    // rejected, closed (on time or late), reopened, escalated by the SLA job.
    const services: [string, string][] = [
      ["MOMAH", "ROADS_POTHOLES"],
      ["MOH", "APPOINTMENTS"],
      ["WATER", "WATER_SUPPLY"],
    ];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const open: { ref: string; agency: string; state: string }[] = [];
    for (let d = 0; d < 14; d++) {
      const day = new Date(new Date("2026-11-15T08:00:00+03:00").getTime() + d * 86400_000);
      clock.set(day);
      for (let i = 0; i < 6; i++) {
        const [agency, service] = services[Math.floor(rand() * 3)]!;
        open.push({ ref: await file(agency, service, rand() < 0.8 ? "complaint" : "inquiry"), agency, state: "routed" });
      }
      clock.set(new Date(day.getTime() + 4 * 3600_000));
      for (const c of open) {
        const r = rand();
        if (c.state === "routed") {
          if (r < 0.6) {
            await staffDo(c.agency, c.ref, { action: "accept", days: 3, reason: "مدة موحدة للتجربة" });
            c.state = "in_progress";
          } else if (r < 0.7) {
            await staffDo(c.agency, c.ref, { action: "reject", reason: "ليس من اختصاصنا", suggested: undefined });
            c.state = "gone";
          }
        } else if (c.state === "in_progress" && r < 0.35) {
          await staffDo(c.agency, c.ref, {
            action: "close",
            outcome: rand() < 0.7 ? "resolved" : "partially_resolved",
            resolution: "تمت المعالجة",
          });
          c.state = "closed";
        } else if (c.state === "closed" && r < 0.15) {
          if ((await act(deps(), { kind: "citizen", id: citizenId }, c.ref, null, { action: "reopen", reason: "لم تُحل المشكلة" })).ok)
            c.state = "in_progress";
        }
      }
      clock.set(new Date(day.getTime() + 10 * 3600_000));
      await runSla(deps());
    }
    // Built in two overlapping passes: a rerun of a day replaces it, never doubles it.
    await aggregateDays(database.db, TZ, "2026-11-15", "2026-11-22");
    await aggregateDays(database.db, TZ, "2026-11-20", "2026-11-30");
    const daily = await sumsByAgency(database.db, { from: "2026-11-15", to: "2026-11-30" });

    const from = startOfLocalDay(calendar, "2026-11-15");
    const to = startOfLocalDay(calendar, "2026-12-01");
    const direct = async (type: string) =>
      database.db
        .select({
          agency: sql<string>`coalesce(${complaints.agencyCode}, '')`,
          dim: sql<string>`coalesce(${complaintEvents.data}->>'outcome', '')`,
          n: sql<number>`count(*)::int`,
        })
        .from(complaintEvents)
        .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
        .where(and(eq(complaintEvents.type, type), gte(complaintEvents.at, from), lt(complaintEvents.at, to)))
        .groupBy(sql`1`, sql`2`);
    const sumOf = (agency: string, metric: string, dim?: string) => {
      const m = daily.get(agency)?.[metric] ?? {};
      return dim === undefined ? Object.values(m).reduce((a, b) => a + b, 0) : (m[dim] ?? 0);
    };
    const received = await database.db
      .select({ agency: sql<string>`coalesce(${complaints.agencyCode}, '')`, n: sql<number>`count(*)::int` })
      .from(complaints)
      .where(and(gte(complaints.createdAt, from), lt(complaints.createdAt, to)))
      .groupBy(sql`1`);
    expect(received.reduce((a, r) => a + r.n, 0)).toBe(84);
    for (const r of received) expect(sumOf(r.agency, "received"), `received ${r.agency}`).toBe(r.n);
    const closes = await direct("closed");
    expect(closes.length).toBeGreaterThan(2);
    for (const r of closes) expect(sumOf(r.agency, "closed", r.dim), `closed ${r.agency} ${r.dim}`).toBe(r.n);
    for (const r of await direct("accepted")) expect(sumOf(r.agency, "accepted"), `accepted ${r.agency}`).toBe(r.n);
    const onTime = await database.db
      .select({ agency: sql<string>`coalesce(${complaints.agencyCode}, '')`, n: sql<number>`count(*)::int` })
      .from(complaintEvents)
      .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
      .where(
        and(
          eq(complaintEvents.type, "closed"),
          sql`(${complaintEvents.data}->>'onTime')::boolean`,
          gte(complaintEvents.at, from),
          lt(complaintEvents.at, to),
        ),
      )
      .groupBy(sql`1`);
    for (const r of onTime) expect(sumOf(r.agency, "closed_on_time"), `on time ${r.agency}`).toBe(r.n);
    const rejected = await database.db
      .select({ agency: sql<string>`${complaintEvents.data}->>'agencyCode'`, n: sql<number>`count(*)::int` })
      .from(complaintEvents)
      .where(and(eq(complaintEvents.type, "rejected"), gte(complaintEvents.at, from), lt(complaintEvents.at, to)))
      .groupBy(sql`1`);
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect(sumOf(r.agency, "rejected"), `rejected ${r.agency}`).toBe(r.n);
    const escalated = await database.db
      .select({
        agency: sql<string>`coalesce(${slaEvents.agencyCode}, '')`,
        level: sql<string>`${slaEvents.level}::text`,
        n: sql<number>`count(*)::int`,
      })
      .from(slaEvents)
      .where(and(sql`${slaEvents.level} > 0`, gte(slaEvents.firedAt, from), lt(slaEvents.firedAt, to)))
      .groupBy(sql`1`, sql`2`);
    expect(escalated.length).toBeGreaterThan(0);
    for (const r of escalated) expect(sumOf(r.agency, "escalated", r.level), `escalated ${r.agency} ${r.level}`).toBe(r.n);
  });

  it("the quarterly report's page, CSV and XLSX agree; the public page suppresses small counts; access is by role", async () => {
    // 25 complaints for MOMAH (enough to rank and to publish), 3 for MOH (too few to publish).
    for (let i = 0; i < 25; i++) {
      const ref = await file();
      await staffDo("MOMAH", ref, { action: "accept", days: 3, reason: undefined });
      if (i % 2 === 0) await staffDo("MOMAH", ref, { action: "close", outcome: "resolved", resolution: "تمت المعالجة" });
    }
    for (let i = 0; i < 3; i++) await file("MOH", "APPOINTMENTS");
    // The same words from two people: the recurring-complaints report groups them.
    const other = await insertCitizen(database.db, { nationalId: "1015151515", mobile: "+966501515151" });
    for (const [who, key] of [
      [citizenId, "same-words-1"],
      [other, "same-words-2"],
    ] as const) {
      const r = await submitComplaint(deps(), who, {
        kind: "complaint",
        text: "انقطاع المياه عن حي النرجس منذ ثلاثة أيام دون أي إشعار مسبق",
        city: "riyadh",
        agencyCode: "WATER",
        serviceCode: "WATER_SUPPLY",
        notifyBy: "sms",
        clientKey: key,
      });
      expect(r.ok).toBe(true);
    }
    // Five of the 13 closes were resolved at the first contact (seed 002's classification).
    await database.db.execute(
      sql`update complaints set action_type = 'first_contact' where id in (select id from complaints where status = 'closed' and agency_code = 'MOMAH' order by id limit 5)`,
    );
    await aggregateDays(database.db, TZ, "2026-11-19", "2026-11-19");
    const { testApp } = await import("../support/app.ts");
    const { Browser } = await import("../support/http.ts");
    const { signInStaff } = await import("../support/sessions.ts");
    const { default: ExcelJS } = await import("exceljs");
    const { app } = testApp(database, { clock, calendar });
    const signIn = (who: string) => signInStaff(app, clock, who);
    const analyst = await signIn("analyst");
    const page = await (await analyst.get("/national/reports?year=2026&quarter=4")).text();
    const rowOf = (html: string, name: string) => {
      const m = new RegExp(`<th scope="row">(?:<a[^>]*>)?${name}(?:</a>)?</th>((?:<td>[^<]*</td>)+)`).exec(html);
      return m ? [...m[1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((x) => x[1]!) : null;
    };
    const momahPage = rowOf(page, "وزارة البلديات والإسكان")!;
    expect(momahPage.slice(0, 7)).toEqual(["25", "25", "0", "100", "0", "13", "100"]);
    expect(momahPage[11]).toBe("38.5"); // first-contact resolution: 5 of 13 closes
    expect(rowOf(page, "على مستوى الدولة")!.slice(0, 1)).toEqual(["30"]);

    const bytes = new Uint8Array(await (await analyst.get("/national/reports.csv?year=2026&quarter=4")).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheet programs need for UTF-8
    const csv = new TextDecoder().decode(bytes);
    const csvRows = csv
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    const momahCsv = csvRows.find((r) => r[0] === "وزارة البلديات والإسكان")!;
    expect(momahCsv.slice(1).map((v) => (v === "" ? "—" : v))).toEqual(momahPage);

    const res = await analyst.get("/national/reports.xlsx?year=2026&quarter=4");
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toBe("تقرير الربع 4 من 2026");
    expect(ws.views[0]).toMatchObject({ rightToLeft: true });
    const sheetRows: string[][] = [];
    ws.eachRow((row, i) => {
      if (i >= 2) sheetRows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))));
    });
    expect(sheetRows[0]).toEqual(csvRows[0]); // the Arabic headers, intact
    const momahXlsx = sheetRows.find((r) => r[0] === "وزارة البلديات والإسكان")!;
    expect(momahXlsx).toEqual(momahCsv.map((v) => v));

    const kpiPage = await (await analyst.get("/national/kpi?from=2026-11-01&to=2026-11-30")).text();
    expect(kpiPage).toContain('data-testid="ranking"');
    expect(kpiPage).toContain("وزارة البلديات والإسكان — 100%");
    expect(kpiPage).toContain('<svg role="img"');
    expect((await analyst.get("/national/kpi?from=2026-13-01&to=x")).status).toBe(422);

    // Public: no sign-in, MOMAH published, MOH (3 cases) suppressed.
    const pub = await (await new Browser(app).get("/transparency?from=2026-11-01&to=2026-11-30")).text();
    expect(rowOf(pub, "وزارة البلديات والإسكان")!.slice(0, 3)).toEqual(["25", "25", "0"]);
    expect(rowOf(pub, "وزارة الصحة")!.slice(0, 2)).toEqual(["أقل من 10", "—"]);
    // The period in words, each date isolated: an Arabic line cannot turn it into "30-11-2026 — 2026-11-01".
    expect(pub).toContain("\u20681 نوفمبر 2026\u2069 – \u206830 نوفمبر 2026\u2069");
    // Kept for the KPI job's 10 minutes: a new daily figure shows on the public page
    // only once they have passed, so visitors do not recompute the report each time.
    await database.db
      .insert(kpiDaily)
      .values({ day: "2026-11-02", agencyCode: "MOMAH", serviceCode: "ROADS_POTHOLES", metric: "received", dim: "praise:fax", value: 5 });
    expect(
      rowOf(await (await new Browser(app).get("/transparency?from=2026-11-01&to=2026-11-30")).text(), "وزارة البلديات والإسكان")![0],
    ).toBe("25");
    const before = clock.now();
    clock.set(new Date(before.getTime() + 10 * 60_000));
    expect(
      rowOf(await (await new Browser(app).get("/transparency?from=2026-11-01&to=2026-11-30")).text(), "وزارة البلديات والإسكان")![0],
    ).toBe("30");
    await database.db.delete(kpiDaily).where(eq(kpiDaily.dim, "praise:fax"));
    clock.set(before);
    const open = await (await new Browser(app).get("/transparency.csv?from=2026-11-01&to=2026-11-30")).text();
    expect(open).toContain("Received");
    expect(open).toMatch(/Ministry of Health,under 10,,/);
    expect(open).not.toMatch(/\d{10}/); // no national numbers or phone numbers

    const trendPage = await (await analyst.get("/national/kpi/trend")).text();
    expect(rowOf(trendPage, "2026-11")!.slice(0, 2)).toEqual(["30", "25"]);
    expect(rowOf(trendPage, "2026-10")!.slice(0, 1)).toEqual(["0"]);
    const recurring = await (await analyst.get("/national/reports/recurring?from=2026-11-01&to=2026-11-30")).text();
    expect(recurring).toMatch(/<td>وزارة البلديات والإسكان<\/td><td>الحفر وتلف الأسفلت<\/td><td>الرياض<\/td><td>25<\/td><td>12<\/td>/);
    expect(recurring).toMatch(/انقطاع المياه عن حي النرجس[^<]*…<\/td><td>[^<]+<\/td><td>2<\/td><td>2<\/td>/);

    expect((await (await signIn("liaison.momah")).get("/national/kpi")).status).toBe(404);
    expect((await (await signIn("liaison.momah")).get("/national/reports.csv")).status).toBe(404);
    const own = await (await (await signIn("supervisor.momah")).get("/agency/kpi?from=2026-11-01&to=2026-11-30")).text();
    expect(own).toContain("الحفر وتلف الأسفلت");
  });

  it("first response by channel: complaints from two channels and the portal, answered or not, read as an analyst in both languages", async () => {
    const { testApp } = await import("../support/app.ts");
    const { signInStaff } = await import("../support/sessions.ts");
    const { app } = testApp(database, { clock, calendar });
    // Thursday 12:00: the call centre's triage staff register what came by social media and email.
    const triage = await signInStaff(app, clock, "triage");
    const register = async (channel: string, text: string) => {
      const res = await triage.post(
        "/triage/register",
        {
          channel,
          kind: "complaint",
          nationalId: "1023456782",
          dateOfBirth: "1992-09-03",
          text,
          city: "riyadh",
          service: "MOMAH/ROADS_POTHOLES",
        },
        { htmx: true },
      );
      expect(res.status).toBe(200);
      return /(CMP-\d{4}-[A-Z0-9]{6})/.exec(await res.text())![1]!;
    };
    const x1 = await register("social_media", "حفرة كبيرة أمام المدرسة في شارع الأمير سلطان");
    const x2 = await register("social_media", "حفرة عميقة عند الإشارة في طريق الملك فهد");
    const mail1 = await register("email", "الأسفلت متشقق في الحي منذ أسابيع دون إصلاح");
    await register("email", "هبوط في الطريق قرب المسجد يحتاج إلى معالجة"); // never answered
    const web = await file();
    // A note is not shown to the citizen: not a response.
    at("2026-11-19T12:05:00");
    await staffDo("MOMAH", x1, { action: "note", text: "سنرسل فريق المعاينة" });
    at("2026-11-19T12:10:00");
    await staffDo("MOMAH", x1, { action: "accept", days: 3, reason: undefined }); // 10 minutes: within seed 000's 15
    at("2026-11-19T12:30:00");
    await staffDo("MOMAH", x2, { action: "accept", days: 3, reason: undefined }); // 30 minutes: late
    at("2026-11-19T13:00:00");
    await staffDo("MOMAH", web, { action: "accept", days: 3, reason: undefined }); // the portal: no target
    // Thursday's email answered on Sunday: one working day, the weekend not counted.
    at("2026-11-22T10:00:00");
    await staffDo("MOMAH", mail1, { action: "accept", days: 3, reason: undefined });
    // Monday: the other email is still unanswered, and its working day has ended.
    at("2026-11-23T09:00:00");

    const analyst = await signInStaff(app, clock, "analyst");
    const page = await (await analyst.get("/national/kpi?from=2026-11-01&to=2026-11-30")).text();
    const table = /<table class="list figures" data-testid="kpi-channels">[\s\S]*?<\/table>/.exec(page)?.[0];
    expect(table).toBeTruthy();
    expect(page).toMatch(
      /<div class="table-scroll" role="region" tabindex="0" aria-label="زمن الاستجابة الأولى حسب القناة">\s*<table class="list figures" data-testid="kpi-channels">/,
    );
    const row = (name: string) => {
      const m = new RegExp(`<th scope="row">${name}</th>((?:<td>[^<]*</td>)+)`).exec(table!);
      return m ? [...m[1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((x) => x[1]!) : null;
    };
    // target, received, no response yet, median first response, within target %
    expect(row("البوابة الإلكترونية")).toEqual(["لا هدف معلن", "1", "0", "ساعة", "—"]);
    expect(row("البريد الإلكتروني")).toEqual(["يوم عمل", "2", "1", "2.9 يوم", "50"]);
    expect(row("وسائل التواصل الاجتماعي")).toEqual(["15 دقيقة", "2", "0", "10 دقائق", "50"]);
    expect(row("مركز الاتصال")).toBeNull(); // nothing came by phone

    expect((await analyst.get("/lang/en")).status).toBeLessThan(400);
    const en = await (await analyst.get("/national/kpi?from=2026-11-01&to=2026-11-30")).text();
    expect(en).toContain("First response by channel");
    const enTable = /data-testid="kpi-channels">[\s\S]*?<\/table>/.exec(en)![0];
    expect(enTable).toContain('<th scope="row">Social media</th><td>15 minutes</td><td>2</td><td>0</td><td>10 minutes</td><td>50</td>');
    expect(enTable).toContain('<th scope="row">Email</th><td>1 working day</td><td>2</td><td>1</td><td>2.9 days</td><td>50</td>');
    // A liaison officer does not see the national page.
    expect((await (await signInStaff(app, clock, "liaison.momah")).get("/national/kpi")).status).toBe(404);

    // HUB_CHANNEL_TARGETS=001: seed 001 gives social media 30 minutes, so both are within target.
    const seed001 = testApp(database, { clock, calendar, channelTargets: "001" }).app;
    const analyst001 = await signInStaff(seed001, clock, "analyst");
    expect((await analyst001.get("/lang/en")).status).toBeLessThan(400);
    const t001 = /data-testid="kpi-channels">[\s\S]*?<\/table>/.exec(
      await (await analyst001.get("/national/kpi?from=2026-11-01&to=2026-11-30")).text(),
    )![0];
    expect(t001).toContain('<th scope="row">Social media</th><td>30 minutes</td><td>2</td><td>0</td><td>10 minutes</td><td>100</td>');
  });
});
