import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { adminAudit, digitalReports, satisfaction, voiceQuotes } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { errorSummary } from "../support/http.ts";

// The national unit's "voice of the beneficiary" page over HTTP: its figures on a
// hand-built set (expected values worked out below), the same figures in its CSV and
// XLSX, who may see it, the reviewer's technical-fault flag, and a quote chosen,
// edited, refused while it still names its author, published and withdrawn.

const hub = hubFixture();
let { database, h, citizenId, staff } = {} as HubFixture;
beforeAll(() => void ({ database, h, citizenId, staff } = hub));

const at = (s: string) => new Date(`${s}+03:00`);
const day = 86_400_000;
let n = 0;
async function report(p: {
  type?: "escalation" | "service_improvement" | "digital_transformation";
  agency: string;
  ground?: string | null;
  created: string;
  closedAfterDays?: number;
  rated?: "yes" | "partly" | "no";
  text?: string;
}) {
  const created = at(p.created);
  const closed = p.closedAfterDays === undefined ? null : new Date(created.getTime() + p.closedAfterDays * day);
  const reference = `DR-2026-VOICE${++n}`;
  await database.db.insert(digitalReports).values({
    reference,
    type: p.type ?? "escalation",
    status: closed ? "closed" : "open",
    citizenId,
    ground: p.ground === undefined ? ((p.type ?? "escalation") === "escalation" ? "overdue" : null) : p.ground,
    agencyCode: p.agency,
    text: p.text ?? "لم تعالج الجهة طلبي في الموعد المحدد",
    dueAt: new Date(created.getTime() + 7 * day),
    outcome: closed ? "upheld" : null,
    answer: closed ? "تمت المتابعة مع الجهة" : null,
    answeredAt: closed,
    closedAt: closed,
    ratingResolved: p.rated ?? null,
    ratingStars: p.rated ? 4 : null,
    ratedAt: p.rated && closed ? new Date(closed.getTime() + day) : null,
    createdAt: created,
    updatedAt: closed ?? created,
  });
  return reference;
}

/** Rows of one of the page's section tables: [item, value, share]. */
function sectionRows(html: string, section: string): string[][] {
  const table = new RegExp(`<table[^>]*data-testid="voice-${section}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? "";
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table)?.[1] ?? "";
  return [...body.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1]!, m[2]!, m[3]!]);
}

// One story in steps (each test picks up the data, the clock and the outbox the one before
// left): CI's shuffle still reorders the files, each on its own database, but not these steps.
describe("voice of the beneficiary", { shuffle: false }, () => {
  let r1: string, r3: string, complaintRef: string;
  beforeAll(async () => {
    // Q4 2026: four reports; one in Q3 that the quarter leaves out.
    r1 = await report({
      agency: "MOMAH",
      ground: "overdue",
      created: "2026-10-05T10:00:00",
      closedAfterDays: 10,
      rated: "yes",
      text: "أنا عائشة القحطاني، رفعت الشكوى منذ شهر ولم يتصل بي أحد على 0551234567 حتى الآن، والحفرة ما زالت أمام المدرسة",
    });
    await report({ agency: "MOMAH", ground: "no_news", created: "2026-11-02T09:00:00" });
    r3 = await report({ agency: "MOH", ground: "closed_unprocessed", created: "2026-11-03T09:00:00", closedAfterDays: 5, rated: "no" });
    await report({ type: "service_improvement", agency: "WATER", created: "2026-11-10T09:00:00" });
    await report({ agency: "MOH", created: "2026-08-10T09:00:00" });
    // Complaint ratings: 2 yes and 1 partly answered in November, 1 invitation never answered.
    const c = await submitComplaint(h.deps, citizenId, {
      kind: "complaint",
      text: "حفرة كبيرة أمام المدرسة منذ شهر",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: "voice-complaint-1",
    });
    if (!c.ok) throw new Error(JSON.stringify(c));
    complaintRef = c.reference;
    const complaintId = (await database.db.query.complaints.findFirst({ where: (t, { eq }) => eq(t.reference, c.reference) }))!.id;
    const votes: ("yes" | "partly" | null)[] = ["yes", "yes", "partly", null];
    await database.db.insert(satisfaction).values(
      votes.map((resolved, i) => ({
        complaintId,
        agencyCode: "MOMAH",
        tokenHash: `voice-token-${i}`,
        invitedAt: at("2026-11-05T10:00:00"),
        expiresAt: at("2026-12-05T10:00:00"),
        answeredAt: resolved ? at("2026-11-06T10:00:00") : null,
        resolved,
        stars: resolved ? 3 : null,
      })),
    );
  });

  it("the page shows seed 004's figures for the quarter; the CSV and the XLSX carry the same; agency staff are refused", async () => {
    const analyst = await staff("analyst");
    const res = await analyst.get("/national/voice?year=2026&quarter=4");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("صوت المستفيد: الربع 4 من 2026");
    const reports = sectionRows(page, "reports");
    // 4 received: 3 escalations (75 %), 1 improvement (25 %); 2 closed (50 %) after 10 and 5 days: 7.5 on average.
    expect(reports).toEqual([
      ["البلاغات المستلمة", "4", "—"],
      ["تصعيد طلب", "3", "75"],
      ["اقتراح تحسين خدمة رقمية", "1", "25"],
      ["طلب تحويل خدمة إلى رقمية", "0", "0"],
      ["البلاغات المكتملة (نسبة الإنجاز)", "2", "50"],
      ["متوسط أيام الإغلاق", "7.5", "—"],
    ]);
    // Votes: complaints 2 yes + 1 partly, reports 1 yes (R1) + 1 no (R3): 3 yes of 5 = 60 %, as in seed 004.
    expect(sectionRows(page, "feedback")).toEqual([
      ["الأصوات", "5", "—"],
      ["نعم، حُلّت", "3", "60"],
      ["حُلّت جزئيًا", "1", "20"],
      ["لا", "1", "20"],
      ["منها من تقييم الشكاوى", "3", "60"],
      ["منها من تقييم البلاغات الرقمية", "2", "40"],
    ]);
    expect(sectionRows(page, "agencies")).toEqual([
      ["وزارة البلديات والإسكان", "2", "66.7"],
      ["وزارة الصحة", "1", "33.3"],
    ]);
    expect(sectionRows(page, "grounds").slice(0, 5)).toEqual([
      ["بلاغات التصعيد", "3", "—"],
      ["تجاوز الطلب موعد معالجته", "1", "33.3"],
      ["أُغلق الطلب دون معالجة", "1", "33.3"],
      ["قيّم المستفيد الطلب بأنه لم يُحل", "0", "0"],
      ["لم تصل المستفيدَ أخبار عن الطلب منذ مدة", "1", "33.3"],
    ]);
    expect(sectionRows(page, "technical")).toEqual([
      ["بلاغات قيّمها مراجع", "0", "0"],
      ["بسبب عطل تقني", "0", "—"],
    ]);

    const bytes = new Uint8Array(await (await analyst.get("/national/voice.csv?year=2026&quarter=4")).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(csv[0]).toEqual(["القسم", "البند", "العدد أو القيمة", "النسبة %"]);
    const pageRows = ["reports", "feedback", "agencies", "grounds", "technical"].flatMap((s) => sectionRows(page, s));
    expect(csv.slice(1).map((r) => r.slice(1).map((v) => (v === "" ? "—" : v)))).toEqual(pageRows);

    const { default: ExcelJS } = await import("exceljs");
    const xres = await analyst.get("/national/voice.xlsx?year=2026&quarter=4");
    expect(xres.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xres.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toBe("صوت المستفيد: الربع 4 من 2026");
    const sheet: string[][] = [];
    ws.eachRow((row, i) => {
      if (i >= 2) sheet.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))));
    });
    expect(sheet.map((r) => [...r, "", "", "", ""].slice(0, 4))).toEqual(csv);

    // Only the national unit; an agency's officer and supervisor are told there is no such page.
    for (const who of ["liaison.momah", "supervisor.momah"]) {
      const b = await staff(who);
      for (const path of ["/national/voice", "/national/voice.csv?year=2026&quarter=4", "/national/voice.xlsx"])
        expect((await b.get(path)).status, `${who} ${path}`).toBe(404);
      expect((await b.post("/national/voice/quotes", { reference: r1 })).status).toBe(404);
    }
    // A bad period is a clear 422, not a 500.
    expect((await analyst.get("/national/voice?year=abc&quarter=9")).status).toBe(422);
    // English.
    await analyst.get("/lang/en?next=%2F");
    const en = await (await analyst.get("/national/voice?year=2026&quarter=4")).text();
    await analyst.get("/lang/ar?next=%2F");
    expect(en).toContain("Voice of the beneficiary: Q4 2026");
    expect(sectionRows(en, "grounds")[3]).toEqual(["The beneficiary rated it not resolved", "0", "0"]);
  });

  it("the reviewer flags technical faults when answering and on a closed report; the page counts them", async () => {
    const reviewer = await staff("reviewer");
    const open = (await database.db.select().from(digitalReports).where(eq(digitalReports.agencyCode, "WATER")))[0]!;
    const form = await (await reviewer.get(`/review/${open.reference}`)).text();
    expect(form).toContain('name="technical_fault"');
    expect(form).toContain("لم يُقيَّم");
    expect(
      (
        await reviewer.post(`/review/${open.reference}/answer`, {
          version: String(open.version),
          answer: "الخدمة متاحة الآن بعد إصلاح العطل",
          technical_fault_asked: "1",
          technical_fault: "on",
        })
      ).status,
    ).toBe(303);
    const closed = (await database.db.select().from(digitalReports).where(eq(digitalReports.reference, r3)))[0]!;
    // Closed reports accept the flag on its own; unticked means "not a fault".
    expect(
      (await reviewer.post(`/review/${r3}/technical_fault`, { version: String(closed.version), technical_fault_asked: "1" })).status,
    ).toBe(303);
    // A stale version is refused.
    expect((await reviewer.post(`/review/${r3}/technical_fault`, { version: String(closed.version), technical_fault: "on" })).status).toBe(
      409,
    );
    const flags = Object.fromEntries((await database.db.select().from(digitalReports)).map((r) => [r.reference, r.technicalFault]));
    expect(flags[open.reference]).toBe(true);
    expect(flags[r3]).toBe(false);
    expect(await (await reviewer.get(`/review/${r3}`)).text()).toContain("ليس عطلًا تقنيًا");
    // An analyst may read the page but not judge reports.
    expect((await (await staff("analyst")).post(`/review/${r3}/technical_fault`, { version: "1" })).status).toBe(404);
    const page = await (await reviewer.get("/national/voice?year=2026&quarter=4")).text();
    expect(sectionRows(page, "technical")).toEqual([
      ["بلاغات قيّمها مراجع", "2", "50"],
      ["بسبب عطل تقني", "1", "50"],
    ]);
  });

  it("a quote: chosen from a report, proposed anonymised, refused while it names its author, published, withdrawn; each step audited", async () => {
    const reviewer = await staff("reviewer");
    const chosen = await reviewer.post("/national/voice/quotes", { reference: r1.toLowerCase() });
    expect(chosen.status).toBe(303);
    const url = chosen.headers.get("location")!;
    expect(url).toMatch(/^\/national\/voice\/quotes\/[0-9a-f-]{36}\?done=choose$/);
    const id = /quotes\/([0-9a-f-]{36})/.exec(url)![1]!;
    const [q] = await database.db.select().from(voiceQuotes).where(eq(voiceQuotes.id, id));
    // The citizen's name (from the record) and the phone number are gone; the rest is as written.
    expect(q!.proposed).toBe("أنا [الاسم]، رفعت الشكوى منذ شهر ولم يتصل بي أحد على [رقم الجوال] حتى الآن، والحفرة ما زالت أمام المدرسة");
    expect(q!.status).toBe("candidate");
    expect(q!.sourceReference).toBe(r1);
    const edit = await (await reviewer.get(url)).text();
    expect(edit).toContain("0551234567"); // the original, for the reviewer only
    // Choosing the same report again gives the same quote.
    expect((await reviewer.post("/national/voice/quotes", { reference: r1 })).headers.get("location")).toContain(id);
    // Unknown and malformed references.
    const unknown = await reviewer.post("/national/voice/quotes", { reference: "DR-2026-NOSUCH" });
    expect(unknown.status).toBe(422);
    expect(errorSummary(await unknown.text())).toEqual(["لا يوجد بلاغ رقمي أو طلب بهذا الرقم."]);
    expect((await reviewer.post("/national/voice/quotes", { reference: "hello" })).status).toBe(422);
    // A complaint's text can be chosen too.
    const fromComplaint = await reviewer.post("/national/voice/quotes", { reference: complaintRef });
    expect(fromComplaint.status).toBe(303);
    const cq = (await database.db.select().from(voiceQuotes).where(eq(voiceQuotes.sourceReference, complaintRef)))[0]!;
    expect([cq.sourceKind, cq.proposed, cq.agencyCode]).toEqual(["complaint", "حفرة كبيرة أمام المدرسة منذ شهر", "MOMAH"]);

    // The reviewer types the family name back in: publishing is refused, nothing changes.
    const named = await reviewer.post(`/national/voice/quotes/${id}/publish`, {
      version: String(q!.version),
      text: "رفعت الشكوى منذ شهر ولم يتصل بي أحد، والحفرة ما زالت أمام المدرسة — القحطاني",
    });
    expect(named.status).toBe(422);
    expect(await named.text()).toContain("ما زال النص يحتوي على ما يدل على صاحبه");
    expect((await database.db.select().from(voiceQuotes).where(eq(voiceQuotes.id, id)))[0]!.status).toBe("candidate");
    const text = "رفعت الشكوى منذ شهر ولم يتصل بي أحد، والحفرة ما زالت أمام المدرسة";
    expect((await reviewer.post(`/national/voice/quotes/${id}/save`, { version: String(q!.version), text })).status).toBe(303);
    // A stale version is a conflict.
    expect((await reviewer.post(`/national/voice/quotes/${id}/publish`, { version: String(q!.version), text })).status).toBe(409);
    expect((await reviewer.post(`/national/voice/quotes/${id}/publish`, { version: String(q!.version + 1), text })).status).toBe(303);

    const analyst = await staff("analyst");
    const page = await (await analyst.get("/national/voice?year=2026&quarter=4")).text();
    expect(page).toContain(text);
    expect(page).not.toContain("0551234567");
    expect(page).not.toContain('data-testid="voice-curate"'); // analysts read, reviewers curate
    expect((await analyst.get(`/national/voice/quotes/${id}`)).status).toBe(404);
    // Another quarter does not show it.
    expect(await (await analyst.get("/national/voice?year=2026&quarter=3")).text()).not.toContain(text);

    expect((await reviewer.post(`/national/voice/quotes/${id}/withdraw`, { version: String(q!.version + 2) })).status).toBe(303);
    expect(await (await analyst.get("/national/voice?year=2026&quarter=4")).text()).not.toContain(text);

    const audits = await database.db.select().from(adminAudit).where(eq(adminAudit.key, id)).orderBy(adminAudit.id);
    const reviewerId = (await database.db.query.staffUsers.findFirst({ where: (t, { like }) => like(t.email, "reviewer@%") }))!.id;
    expect(
      audits.map((a) => [a.entity, (a.before as { status?: string } | null)?.status ?? null, (a.after as { status: string }).status]),
    ).toEqual([
      ["voice_quote", null, "candidate"],
      ["voice_quote", "candidate", "candidate"],
      ["voice_quote", "candidate", "published"],
      ["voice_quote", "published", "withdrawn"],
    ]);
    expect(audits.every((a) => a.actorId === reviewerId)).toBe(true);
    expect((audits[2]!.after as { text: string }).text).toBe(text);
  });
});
