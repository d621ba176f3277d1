import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaintEvents, complaints } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { demoStaff } from "../support/sessions.ts";
import type { Browser } from "../support/http.ts";
import { dateText } from "../../server/web/dates.ts";

// Seed 002 §5.2, complaints the media published: the unit registers the item, the agency
// sees where it came from and resolves it, the unit answers the outlet and the list of
// what still awaits that answer empties.

const hub = hubFixture();
let { database, h, citizenId, staff } = {} as HubFixture;
beforeAll(() => void ({ database, h, citizenId, staff } = hub));

const row = async (reference: string) => (await database.db.select().from(complaints).where(eq(complaints.reference, reference)))[0]!;
const version = async (reference: string) => String((await row(reference)).version);
const OUTLET = "صحيفة مكة";
const LINK = "https://news.example/pothole?a=1&b=2";

async function registerMedia(b: Browser, extra: Record<string, string> = {}) {
  const res = await b.post(
    "/triage/register",
    {
      channel: "media",
      kind: "complaint",
      text: "نشرت الصحيفة صور حفرة كبيرة في طريق الملك فهد تسبب حوادث للسيارات",
      city: "riyadh",
      service: "MOMAH/ROADS_POTHOLES",
      mediaOutlet: OUTLET,
      mediaPublishedOn: "2026-11-17",
      mediaLink: LINK,
      mediaClipping: "«حفرة تبتلع السيارات» — تقرير الصفحة الثالثة",
      ...extra,
    },
    { htmx: true },
  );
  expect(res.status).toBe(200);
  return /(CMP-\d{4}-[A-Z0-9]{6})/.exec(await res.text())![1]!;
}

async function acceptAndClose(reference: string, outcome = "resolved") {
  const liaison = await staff("liaison.momah");
  const accept = await liaison.post(`/staff/complaints/${reference}/accept`, {
    step: "confirm",
    days: "3",
    version: await version(reference),
  });
  expect(accept.status).toBe(303);
  const close = await liaison.post(`/staff/complaints/${reference}/close`, {
    outcome,
    resolution: "رُدمت الحفرة وأعيد سفلتة الطريق",
    version: await version(reference),
  });
  expect(close.headers.get("location")).toBe(`/staff/complaints/${reference}?done=close`);
}

const reply = (reference: string, v: string, over: Record<string, string> = {}) => ({
  outletRepliedOn: "2026-11-19",
  outletMeans: "press_statement",
  outletText: "أُبلغت الصحيفة بردم الحفرة وإعادة السفلتة",
  version: v,
  ...over,
});

const listed = async (b: Browser, tab: string, reference: string) => {
  const res = await b.get(`/national/media?tab=${tab}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const at = html.indexOf(`data-reference="${reference}"`);
  return at === -1 ? null : html.slice(at, html.indexOf("</tr>", at));
};

describe("media complaints", () => {
  it("the agency sees the outlet; once closed it awaits the unit's reply to the outlet, which the unit records once", async () => {
    const triage = await staff("triage");
    const ref = await registerMedia(triage);
    expect(await row(ref)).toMatchObject({ channel: "media", status: "routed", agencyCode: "MOMAH" });

    // The agency's page: outlet, day, the link as a safe external link, the clipping.
    const liaison = await staff("liaison.momah");
    const page = await (await liaison.get(`/staff/complaints/${ref}`)).text();
    expect(page).toContain('data-testid="media-item"');
    expect(page).toContain(OUTLET);
    expect(page).toContain("«حفرة تبتلع السيارات»");
    expect(page).toMatch(/<a href="https:\/\/news\.example\/pothole\?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"/);
    expect(page).toContain("يُرد على الوسيلة الإعلامية بعد إغلاق الطلب.");
    // Only the unit answers the outlet: no form for the agency.
    expect(page).not.toContain('id="act-answer_outlet"');
    // The same in English.
    await liaison.get("/lang/en");
    const en = await (await liaison.get(`/staff/complaints/${ref}`)).text();
    await liaison.get("/lang/ar");
    expect(en).toContain("Media coverage");
    expect(en).toContain("Media outlet");
    expect(en).toContain("Published on");
    expect(en).toContain('rel="noopener noreferrer"');

    // While the agency handles it: in the unit's "being handled" tab, not awaiting a reply.
    expect(await listed(triage, "open", ref)).toContain(OUTLET);
    expect(await listed(triage, "awaiting", ref)).toBeNull();
    // Before closure the outlet is not answered yet: refused, in words.
    const early = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, await version(ref)));
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("لا يمكن تنفيذ هذا الإجراء والطلب في حالته الحالية");

    await acceptAndClose(ref);

    // Closed: it waits for the reply to its outlet, with the outlet and its day.
    const waiting = await listed(triage, "awaiting", ref);
    expect(waiting).toContain(OUTLET);
    expect(waiting).toContain(dateText(h.deps.calendar, "ar").date("2026-11-17"));
    expect(await listed(triage, "answered", ref)).toBeNull();
    // The agency is not the unit: no list for it, and no reply either.
    expect((await liaison.get("/national/media")).status).toBe(404);
    expect((await liaison.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, await version(ref)))).status).toBe(404);

    // The unit's page offers the step.
    const unitPage = await (await triage.get(`/staff/complaints/${ref}`)).text();
    expect(unitPage).toContain('id="act-answer_outlet"');
    expect(unitPage).toContain("لم يُسجَّل الرد على الوسيلة الإعلامية بعد");

    const before = await row(ref);
    const done = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, String(before.version)));
    expect(done.headers.get("location")).toBe(`/staff/complaints/${ref}?done=answer_outlet`);
    const after = await row(ref);
    expect(after).toMatchObject({ status: "closed", version: before.version + 1 });

    // On the timeline, internal; the reply shown with the media item.
    const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, after.id));
    const ev = events.find((e) => e.type === "outlet_answered")!;
    expect(ev).toMatchObject({
      visibleToCitizen: false,
      actorKind: "staff",
      data: { outlet: OUTLET, repliedOn: "2026-11-19", means: "press_statement", outcome: "resolved" },
    });
    const shown = await (await liaison.get(`/staff/complaints/${ref}`)).text();
    expect(shown).toContain('data-event="outlet_answered"');
    expect(shown).toContain("رُدّ على الوسيلة الإعلامية");
    expect(shown).toContain('data-testid="outlet-reply"');
    expect(shown).toContain("بيان صحفي");

    // It leaves the awaiting list for the answered one.
    expect(await listed(triage, "awaiting", ref)).toBeNull();
    expect(await listed(triage, "answered", ref)).toContain("بيان صحفي");

    // Once per closure: a second reply is refused, in words.
    const twice = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, await version(ref)));
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("سُجّل الرد على الوسيلة الإعلامية لهذا الإغلاق من قبل");
    expect(
      (await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, after.id))).filter(
        (e) => e.type === "outlet_answered",
      ),
    ).toHaveLength(1);

    // Sent back by the unit and closed again: a new result, so the outlet awaits a new answer.
    const reviewer = await staff("reviewer");
    const pushed = await act(h.deps, { kind: "staff", staff: await demoStaff(database.db, "reviewer") }, ref, (await row(ref)).version, {
      action: "push_back",
      note: "الحفرة عادت بعد الأمطار",
      days: 3,
    });
    expect(pushed).toMatchObject({ ok: true, status: "in_progress" });
    const liaisonAgain = await staff("liaison.momah");
    const reclose = await liaisonAgain.post(`/staff/complaints/${ref}/close`, {
      outcome: "partially_resolved",
      resolution: "رُدمت مؤقتًا وتُعاد السفلتة في الربيع",
      version: await version(ref),
    });
    expect(reclose.status).toBe(303);
    expect(await listed(reviewer, "awaiting", ref)).toContain(OUTLET);
    const again = await reviewer.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, await version(ref), { outletMeans: "letter" }));
    expect(again.status).toBe(303);
    expect(await listed(reviewer, "awaiting", ref)).toBeNull();
  });

  it("refuses bad input in words (both languages), a stale form as a conflict, and any complaint that did not come from the media", async () => {
    const triage = await staff("triage");
    const ref = await registerMedia(triage, { mediaLink: "", mediaClipping: "نص القصاصة كما نُشر في الصحيفة" });
    await acceptAndClose(ref, "not_resolvable");
    const v = await version(ref);

    const bad = await triage.post(
      `/staff/complaints/${ref}/answer_outlet`,
      reply(ref, v, { outletRepliedOn: "2026-13-40", outletMeans: "pigeon", outletText: "" }),
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("أدخل تاريخًا صحيحًا.");
    expect(badHtml).toContain("اختر طريقة الرد من القائمة.");
    expect(badHtml).toContain('id="f-outletText-error"');

    const future = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, v, { outletRepliedOn: "2026-11-20" }));
    expect(future.status).toBe(422);
    expect(await future.text()).toContain("التاريخ في المستقبل");
    const early = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, v, { outletRepliedOn: "2026-11-16" }));
    expect(early.status).toBe(422);
    expect(await early.text()).toContain("تاريخ الرد قبل تاريخ النشر");

    await triage.get("/lang/en");
    const badEn = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, v, { outletRepliedOn: "soon" }));
    await triage.get("/lang/ar");
    expect(badEn.status).toBe(422);
    expect(await badEn.text()).toContain("Enter a valid date.");

    // A form from before a change: a conflict, not a second reply.
    const stale = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, String(Number(v) - 1)));
    expect(stale.status).toBe(409);
    // Nothing was written by any of these.
    const id = (await row(ref)).id;
    expect((await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, id))).map((e) => e.type)).not.toContain(
      "outlet_answered",
    );
    // Arabic-Indic digits are a date too.
    const ok = await triage.post(`/staff/complaints/${ref}/answer_outlet`, reply(ref, v, { outletRepliedOn: "٢٠٢٦-١١-١٨" }));
    expect(ok.status).toBe(303);

    // A complaint from the portal has no outlet: refused whatever its state.
    const r = await submitComplaint(h.deps, citizenId, {
      kind: "complaint",
      text: "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: `media-portal-${Math.random()}`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    await acceptAndClose(r.reference);
    const portal = await triage.post(`/staff/complaints/${r.reference}/answer_outlet`, reply(r.reference, await version(r.reference)));
    expect(portal.status).toBe(422);
    expect(await portal.text()).toContain("هذا الطلب لم يرد من وسيلة إعلامية");
    // Its page offers no such step.
    expect(await (await triage.get(`/staff/complaints/${r.reference}`)).text()).not.toContain('id="act-answer_outlet"');
  });

  it("shows the media item in the triage queue, and takes a link only when it is a web address", async () => {
    const triage = await staff("triage");
    const text = "موضوع عام نشرته الصحيفة دون تفاصيل كافية لتحديد الجهة المختصة";
    const refused = await triage.post(
      "/triage/register",
      {
        channel: "media",
        kind: "complaint",
        text,
        city: "riyadh",
        mediaOutlet: OUTLET,
        mediaPublishedOn: "2026-11-17",
        mediaLink: "javascript:alert(1)",
      },
      { htmx: true },
    );
    expect(refused.status).toBe(422);
    // No service and a text the router cannot place: it waits in triage, the item shown there.
    const queued = await registerMedia(triage, { service: "", text });
    expect(await row(queued)).toMatchObject({ status: "triage" });
    const queue = await (await triage.get("/triage")).text();
    const at = queue.indexOf(`data-reference="${queued}"`);
    expect(at).toBeGreaterThan(-1);
    const item = queue.slice(at, queue.indexOf('id="svc-', at));
    expect(item).toContain('data-testid="media-item"');
    expect(item).toContain(OUTLET);
    expect(item).toContain('rel="noopener noreferrer"');
  });
});
