import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { complaintEvents, complaints, qualityAudits, satisfaction } from "../../schema/index.ts";
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
import { breakdowns, dimensionRows, kpiInputs } from "../../server/kpi/breakdowns.ts";
import { computeAll } from "../../server/kpi/definitions.ts";
import { isFirstContactResolution } from "../../server/kpi/first-contact.ts";
import { BREAKDOWN_DIMENSIONS, type Sums } from "../../server/kpi/store.ts";
import { ANSWER_TARGET_HOURS } from "../../server/policy.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { demoStaff, forgetTotpSteps, signInStaff } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { testApp } from "../support/app.ts";

// Seed 002's indicators and the breakdowns: the daily figures (kpi_daily) against a
// recomputation straight from the complaints and their events, written here without the
// KPI store; the pages and their CSV; who may see the repeated complaints; the audit.

let database: TestDatabase;
const clock = new SettableClock("2026-11-15T08:00:00+03:00");
const calendar = createCalendar();
const TZ = "Asia/Riyadh";
const officers: Record<string, StaffActor> = {};
const citizens: string[] = [];
const deps = () => ({
  db: database.db,
  clock,
  calendar,
  reopenWindow: DEFAULT_REOPEN_WINDOW,
  publicUrl: "https://hub.example",
  routing: buildIndex([]),
  routingThreshold: 0.15,
});
const PERIOD = { from: "2026-11-15", to: "2026-11-30" };
let n = 0;

async function file(citizen: string, agency: string, service: string, kind: string, place?: { city: string; district: string }) {
  const r = await submitComplaint(deps(), citizen, {
    kind,
    text: `طلب تجريبي رقم ${++n} يحتاج إلى معالجة من الجهة`,
    ...(place ?? { city: n % 3 === 0 ? "jeddah" : "riyadh" }),
    agencyCode: agency,
    serviceCode: service,
    notifyBy: "sms",
    clientKey: `breakdown-case-${n}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}
const staffDo = async (agency: string, ref: string, cmd: Parameters<typeof act>[4]) => {
  const r = await act(deps(), { kind: "staff", staff: officers[agency]! }, ref, null, cmd);
  expect(r.ok, JSON.stringify(r)).toBe(true);
};

beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory("agencies"));
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
  for (const code of ["MOMAH", "MOH", "WATER"]) officers[code] = await demoStaff(database.db, `liaison.${code.toLowerCase()}`);
  for (let i = 0; i < 4; i++)
    citizens.push(await insertCitizen(database.db, { nationalId: `10161616${10 + i}`, mobile: `+9665016161${10 + i}` }));
  await forgetTotpSteps(database.db, clock);
  await database.db.execute(sql`truncate complaints, complaint_events, outbox, sla_events, satisfaction, kpi_daily cascade`);

  // A generated fortnight: complaints and inquiries to three agencies, accepted, answered,
  // closed on time or late, reopened; classifications varied; the SLA job runs each day.
  const services: [string, string][] = [
    ["MOMAH", "ROADS_POTHOLES"],
    ["MOH", "APPOINTMENTS"],
    ["WATER", "WATER_SUPPLY"],
  ];
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const open: { ref: string; agency: string; kind: string; state: string }[] = [];
  for (let d = 0; d < 12; d++) {
    const day = new Date(new Date("2026-11-15T08:00:00+03:00").getTime() + d * 86400_000);
    clock.set(day);
    for (let i = 0; i < 5; i++) {
      const [agency, service] = services[Math.floor(rand() * 3)]!;
      const kind = rand() < 0.7 ? "complaint" : "inquiry";
      open.push({ ref: await file(citizens[i % 4]!, agency, service, kind), agency, kind, state: "routed" });
    }
    clock.set(new Date(day.getTime() + 3 * 3600_000));
    for (const c of open) {
      const r = rand();
      if (c.state === "routed" && c.kind === "inquiry" && r < 0.5) {
        await staffDo(c.agency, c.ref, { action: "answer_inquiry", answer: "هذه هي الإجابة عن استفسارك" });
        c.state = "closed";
      } else if (c.state === "routed" && r < 0.6) {
        await staffDo(c.agency, c.ref, { action: "accept", days: 2, reason: "مدة موحدة للتجربة" });
        c.state = "in_progress";
      } else if (c.state === "routed" && r < 0.7) {
        await staffDo(c.agency, c.ref, { action: "reject", reason: "ليس من اختصاصنا", suggested: undefined });
        c.state = "gone";
      } else if (c.state === "in_progress" && r < 0.4) {
        await staffDo(c.agency, c.ref, {
          action: "close",
          outcome: rand() < 0.7 ? "resolved" : "partially_resolved",
          resolution: "تمت المعالجة",
        });
        c.state = "closed";
      } else if (c.state === "closed" && r < 0.1) {
        const ok = (await act(deps(), { kind: "citizen", id: citizens[0]! }, c.ref, null, { action: "reopen", reason: "لم تُحل المشكلة" }))
          .ok;
        if (ok) c.state = "in_progress";
      }
    }
    clock.set(new Date(day.getTime() + 9 * 3600_000));
    await runSla(deps());
  }
  // Classifications as triage would set them, and a few resolved at the first contact.
  await database.db.execute(
    sql`update complaints set complexity = 'complex', importance = 'high' where reference like '%' and (abs(hashtext(reference)) % 3) = 0`,
  );
  await database.db.execute(
    sql`update complaints set action_type = 'first_contact' where status = 'closed' and (abs(hashtext(reference)) % 2) = 0`,
  );
  // Ratings: answered invitations, one of them "not resolved" on a first-contact close (it must not count).
  const invites = await database.db.select({ id: satisfaction.id, complaintId: satisfaction.complaintId }).from(satisfaction);
  expect(invites.length).toBeGreaterThan(3);
  for (const [i, inv] of invites.entries()) {
    await database.db
      .update(satisfaction)
      .set({ answeredAt: clock.now(), resolved: i % 4 === 0 ? "no" : i % 4 === 1 ? "partly" : "yes", stars: (i % 5) + 1 })
      .where(eq(satisfaction.id, inv.id));
  }
  await aggregateDays(database.db, TZ, "2026-11-15", "2026-11-22");
  await aggregateDays(database.db, TZ, "2026-11-20", "2026-11-30");
}, 240_000);
afterAll(async () => {
  await database?.close();
});

/** The same sums as the daily figures, worked out here from the source tables in code. */
async function directSums(): Promise<Sums> {
  const from = startOfLocalDay(calendar, PERIOD.from);
  const to = startOfLocalDay(calendar, "2026-12-01");
  const s: Sums = {};
  const add = (metric: string, dim: string, v = 1) => ((s[metric] ??= {})[dim] = (s[metric]?.[dim] ?? 0) + v);
  const all = await database.db.select().from(complaints);
  const byId = new Map(all.map((c) => [c.id, c]));
  for (const c of all) {
    if (c.createdAt < from || c.createdAt >= to) continue;
    for (const d of BREAKDOWN_DIMENSIONS) add("bd_received", `${d}=${c[d === "action_type" ? "actionType" : d]}`);
  }
  const events = await database.db.select().from(complaintEvents);
  const ratings = await database.db.select().from(satisfaction);
  for (const e of events) {
    if (e.at < from || e.at >= to) continue;
    const c = byId.get(e.complaintId)!;
    if (e.type === "accepted") add("accepted", "");
    if (e.type === "rejected") add("rejected", "");
    if (e.type !== "closed") continue;
    const data = e.data as { outcome?: string; onTime?: boolean | null };
    add("closed", data.outcome ?? "");
    add("closed_kind", c.kind);
    const rated = ratings.find((r) => r.complaintId === c.id && r.invitedAt >= e.at && r.resolved === "no") ? "no" : null;
    const reopened = events.some((r) => r.complaintId === c.id && (r.type === "reopened" || r.type === "pushed_back"));
    if (isFirstContactResolution({ actionType: c.actionType, outcome: data.outcome ?? null, reopened, rated }))
      add("closed_first_contact", c.kind);
    const hours = ANSWER_TARGET_HOURS[c.kind];
    if (hours !== null && e.at.getTime() - c.createdAt.getTime() <= hours * 3600_000) add("answered_in_target", c.kind);
    for (const d of BREAKDOWN_DIMENSIONS) add("bd_closed", `${d}=${c[d === "action_type" ? "actionType" : d]}`);
    if (data.onTime !== null && data.onTime !== undefined) {
      add("closed_due", c.kind);
      for (const d of BREAKDOWN_DIMENSIONS) add("bd_closed_due", `${d}=${c[d === "action_type" ? "actionType" : d]}`);
    }
    if (data.onTime) {
      add("closed_on_time", c.kind);
      for (const d of BREAKDOWN_DIMENSIONS) add("bd_on_time", `${d}=${c[d === "action_type" ? "actionType" : d]}`);
    }
  }
  for (const r of ratings) {
    if (!r.answeredAt || r.answeredAt < from || r.answeredAt >= to) continue;
    add("rating", r.resolved!);
    add("stars_hist", `${byId.get(r.complaintId)!.kind}:${r.stars}`);
  }
  return s;
}

// One story in steps (each test picks up the data, the clock and the outbox the one before
// left): CI's shuffle still reorders the files, each on its own database, but not these steps.
describe("seed 002's indicators and the breakdowns", { shuffle: false }, () => {
  it("the daily figures give the same indicators and breakdowns as a direct recomputation", async () => {
    const inputs = await kpiInputs(database.db, calendar, PERIOD, clock.now());
    const direct = await directSums();
    // The data set exercises what the indicators distinguish.
    expect(direct.closed_kind?.inquiry).toBeGreaterThan(2);
    expect(direct.closed_first_contact?.complaint ?? 0).toBeGreaterThan(0);
    expect(direct.closed_due?.complaint).toBeGreaterThan(direct.closed_on_time?.complaint ?? 0);
    for (const metric of Object.keys(direct)) expect(inputs.sums[metric], metric).toEqual(direct[metric]);
    const fromDaily = computeAll(inputs).map((x) => [x.def.id, x.figure]);
    const fromSource = computeAll({ ...inputs, sums: direct }).map((x) => [x.def.id, x.figure]);
    expect(fromDaily).toEqual(fromSource);
    expect(Object.fromEntries(fromDaily).first_contact_resolution.value).not.toBeNull();

    // A close rated "not resolved" leaves first-contact resolution.
    const [fc] = await database.db
      .select({ id: complaints.id, closedAt: complaints.closedAt })
      .from(complaints)
      .where(
        and(
          eq(complaints.actionType, "first_contact"),
          eq(complaints.status, "closed"),
          eq(complaints.outcome, "resolved"),
          eq(complaints.reopenCount, 0),
          sql`not exists (select 1 from complaint_events r where r.complaint_id = ${complaints.id} and r.type = 'pushed_back')`,
          sql`not exists (select 1 from satisfaction s where s.complaint_id = ${complaints.id} and s.resolved = 'no')`,
        ),
      )
      .limit(1);
    const before = inputs.sums.closed_first_contact!;
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    await database.db.delete(satisfaction).where(eq(satisfaction.complaintId, fc!.id));
    await database.db.insert(satisfaction).values({
      complaintId: fc!.id,
      tokenHash: "rated-no-" + fc!.id,
      invitedAt: fc!.closedAt!,
      expiresAt: new Date(fc!.closedAt!.getTime() + 14 * 86400_000),
      answeredAt: fc!.closedAt!,
      resolved: "no",
      stars: 1,
    });
    await aggregateDays(database.db, TZ, PERIOD.from, PERIOD.to);
    const after = (await kpiInputs(database.db, calendar, PERIOD, clock.now())).sums.closed_first_contact!;
    expect(Object.values(after).reduce((a, b) => a + b, 0)).toBe(total - 1);

    const b = await breakdowns(database.db, PERIOD);
    expect(b.dims).toEqual(dimensionRows(await directSums()));
    const perService = await database.db
      .select({ key: sql<string>`${complaints.agencyCode} || '/' || ${complaints.serviceCode}`, n: sql<number>`count(*)::int` })
      .from(complaints)
      .where(
        and(
          gte(complaints.createdAt, startOfLocalDay(calendar, PERIOD.from)),
          lt(complaints.createdAt, startOfLocalDay(calendar, "2026-12-01")),
        ),
      )
      .groupBy(sql`1`);
    for (const r of perService.filter((x) => x.key)) expect(b.services.find((s) => s.value === r.key)?.received, r.key).toBe(r.n);
  });

  it("the breakdowns page and its CSV show the same figures; repeated complaints only to the unit and the agency's supervisors", async () => {
    // Three complaints about the same service in the same district: a repeated unit.
    clock.set("2026-11-26T10:00:00+03:00");
    for (let i = 0; i < 3; i++) await file(citizens[i]!, "MOMAH", "STREET_LIGHTING", "complaint", { city: "riyadh", district: "النرجس" });
    await aggregateDays(database.db, TZ, PERIOD.from, PERIOD.to);
    const { app } = testApp(database, { clock, calendar });
    const analyst = await signInStaff(app, clock, "analyst");
    const html = await (await analyst.get(`/national/kpi/breakdowns?from=${PERIOD.from}&to=${PERIOD.to}`)).text();
    const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((m) => (m[1] === "—" ? "" : m[1]!));
    const pageRows = [...html.matchAll(/data-testid="breakdown-\d+">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/g)].flatMap((m) =>
      [...m[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => cells(r[1]!)),
    );
    expect(pageRows.length).toBeGreaterThan(10);
    const csv = await (await analyst.get(`/national/kpi/breakdowns.csv?from=${PERIOD.from}&to=${PERIOD.to}`)).text();
    const [dimsCsv, pendingCsv] = csv.replace(/^\uFEFF/, "").split("\r\n\r\n");
    const csvRows = dimsCsv!
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(","));
    expect(csvRows).toEqual(pageRows);
    expect(pageRows).toContainEqual(expect.arrayContaining(["نوع الطلب", "استفسار"]));
    // Pending: the page's and the CSV's, the same; every open complaint counted once.
    const pendingPage = /data-testid="pending">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    const pendingRows = [...pendingPage.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => cells(r[1]!));
    expect(
      pendingCsv!
        .trim()
        .split("\r\n")
        .slice(1)
        .map((l) => l.split(",")),
    ).toEqual(pendingRows);
    const [openNow] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(complaints)
      .where(sql`${complaints.status} in ('triage', 'routed', 'in_progress', 'awaiting_citizen')`);
    expect(pendingRows.at(-1)!.at(-1)).toBe(String(openNow!.n));
    expect(html).toContain('data-testid="repeated-table"');
    expect(html).toMatch(
      /<th scope="row">وزارة البلديات والإسكان<\/th><td>[^<]+<\/td><td>الرياض — النرجس<\/td><td>3<\/td><td>3<\/td><td>3<\/td>/,
    );

    // The national page: each indicator with its formula beside it.
    const kpi = await (await analyst.get(`/national/kpi?from=${PERIOD.from}&to=${PERIOD.to}`)).text();
    expect(kpi).toMatch(
      /<tr data-kpi="first_contact_resolution"><th scope="row">الحل من أول اتصال<\/th><td data-label="القيمة %">[\d.]+<\/td><td data-label="البسط \/ المقام">\d+ \/ \d+<\/td><td class="formula" data-label="طريقة الحساب">[^<]*«لم تُحل»/,
    );
    expect(kpi).toContain('data-kpi="inquiry_in_target"');
    expect(kpi).toContain("خلال 42 ساعة");

    const supervisor = await signInStaff(app, clock, "supervisor.momah");
    const own = await supervisor.get(`/agency/kpi/repeated?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(own.status).toBe(200);
    const ownHtml = await own.text();
    expect(ownHtml).toContain("الرياض — النرجس");
    expect(ownHtml).not.toContain("وزارة الصحة");
    // Refused: another agency's, the national page, and a liaison officer anywhere.
    expect((await supervisor.get("/agency/kpi/repeated?agency=MOH")).status).toBe(404);
    expect((await supervisor.get("/national/kpi/breakdowns")).status).toBe(404);
    expect((await supervisor.get("/national/kpi/breakdowns.csv")).status).toBe(404);
    const liaison = await signInStaff(app, clock, "liaison.momah");
    expect((await liaison.get("/agency/kpi/repeated")).status).toBe(404);
    expect((await liaison.get("/national/kpi/breakdowns")).status).toBe(404);
  });

  it("the quality audit: a reviewer draws the quarter's sample, scores a case, and the quality indicator reads it", async () => {
    const { app } = testApp(database, { clock, calendar });
    const reviewer = await signInStaff(app, clock, "reviewer");
    expect((await reviewer.get("/national/quality?quarter=2026-Q4")).status).toBe(200);
    expect((await reviewer.post("/national/quality/draw", { quarter: "2026-Q4", n: "0" })).status).toBe(422);
    expect((await reviewer.post("/national/quality/draw", { quarter: "2026-Q9", n: "3" })).status).toBe(422);
    const drawn = await (await reviewer.post("/national/quality/draw", { quarter: "2026-Q4", n: "3" })).text();
    expect(drawn).toMatch(/أُضيفت \d+ حالة إلى العينة/);
    const ids = [...drawn.matchAll(/id="audit-([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const rows = await database.db
      .select({ agency: qualityAudits.agencyCode, n: sql<number>`count(*)::int` })
      .from(qualityAudits)
      .where(eq(qualityAudits.period, "2026-Q4"))
      .groupBy(qualityAudits.agencyCode);
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r.n).toBe(3);
    expect(ids.length).toBe(9);
    // Drawing again adds nothing: the sample is full and stays the same.
    expect(await (await reviewer.post("/national/quality/draw", { quarter: "2026-Q4", n: "3" })).text()).toContain("لا حالات جديدة");

    const bad = await reviewer.post(
      `/national/quality/${ids[0]}`,
      { addressed: "2", correct: "5", clear: "", complete: "1" },
      { htmx: true },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("الدرجة 0 أو 1 أو 2.");
    const good = await reviewer.post(
      `/national/quality/${ids[0]}`,
      { addressed: "2", correct: "1", clear: "2", complete: "1" },
      { htmx: true },
    );
    expect(good.status).toBe(200);
    const card = await good.text();
    expect(card).toContain(`id="audit-${ids[0]}"`);
    expect(card).toContain("6 من 8");
    // Without htmx the form posts back to the page.
    const plain = await reviewer.post(`/national/quality/${ids[1]}`, { addressed: "2", correct: "2", clear: "2", complete: "2" });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`/national/quality?quarter=2026-Q4#audit-${ids[1]}`);

    const inputs = await kpiInputs(database.db, calendar, { from: "2026-10-01", to: "2026-12-31" }, clock.now());
    const audited = Object.values(inputs.audit).reduce((a, x) => a + x.n, 0);
    expect(audited).toBe(2);
    const quality = computeAll(inputs).find((x) => x.def.id === "quality")!.figure;
    expect(quality.parts!.audit).toBe((6 + 8) / 16);

    // An analyst sees the sample but does not score; an agency's staff do not see it.
    const analyst = await signInStaff(app, clock, "analyst");
    expect((await analyst.get("/national/quality")).status).toBe(200);
    expect((await analyst.post(`/national/quality/${ids[2]}`, { addressed: "0", correct: "0", clear: "0", complete: "0" })).status).toBe(
      404,
    );
    expect((await analyst.post("/national/quality/draw", { quarter: "2026-Q4", n: "3" })).status).toBe(404);
    expect((await (await signInStaff(app, clock, "supervisor.momah")).get("/national/quality")).status).toBe(404);
  });
});
