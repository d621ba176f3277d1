import { beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, inArray, like } from "drizzle-orm";
import { complaintAttachments, complaintEvents, complaints, outbox, staffUsers } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { demoStaff, keepCitizen } from "../support/sessions.ts";
import { AISHA } from "../support/registry.ts";

// Issue 14, the agency's side: officers are told of new work, officers' files reach the
// citizen, and the national unit's transfers stop after three moves.

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

// The common start (database, demo hub, a registered citizen, staff sessions, the clock
// back at noon on 19 November after each test) is test/support/hub-fixture.ts.
const hub = hubFixture();
let { database, h, citizen, citizenId, staff } = {} as HubFixture;
beforeAll(() => void ({ database, h, citizen, citizenId, staff } = hub));
const clock = hub.clock;

let n = 0;
async function file(
  service = "MOMAH/ROADS_POTHOLES",
  kind: "complaint" | "praise" | "inquiry" = "complaint",
  text = "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات",
) {
  const [agencyCode, serviceCode] = service.split("/");
  const r = await submitComplaint(h.deps, citizenId, {
    kind,
    text,
    city: "riyadh",
    agencyCode,
    serviceCode,
    notifyBy: "sms",
    clientKey: `agency-${++n}-${Math.random()}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}
async function firstService(agency: string) {
  const { services } = await import("../../schema/index.ts");
  const [svc] = await database.db
    .select({ code: services.code, kinds: services.kinds })
    .from(services)
    .where(eq(services.agencyCode, agency));
  return `${agency}/${svc!.code}`;
}
const row = async (reference: string) => (await database.db.select().from(complaints).where(eq(complaints.reference, reference)))[0]!;
const agencyMail = async (reference: string) =>
  (await database.db.select().from(outbox).where(like(outbox.template, "agency_%")).orderBy(outbox.id)).filter(
    (m) => m.payload.reference === reference,
  );

async function accept(reference: string) {
  const b = await staff("liaison.momah");
  const res = await b.post(`/staff/complaints/${reference}/accept`, {
    step: "confirm",
    days: "3",
    version: String((await row(reference)).version),
  });
  expect(res.status).toBe(303);
}

describe("officers are told of new work", () => {
  it("a complaint routed to MOMAH queues one email to each MOMAH liaison officer, and none to other agencies", async () => {
    const ref = await file();
    const mail = await agencyMail(ref);
    expect(mail.map((m) => [m.template, m.channel, m.recipient])).toEqual([["agency_new", "email", "liaison.momah@demo.hub.example"]]);
    expect(mail[0]!.payload).toMatchObject({ reference: ref, kind: "complaint", agencyCode: "MOMAH", agency: { en: expect.any(String) } });
    // No personal data of the citizen leaves in the officer's email.
    expect(JSON.stringify(mail[0]!.payload)).not.toContain(AISHA.nationalId);
  });

  it("an officer who chose SMS also gets an SMS; reopening, the citizen's answer and the unit's follow-up each tell the agency once", async () => {
    await database.db
      .update(staffUsers)
      .set({ notifySms: true, mobile: "+966500000111" })
      .where(eq(staffUsers.email, "liaison.momah@demo.hub.example"));
    try {
      const ref = await file();
      expect((await agencyMail(ref)).map((m) => `${m.template}:${m.channel}`).sort()).toEqual(["agency_new:email", "agency_new:sms"]);
      await accept(ref);
      const b = await staff("liaison.momah");
      expect(
        (
          await b.post(`/staff/complaints/${ref}/request_info`, {
            message: "أرسل صورة للحفرة من فضلك",
            version: String((await row(ref)).version),
          })
        ).status,
      ).toBe(303);
      const c = await keepCitizen(citizen, AISHA.nationalId);
      expect(
        (
          await c.post(`/complaints/${ref}/answer`, {
            text: "الصورة مرفقة والموقع أمام المدرسة",
            version: String((await row(ref)).version),
          })
        ).status,
      ).toBe(303);
      expect(
        (
          await b.post(`/staff/complaints/${ref}/close`, {
            outcome: "resolved",
            resolution: "رُدمت الحفرة وأعيد الرصف",
            version: String((await row(ref)).version),
          })
        ).status,
      ).toBe(303);
      expect(
        (await c.post(`/complaints/${ref}/reopen`, { reason: "الحفرة عادت بعد يومين من الردم", version: String((await row(ref)).version) }))
          .status,
      ).toBe(303);
      const reviewer = await demoStaff(database.db, "reviewer");
      const pushed = await act(h.deps, { kind: "staff", staff: reviewer }, ref, null, {
        action: "push_back",
        note: "نرجو الإفادة بموعد الإصلاح النهائي",
        days: 2,
      });
      expect(pushed.ok).toBe(true);
      const mine = (await agencyMail(ref)).filter((m) => m.channel === "email").map((m) => m.template);
      expect(mine).toEqual(["agency_new", "agency_answered", "agency_reopened", "agency_followup"]);
      expect((await agencyMail(ref)).filter((m) => m.channel === "sms")).toHaveLength(4);
      // Keys name the event and the officer: a replayed insert adds nothing.
      const keys = (await agencyMail(ref)).map((m) => m.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      await database.db
        .update(staffUsers)
        .set({ notifySms: false, mobile: null })
        .where(eq(staffUsers.email, "liaison.momah@demo.hub.example"));
    }
  });
});

describe("the officer's own choice", () => {
  it("an officer chooses SMS on the notifications page (a number is required), and the next arrival is texted too", async () => {
    const b = await staff("liaison.moh");
    expect(await (await b.get("/staff")).text()).toContain('href="/staff/notifications"');
    expect((await b.get("/staff/notifications")).status).toBe(200);
    const noNumber = await b.post("/staff/notifications", { notifySms: "1", lang: "ar" });
    expect(noNumber.status).toBe(422);
    expect(await noNumber.text()).toContain("أدخل رقم الجوال لتصلك الرسائل النصية");
    try {
      const ok = await b.post("/staff/notifications", { mobile: "0501112233", notifySms: "1", lang: "en" });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("حُفظت تفضيلاتك");
      const ref = await file(await firstService("MOH"));
      const mail = await agencyMail(ref);
      expect(mail.map((m) => [m.channel, m.recipient, m.lang]).sort()).toEqual([
        ["email", "liaison.moh@demo.hub.example", "en"],
        ["sms", "+966501112233", "en"],
      ]);
      // The unit's staff have no such page.
      expect((await (await staff("triage")).get("/staff/notifications")).status).toBe(404);
    } finally {
      await database.db
        .update(staffUsers)
        .set({ notifySms: false, mobile: null, lang: "ar" })
        .where(eq(staffUsers.email, "liaison.moh@demo.hub.example"));
    }
  });
});

describe("the header count and the daily digest", () => {
  it("the header counts complaints that arrived since the officer last opened the inbox", async () => {
    const b = await staff("liaison.momah");
    await b.get("/agency"); // seen everything so far
    const count = async () => /data-testid="new-work"[^>]*>[^<]*(?:<span[^>]*>([^<]*)<\/span>)?/.exec(await (await b.get("/staff")).text());
    expect((await count())?.[1]).toBeUndefined();
    clock().set(new Date(h.deps.clock.now().getTime() + 60_000));
    await file();
    await file();
    expect((await count())?.[1]).toBe("2 جديد");
    await b.get("/agency");
    expect((await count())?.[1]).toBeUndefined();
    // Not for the national unit, who has no inbox of an agency.
    expect(await (await (await staff("triage")).get("/staff")).text()).not.toContain('data-testid="new-work"');
  });

  it("the header counts all new work since the officer last looked: arrived, transferred in, reopened, answered, followed up", async () => {
    // MOJ: no other test in this file gives it work, so the clock going back to noon after
    // each test cannot leave "future" steps in this officer's count.
    const b = await staff("liaison.moj");
    const officer = { kind: "staff" as const, staff: await demoStaff(database.db, "liaison.moj") };
    const court = () => file("MOJ/COURT_CASES", "complaint", "تأخر تحديد موعد الجلسة في قضيتي أكثر من ثلاثة أشهر دون سبب");
    const aisha = { kind: "citizen" as const, id: citizenId };
    const ok = (r: { ok: boolean }) => expect(r.ok, JSON.stringify(r)).toBe(true);
    // Work the officer already knows of: one waiting for the citizen, one closed, one in progress, one at WATER.
    const asked = await court();
    ok(await act(h.deps, officer, asked, null, { action: "accept", days: 3, reason: undefined }));
    ok(await act(h.deps, officer, asked, null, { action: "request_info", message: "أرسل صورة للحفرة من فضلك" }));
    const closed = await court();
    ok(await act(h.deps, officer, closed, null, { action: "accept", days: 3, reason: undefined }));
    ok(await act(h.deps, officer, closed, null, { action: "close", outcome: "resolved", resolution: "رُدمت الحفرة وأعيد الرصف" }));
    const working = await court();
    ok(await act(h.deps, officer, working, null, { action: "accept", days: 3, reason: undefined }));
    const elsewhere = await file(await firstService("HRSD"));
    const count = async () => /data-testid="new-work"[^>]*>[^<]*(?:<span[^>]*>([^<]*)<\/span>)?/.exec(await (await b.get("/staff")).text());
    await b.get("/agency"); // seen everything so far
    expect((await count())?.[1]).toBeUndefined();
    clock().set(new Date(h.deps.clock.now().getTime() + 60_000));
    ok(await act(h.deps, aisha, asked, null, { action: "answer", text: "الصورة مرفقة والموقع أمام المدرسة" }));
    ok(await act(h.deps, aisha, closed, null, { action: "reopen", reason: "الحفرة عادت بعد يومين من الردم" }));
    const reviewer = await demoStaff(database.db, "reviewer");
    ok(
      await act(h.deps, { kind: "staff", staff: reviewer }, working, null, {
        action: "push_back",
        note: "نرجو الإفادة بموعد الإصلاح النهائي",
        days: 2,
      }),
    );
    ok(
      await act(h.deps, { kind: "staff", staff: await demoStaff(database.db, "triage") }, elsewhere, null, {
        action: "transfer",
        to: "MOJ/COURT_CASES",
        reason: "الطلب يخص قضية منظورة",
        override: false,
      }),
    );
    expect((await count())?.[1]).toBe("4 جديد");
    await court();
    expect((await count())?.[1]).toBe("5 جديد");
    // An officer's own step is not new work for them: a note or an acceptance changes nothing.
    ok(await act(h.deps, officer, working, null, { action: "note", text: "راجعنا ملف القضية" }));
    expect((await count())?.[1]).toBe("5 جديد");
    await b.get("/agency");
    expect((await count())?.[1]).toBeUndefined();
  });

  it("gives each officer the digest on their agency's calendar: Al Buraimi's at 07:00 in Muscat, an hour before Riyadh's", async () => {
    const who = ["liaison.buraimi@demo.hub.example", "liaison.momah@demo.hub.example"];
    await database.db.update(staffUsers).set({ dailyDigest: true }).where(inArray(staffUsers.email, who));
    try {
      const { runAgencyDigest } = await import("../../server/jobs/agency-digest.ts");
      const { LiveCalendars } = await import("../../server/calendar/holiday-store.ts");
      const settings = {
        timeZone: "Asia/Riyadh",
        weekend: [5, 6] as (5 | 6)[],
        holidayCountry: "SA",
        workingHours: { start: 450, end: 870 },
      };
      const at = new Date("2026-12-06T06:30:00+03:00"); // Sunday: 07:30 in Muscat, 06:30 in Riyadh
      const calendars = await LiveCalendars.open(database.db, settings, () => at);
      const deps = { db: database.db, calendar: calendars.hub, calendars };
      const digests = async () =>
        (
          await database.db
            .select()
            .from(outbox)
            .where(and(eq(outbox.template, "agency_digest"), inArray(outbox.recipient, who)))
        ).map((m) => [m.recipient, m.payload.day]);
      await runAgencyDigest(deps, at);
      expect(await digests()).toEqual([["liaison.buraimi@demo.hub.example", "2026-12-06"]]);
      await runAgencyDigest(deps, new Date("2026-12-06T07:05:00+03:00"));
      expect((await digests()).sort()).toEqual([
        ["liaison.buraimi@demo.hub.example", "2026-12-06"],
        ["liaison.momah@demo.hub.example", "2026-12-06"],
      ]);
    } finally {
      await database.db.update(staffUsers).set({ dailyDigest: false }).where(inArray(staffUsers.email, who));
    }
  });

  it("queues one digest a working day from 07:00 for officers who asked for it, in their language", async () => {
    await database.db.update(staffUsers).set({ dailyDigest: true, lang: "en" }).where(eq(staffUsers.email, "liaison.moh@demo.hub.example"));
    try {
      const { runAgencyDigest, digestDay } = await import("../../server/jobs/agency-digest.ts");
      const cal = h.deps.calendar;
      expect(digestDay(cal, new Date("2026-11-22T06:59:00+03:00"))).toBeNull(); // Sunday, before 07:00
      expect(digestDay(cal, new Date("2026-11-22T07:00:00+03:00"))).toBe("2026-11-22");
      expect(digestDay(cal, new Date("2026-11-20T10:00:00+03:00"))).toBeNull(); // Friday
      await file(await firstService("MOH"));
      const at = new Date("2026-11-22T07:05:00+03:00");
      expect(await runAgencyDigest({ db: database.db, calendar: cal }, at)).toEqual({ queued: 1 });
      expect(await runAgencyDigest({ db: database.db, calendar: cal }, new Date(at.getTime() + 1800_000))).toEqual({ queued: 0 });
      const [d] = await database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.template, "agency_digest"), eq(outbox.recipient, "liaison.moh@demo.hub.example")));
      expect(d).toMatchObject({ recipient: "liaison.moh@demo.hub.example", lang: "en", channel: "email" });
      // Whatever else this file routed to MOH waits too (tests do not depend on each other's order).
      const waiting = (
        await database.db
          .select()
          .from(complaints)
          .where(and(eq(complaints.agencyCode, "MOH"), eq(complaints.status, "routed")))
      ).length;
      expect(waiting).toBeGreaterThanOrEqual(1);
      expect(d!.payload).toMatchObject({ day: "2026-11-22", agencyCode: "MOH", waiting });
    } finally {
      await database.db
        .update(staffUsers)
        .set({ dailyDigest: false, lang: "ar" })
        .where(eq(staffUsers.email, "liaison.moh@demo.hub.example"));
    }
  });
});

describe("officers' attachments", () => {
  it("a multipart close with a PDF stores the file on the close, and the citizen downloads it from the resolution", async () => {
    const ref = await file();
    await accept(ref);
    const b = await staff("liaison.momah");
    const fd = new FormData();
    fd.append("outcome", "resolved");
    fd.append("resolution", "رُدمت الحفرة، ومحضر الإصلاح مرفق");
    fd.append("version", String((await row(ref)).version));
    fd.append("attachments", new File([PDF], "محضر-الإصلاح.pdf"));
    const res = await b.postForm(`/staff/complaints/${ref}/close`, fd);
    expect(res.status).toBe(303);
    const c = await row(ref);
    expect(c.status).toBe("closed");
    const files = await database.db.select().from(complaintAttachments).where(eq(complaintAttachments.complaintId, c.id));
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([["محضر-الإصلاح.pdf", "application/pdf"]]);
    const [closed] = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c.id), eq(complaintEvents.type, "closed")));
    expect(files[0]!.eventId).toBe(closed!.id);

    const cb = await keepCitizen(citizen, AISHA.nationalId);
    const page = await (await cb.get(`/complaints/${ref}`)).text();
    const link = new RegExp(`<section[^>]*data-testid="resolution"[\\s\\S]*?href="(/complaints/${ref}/attachments/[0-9a-f-]{36})"`).exec(
      page,
    )?.[1];
    expect(link).toBeTruthy();
    const download = await cb.get(link!);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it("refuses a program renamed .pdf with a translated 422 and changes nothing; a note's file stays internal", async () => {
    const ref = await file();
    await accept(ref);
    const b = await staff("liaison.momah");
    const fd = new FormData();
    fd.append("outcome", "resolved");
    fd.append("resolution", "رُدمت الحفرة، والملف مرفق");
    fd.append("version", String((await row(ref)).version));
    fd.append("attachments", new File([EXE], "report.pdf"));
    const res = await b.postForm(`/staff/complaints/${ref}/close`, fd);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("المرفقات المقبولة");
    expect((await row(ref)).status).toBe("in_progress");

    const note = new FormData();
    note.append("note", "صورة الموقع من فريق الصيانة");
    note.append("attachments", new File([PDF], "internal.pdf"));
    expect((await b.postForm(`/staff/complaints/${ref}/note`, note)).status).toBe(303);
    expect(await (await b.get(`/staff/complaints/${ref}`)).text()).toContain("internal.pdf");
    const cb = await keepCitizen(citizen, AISHA.nationalId);
    expect(await (await cb.get(`/complaints/${ref}`)).text()).not.toContain("internal.pdf");
    const [f] = await database.db.select().from(complaintAttachments).where(eq(complaintAttachments.filename, "internal.pdf"));
    expect((await cb.get(`/complaints/${ref}/attachments/${f!.id}`)).status).toBe(404);
  });
});

describe("transfers with a real cap", () => {
  it("the national unit transfers a complaint still at an agency, in progress, to another agency, with a reason; the new agency is told", async () => {
    const ref = await file();
    await accept(ref);
    const triage = await staff("triage");
    const page = await (await triage.get(`/staff/complaints/${ref}`)).text();
    expect(page).toContain('id="act-transfer"');
    const res = await triage.post(`/staff/complaints/${ref}/transfer`, {
      transferTo: "WATER/WATER_SUPPLY",
      transferReason: "الحفرة ناتجة عن تسرب في شبكة المياه",
      version: String((await row(ref)).version),
    });
    expect(res.status).toBe(303);
    const c = await row(ref);
    expect(c).toMatchObject({
      status: "routed",
      agencyCode: "WATER",
      serviceCode: "WATER_SUPPLY",
      transferCount: 1,
      assignedTo: null,
      dueAt: null,
      acceptedAt: null,
    });
    expect(c.jurisdictionDueAt).not.toBeNull();
    const [ev] = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c.id), eq(complaintEvents.type, "transferred")));
    expect(ev!.data).toMatchObject({
      fromAgency: "MOMAH",
      agencyCode: "WATER",
      reason: "الحفرة ناتجة عن تسرب في شبكة المياه",
      moves: 1,
      override: null,
    });
    expect((await agencyMail(ref)).map((m) => [m.template, m.recipient])).toContainEqual([
      "agency_transferred_in",
      "liaison.water@demo.hub.example",
    ]);
    // MOMAH lost it; WATER has it.
    expect((await (await staff("liaison.momah")).get(`/staff/complaints/${ref}`)).status).toBe(404);
    expect((await (await staff("liaison.water")).get(`/staff/complaints/${ref}`)).status).toBe(200);
    // A liaison officer cannot transfer; a bad target is a translated 422.
    expect(
      (
        await (
          await staff("liaison.water")
        ).post(`/staff/complaints/${ref}/transfer`, {
          transferTo: "MOMAH/ROADS_POTHOLES",
          transferReason: "ليست لنا",
          version: String(c.version),
        })
      ).status,
    ).toBe(404);
    const same = await triage.post(`/staff/complaints/${ref}/transfer`, {
      transferTo: "WATER/WATER_SUPPLY",
      transferReason: "إعادة المحاولة",
      version: String(c.version),
    });
    expect(same.status).toBe(422);
    expect(await same.text()).toContain("الطلب لدى هذه الجهة أصلًا");
  });

  it("a transfer while the agency waits for the citizen's answer withdraws the request: the pause ends, the citizen is told and need not answer", async () => {
    const ref = await file();
    await accept(ref);
    const momah = await staff("liaison.momah");
    expect(
      (
        await momah.post(`/staff/complaints/${ref}/request_info`, {
          message: "أرسل صورة للحفرة من فضلك",
          version: String((await row(ref)).version),
        })
      ).status,
    ).toBe(303);
    const asked = await row(ref);
    expect(asked).toMatchObject({ status: "awaiting_citizen" });
    expect(asked.pausedAt).not.toBeNull();
    const triage = await staff("triage");
    expect(
      (
        await triage.post(`/staff/complaints/${ref}/transfer`, {
          transferTo: "WATER/WATER_SUPPLY",
          transferReason: "الحفرة ناتجة عن تسرب في شبكة المياه",
          version: String(asked.version),
        })
      ).status,
    ).toBe(303);
    const c = await row(ref);
    expect(c).toMatchObject({ status: "routed", agencyCode: "WATER", pausedAt: null, infoDueAt: null });
    const [ev] = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c.id), eq(complaintEvents.type, "transferred")));
    expect(ev).toMatchObject({
      visibleToCitizen: true,
      data: { infoRequestWithdrawn: { requestedAt: asked.pausedAt!.toISOString(), infoDueAt: asked.infoDueAt!.toISOString() } },
    });
    // The citizen hears that the question is withdrawn and where the request went.
    const msgs = (await database.db.select().from(outbox).orderBy(outbox.id)).filter(
      (m) => m.payload.reference === ref && m.template === "info_request_withdrawn",
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.payload).toMatchObject({ toAgency: { ar: expect.any(String), en: expect.any(String) } });
    const { renderSms, renderEmail } = await import("../../server/notify/templates.ts");
    expect(renderSms("info_request_withdrawn", "ar", msgs[0]!.payload)).toContain("لا حاجة إلى الرد");
    expect(renderEmail("info_request_withdrawn", "en", msgs[0]!.payload).text).toContain(
      String((msgs[0]!.payload.toAgency as { en: string }).en),
    );
    // The new agency's timeline says so too.
    expect(await (await (await staff("liaison.water")).get(`/staff/complaints/${ref}`)).text()).toContain(
      "وسُحب طلب المعلومات المعلّق لدى المواطن",
    );
    // The page says so, and no longer offers the answer form.
    const cb = await keepCitizen(citizen, AISHA.nationalId);
    const page = await (await cb.get(`/complaints/${ref}`)).text();
    expect(page).toContain('data-event="transferred_info_withdrawn"');
    expect(page).toContain("سُحب طلب المعلومات");
    expect(page).not.toContain('id="citizen-answer"');
    // The old question cannot be answered any more: not now (the refusal table's 409).
    const late = await cb.post(`/complaints/${ref}/answer`, { text: "الصورة مرفقة والموقع أمام المدرسة", version: String(c.version) });
    expect(late.status).toBe(409);
    expect((await row(ref)).status).toBe("routed");
  });

  it("after three moves (rejections and transfers) it stays with the unit; a fourth needs a reviewer's recorded override", async () => {
    const ref = await file();
    const triage = await staff("triage");
    const momah = await staff("liaison.momah");
    const v = async () => String((await row(ref)).version);
    // 1: MOMAH rejects, suggesting WATER; 2: the unit routes it to WATER and transfers it to ELEC.
    expect(
      (
        await momah.post(`/staff/complaints/${ref}/reject`, {
          rejectReason: "ليس من اختصاص البلدية",
          suggested: "WATER/WATER_SUPPLY",
          version: await v(),
        })
      ).status,
    ).toBe(303);
    const queued = await (await triage.get("/triage")).text();
    const mine = queued.slice(queued.indexOf(`data-reference="${ref}"`));
    const next = mine.indexOf('<li id="triage-');
    const rowHtml = next > 0 ? mine.slice(0, next) : mine;
    expect(rowHtml).toContain("ليس من اختصاص البلدية");
    // Never offered back to the agency that rejected it.
    expect(rowHtml).not.toMatch(/name="service" value="MOMAH\//);
    expect(rowHtml).toMatch(/name="service" value="WATER\/WATER_SUPPLY"/);
    expect((await triage.post(`/triage/${(await row(ref)).id}/route`, { version: await v(), service: "WATER/WATER_SUPPLY" })).status).toBe(
      200,
    );
    expect(
      (
        await triage.post(`/staff/complaints/${ref}/transfer`, {
          transferTo: "ELEC/POWER_OUTAGE",
          transferReason: "انقطاع كهرباء وليس مياه",
          version: await v(),
        })
      ).status,
    ).toBe(303);
    // 3: ELEC rejects: the third move, so the unit holds it.
    const elec = await staff("liaison.elec");
    expect(
      (await elec.post(`/staff/complaints/${ref}/reject`, { rejectReason: "لا علاقة للكهرباء بالحفرة", version: await v() })).status,
    ).toBe(303);
    expect(await row(ref)).toMatchObject({ status: "triage", flagged: true, rejectionCount: 2, transferCount: 1 });
    // The unit decides and assigns; from then on the agency cannot reject it…
    expect(
      (await triage.post(`/triage/${(await row(ref)).id}/route`, { version: await v(), service: "MOMAH/ROADS_POTHOLES" })).status,
    ).toBe(200);
    const momahPage = await (await momah.get(`/staff/complaints/${ref}`)).text();
    expect(momahPage).not.toContain('id="act-reject"');
    const refused = await momah.post(`/staff/complaints/${ref}/reject`, { rejectReason: "ليس من اختصاص البلدية", version: await v() });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("نُقل هذا الطلب 3 مرات");
    // …the unit cannot transfer it without the override, a triage officer cannot override…
    const noOverride = await triage.post(`/staff/complaints/${ref}/transfer`, {
      transferTo: "WATER/WATER_SUPPLY",
      transferReason: "محاولة رابعة",
      version: await v(),
    });
    expect(noOverride.status).toBe(422);
    expect(
      (
        await triage.post(`/staff/complaints/${ref}/transfer`, {
          transferTo: "WATER/WATER_SUPPLY",
          transferReason: "محاولة رابعة",
          override: "1",
          version: await v(),
        })
      ).status,
    ).toBe(422);
    expect(await row(ref)).toMatchObject({ agencyCode: "MOMAH", transferCount: 1 });
    // …and a reviewer can, with the override recorded on the event.
    const reviewer = await demoStaff(database.db, "reviewer");
    const r = await act(h.deps, { kind: "staff", staff: reviewer }, ref, null, {
      action: "transfer",
      to: "WATER/WATER_SUPPLY",
      reason: "قرار المراجع بعد الكشف الميداني",
      override: true,
    });
    expect(r.ok).toBe(true);
    const [ev] = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, (await row(ref)).id), eq(complaintEvents.type, "transferred")))
      .orderBy(desc(complaintEvents.id))
      .limit(1);
    expect(ev!.data).toMatchObject({ moves: 4, reason: "قرار المراجع بعد الكشف الميداني", override: { by: reviewer.id } });
  });
});

describe("first-contact resolution", () => {
  it("counts resolved first-contact closes only: not one rated 'not resolved', not a reopened one; the SQL agrees with the rule", async () => {
    const { aggregateDays } = await import("../../server/kpi/aggregate.ts");
    const { isFirstContactResolution } = await import("../../server/kpi/first-contact.ts");
    const { kpiDaily, satisfaction } = await import("../../schema/index.ts");
    const { localDate } = await import("../../server/calendar/index.ts");
    clock().set("2026-11-23T09:00:00+03:00"); // a Monday nobody else in this file closes on
    const liaison = await demoStaff(database.db, "liaison.momah");
    const officer = { kind: "staff" as const, staff: liaison };
    const closeAs = async (outcome: "resolved" | "partially_resolved") => {
      const ref = await file();
      await database.db.update(complaints).set({ actionType: "first_contact" }).where(eq(complaints.reference, ref));
      expect((await act(h.deps, officer, ref, null, { action: "accept", days: 1, reason: undefined })).ok).toBe(true);
      expect((await act(h.deps, officer, ref, null, { action: "close", outcome, resolution: "حُلّت في الاتصال الأول" })).ok).toBe(true);
      return ref;
    };
    const good = await closeAs("resolved");
    const ratedNo = await closeAs("resolved");
    await database.db.insert(satisfaction).values({
      complaintId: (await row(ratedNo)).id,
      agencyCode: "MOMAH",
      tokenHash: `t-${Math.random()}`,
      invitedAt: h.deps.clock.now(),
      expiresAt: new Date(h.deps.clock.now().getTime() + 86400_000),
      answeredAt: h.deps.clock.now(),
      resolved: "no",
      stars: 1,
    });
    const reopened = await closeAs("resolved");
    expect(
      (await act(h.deps, { kind: "citizen", id: citizenId }, reopened, null, { action: "reopen", reason: "لم تُحل المشكلة بعد" })).ok,
    ).toBe(true);
    expect((await act(h.deps, officer, reopened, null, { action: "close", outcome: "resolved", resolution: "حُلّت هذه المرة" })).ok).toBe(
      true,
    );
    const partly = await closeAs("partially_resolved");

    const facts = [
      { ref: good, actionType: "first_contact", outcome: "resolved", reopened: false, rated: null },
      { ref: ratedNo, actionType: "first_contact", outcome: "resolved", reopened: false, rated: "no" as const },
      { ref: reopened, actionType: "first_contact", outcome: "resolved", reopened: true, rated: null },
      { ref: reopened, actionType: "first_contact", outcome: "resolved", reopened: true, rated: null },
      { ref: partly, actionType: "first_contact", outcome: "partially_resolved", reopened: false, rated: null },
    ];
    expect(facts.filter(isFirstContactResolution).map((f) => f.ref)).toEqual([good]);

    const day = localDate(h.deps.calendar, h.deps.clock.now());
    await aggregateDays(database.db, h.deps.calendar.timeZone, day, day);
    const rows = await database.db
      .select()
      .from(kpiDaily)
      .where(and(eq(kpiDaily.day, day), eq(kpiDaily.agencyCode, "MOMAH")));
    const sum = (metric: string) => rows.filter((r) => r.metric === metric).reduce((a, r) => a + r.value, 0);
    expect(sum("closed")).toBe(5);
    expect(sum("closed_first_contact")).toBe(1);
  });
});

describe("kinds handled as what they are", () => {
  it("praise reaches the agency without deadlines or escalation, and is acknowledged (not reopened)", async () => {
    const ref = await file("MOMAH/ROADS_POTHOLES", "praise", "أشكر فريق الصيانة على سرعة ردم الحفرة أمام منزلي في حي الملز");
    const c = await row(ref);
    expect(c).toMatchObject({
      kind: "praise",
      status: "routed",
      agencyCode: "MOMAH",
      jurisdictionDueAt: null,
      actionDueAt: null,
      slaNextAt: null,
    });
    expect((await agencyMail(ref)).map((m) => m.template)).toEqual(["agency_new"]);
    // Weeks later, the SLA job has nothing to do with it.
    const { runSla } = await import("../../server/jobs/sla.ts");
    clock().set("2026-12-31T12:00:00+03:00");
    await runSla({
      db: database.db,
      clock: h.deps.clock,
      calendar: h.deps.calendar,
      reopenWindow: h.deps.reopenWindow,
      publicUrl: "http://localhost",
    });
    const sla = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c.id)));
    expect(sla.map((e) => e.type)).toEqual(["submitted"]);
    expect(await row(ref)).toMatchObject({ escalationLevel: 0, status: "routed" });
    const b = await staff("liaison.momah");
    const page = await (await b.get(`/staff/complaints/${ref}`)).text();
    expect(page).toContain('id="act-acknowledge"');
    expect(page).not.toContain('id="act-accept"');
    expect(
      (await b.post(`/staff/complaints/${ref}/accept`, { step: "confirm", days: "3", version: String((await row(ref)).version) })).status,
    ).toBe(422);
    expect(
      (
        await b.post(`/staff/complaints/${ref}/acknowledge`, {
          ackNote: "أبلغنا فريق الصيانة بشكرك",
          version: String((await row(ref)).version),
        })
      ).status,
    ).toBe(303);
    expect(await row(ref)).toMatchObject({ status: "closed", outcome: "acknowledged", reopenUntil: null, actionDueAt: null });
  });

  it("praise names a staff member and their agency: it goes to that agency, which sees the name and is told it", async () => {
    const cb = await keepCitizen(citizen, AISHA.nationalId);
    const praise = (fields: Record<string, string>) => {
      const fd = new FormData();
      const all = {
        kind: "praise",
        text: "أشكر الممرض على عنايته بوالدي طوال أيام التنويم في المستشفى",
        city: "riyadh",
        notifyBy: "sms",
        clientKey: `praise-${Math.random()}`,
        ...fields,
      };
      for (const [k, v] of Object.entries(all)) fd.append(k, v);
      return cb.postForm("/complaints", fd);
    };
    // The form asks for the name and the agency, in the reader's language.
    const form = await (await cb.get("/complaints/new")).text();
    expect(form).toContain('name="praisedStaff"');
    expect(form).toContain('name="praisedAgency"');
    // Bad input is a translated 422 that keeps nothing.
    const notPraise = await praise({ kind: "complaint", praisedStaff: "خالد العتيبي", praisedAgency: "MOH" });
    expect(notPraise.status).toBe(422);
    expect(await notPraise.text()).toContain("اسم الموظف يُذكر مع الثناء فقط");
    const noAgency = await praise({ praisedStaff: "خالد العتيبي" });
    expect(noAgency.status).toBe(422);
    expect(await noAgency.text()).toContain("اختر الجهة التي يعمل فيها الموظف");
    const twoAgencies = await praise({ praisedStaff: "خالد العتيبي", praisedAgency: "MOH", service: "MOMAH/ROADS_POTHOLES" });
    expect(twoAgencies.status).toBe(422);
    expect(await twoAgencies.text()).toContain("الجهة المختارة للموظف غير جهة الخدمة");
    const long = await praise({ praisedStaff: "خ".repeat(201), praisedAgency: "MOH" });
    expect(long.status).toBe(422);

    const res = await praise({ praisedStaff: "  الممرض خالد العتيبي  ", praisedAgency: "MOH" });
    expect(res.status).toBe(303);
    const ref = /CMP-\d{4}-[A-Z0-9]{6}/.exec(res.headers.get("location")!)![0];
    const c = await row(ref);
    expect(c).toMatchObject({
      kind: "praise",
      status: "routed",
      agencyCode: "MOH",
      praisedStaff: "الممرض خالد العتيبي",
      jurisdictionDueAt: null,
      slaNextAt: null,
    });
    // The agency's officers are told, with the name.
    const mail = await agencyMail(ref);
    expect(mail.map((m) => [m.template, m.recipient])).toEqual([["agency_new", "liaison.moh@demo.hub.example"]]);
    expect(mail[0]!.payload).toMatchObject({ praisedStaff: "الممرض خالد العتيبي" });
    const { renderEmail } = await import("../../server/notify/templates.ts");
    expect(renderEmail("agency_new", "ar", mail[0]!.payload).text).toContain("الموظف المُثنى عليه: الممرض خالد العتيبي");
    expect(renderEmail("agency_new", "en", mail[0]!.payload).text).toContain("Staff member praised: الممرض خالد العتيبي");
    // The agency's page shows who was praised; so does the citizen's.
    const page = await (await staff("liaison.moh")).get(`/staff/complaints/${ref}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/data-testid="praised-staff"[^>]*>[\s\S]*?الممرض خالد العتيبي/);
    expect(await (await cb.get(`/complaints/${ref}`)).text()).toContain("الممرض خالد العتيبي");
    // The app (tRPC) files through the same use case, naming the agency by its code.
    const app = await submitComplaint(h.deps, citizenId, {
      kind: "praise",
      text: "شكرًا للموظفة على سرعة إنجاز معاملتي في الفرع",
      city: "riyadh",
      agencyCode: "MOH",
      praisedStaff: "سارة القحطاني",
      notifyBy: "sms",
      clientKey: `praise-app-${Math.random()}`,
    });
    expect(app).toMatchObject({ ok: true, status: "routed", agencyCode: "MOH", routedBy: "citizen" });
    expect(await row((app as { reference: string }).reference)).toMatchObject({ praisedStaff: "سارة القحطاني" });
  });

  it("an inquiry is answered and closed in one step; the citizen's SMS carries the answer", async () => {
    const ref = await file("MOMAH/ROADS_POTHOLES", "inquiry", "ما المدة المعتادة لإصلاح حفرة بعد الإبلاغ عنها في الرياض؟");
    const b = await staff("liaison.momah");
    const res = await b.post(`/staff/complaints/${ref}/answer_inquiry`, {
      inquiryAnswer: "تُصلح خلال ثلاثة أيام عمل من قبول البلاغ.",
      version: String((await row(ref)).version),
    });
    expect(res.status).toBe(303);
    expect(await row(ref)).toMatchObject({ status: "closed", outcome: "answered", resolution: "تُصلح خلال ثلاثة أيام عمل من قبول البلاغ." });
    const [msg] = await database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.template, "complaint_closed")))
      .then((r) => r.filter((m) => m.payload.reference === ref));
    const { renderSms } = await import("../../server/notify/templates.ts");
    expect(renderSms("complaint_closed", "ar", msg!.payload)).toContain("أُجيب عن استفسارك. تُصلح خلال ثلاثة أيام عمل");
  });

  it("an officer reclassifies complexity, importance and action type, recorded as an internal event", async () => {
    const ref = await file();
    const b = await staff("liaison.momah");
    const res = await b.post(`/staff/complaints/${ref}/reclassify`, {
      complexity: "critical",
      importance: "high",
      actionType: "third_party",
      reclassifyReason: "تحتاج شركة المياه",
      version: String((await row(ref)).version),
    });
    expect(res.status).toBe(303);
    const c = await row(ref);
    expect(c).toMatchObject({ complexity: "critical", importance: "high", actionType: "third_party" });
    const [ev] = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c.id), eq(complaintEvents.type, "reclassified")));
    expect(ev).toMatchObject({
      visibleToCitizen: false,
      data: { after: { complexity: "critical", importance: "high", actionType: "third_party" }, reason: "تحتاج شركة المياه" },
    });
    const bad = await b.post(`/staff/complaints/${ref}/reclassify`, {
      complexity: "huge",
      importance: "high",
      actionType: "process",
      version: String(c.version),
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("اختر قيمة من القائمة");
  });
});

describe("first contact: register, resolve, close", () => {
  it("the call centre registers a request it resolved on the call: closed at once as resolved at first contact, the caller told the result", async () => {
    const b = await staff("triage");
    const noAnswer = await b.post(
      "/triage/register",
      {
        channel: "call_centre",
        kind: "inquiry",
        nationalId: "1023456782",
        dateOfBirth: "1992-09-03",
        text: "كيف أجدد رخصة البناء من المنصة؟",
        city: "riyadh",
        service: "MOMAH/ROADS_POTHOLES",
        resolvedNow: "1",
      },
      { htmx: true },
    );
    expect(noAnswer.status).toBe(422);
    const res = await b.post(
      "/triage/register",
      {
        channel: "call_centre",
        kind: "complaint",
        nationalId: "1023456782",
        dateOfBirth: "1992-09-03",
        contactMobile: "0509998870",
        text: "حفرة أمام منزلي والبلدية لم تحدد موعدًا للإصلاح",
        city: "riyadh",
        service: "MOMAH/ROADS_POTHOLES",
        resolvedNow: "1",
        resolution: "أُبلغ المتصل بموعد الإصلاح المجدول غدًا",
      },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const ref = /(CMP-\d{4}-[A-Z0-9]{6})/.exec(await res.text())![1]!;
    const c = await row(ref);
    expect(c).toMatchObject({
      status: "closed",
      outcome: "resolved",
      actionType: "first_contact",
      agencyCode: "MOMAH",
      slaNextAt: null,
      resolution: "أُبلغ المتصل بموعد الإصلاح المجدول غدًا",
    });
    expect(c.reopenUntil).not.toBeNull();
    // In the order written: PostgreSQL returns an unordered select in any order.
    const events = await database.db
      .select()
      .from(complaintEvents)
      .where(eq(complaintEvents.complaintId, c.id))
      .orderBy(complaintEvents.id);
    expect(events.map((e) => e.type)).toEqual(["submitted", "closed"]);
    const msgs = (await database.db.select().from(outbox).orderBy(outbox.id)).filter((m) => m.payload.reference === ref);
    expect(msgs.map((m) => [m.template, m.recipient])).toEqual([["complaint_closed", "+966509998870"]]);
    const { renderSms } = await import("../../server/notify/templates.ts");
    expect(renderSms("complaint_closed", "ar", msgs[0]!.payload)).toContain(`أُغلق طلبك \u2066${ref}\u2069: تم الحل.`);
  });
});

describe("first contact is all or nothing", () => {
  it("when the close cannot be written, nothing of the registration stays and no message is queued", async () => {
    const { registerOnBehalf } = await import("../../server/complaints/register-on-behalf.ts");
    const { sql } = await import("drizzle-orm");
    const triage = await demoStaff(database.db, "triage");
    const text = `حفرة أمام المنزل أبلغ المتصل بموعد ردمها ${Math.random()}`;
    // The fault: the database refuses the first-contact close's event (a crash between the
    // two writes looks the same to what was stored before it).
    await database.db.execute(
      sql.raw(`create function refuse_first_contact() returns trigger language plpgsql as $$
        begin
          if new.type = 'closed' and new.data->>'firstContact' = 'true' then raise exception 'injected close failure'; end if;
          return new;
        end $$`),
    );
    await database.db.execute(
      sql.raw(`create trigger refuse_first_contact before insert on complaint_events for each row execute function refuse_first_contact()`),
    );
    try {
      await expect(
        registerOnBehalf(h.deps, triage, {
          channel: "call_centre",
          kind: "complaint",
          nationalId: "1023456782",
          dateOfBirth: "1992-09-03",
          contactMobile: "0509998871",
          text,
          city: "riyadh",
          agencyCode: "MOMAH",
          serviceCode: "ROADS_POTHOLES",
          resolvedNow: true,
          resolution: "أُبلغ المتصل بموعد الإصلاح المجدول غدًا",
        }),
      ).rejects.toThrow();
    } finally {
      await database.db.execute(sql.raw(`drop trigger refuse_first_contact on complaint_events`));
      await database.db.execute(sql.raw(`drop function refuse_first_contact()`));
    }
    expect(await database.db.select().from(complaints).where(eq(complaints.text, text))).toEqual([]);
    expect((await database.db.select().from(outbox)).filter((m) => m.recipient === "+966509998871")).toEqual([]);
  });
});
