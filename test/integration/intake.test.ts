import { createCalendar } from "../../server/calendar/index.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { citizens, complaintEvents, complaints, outbox } from "../../schema/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint, type IntakeDeps } from "../../server/complaints/submit.ts";
import { REFERENCE_PATTERN } from "../../server/complaints/reference.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { dispatchOutbox } from "../../server/notify/dispatch.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { memorySms } from "../support/app.ts";

let database: TestDatabase;
let deps: IntakeDeps;
let citizenId: string;
let n = 0;
const key = () => `client-key-${++n}-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  database = await createTestDatabase();
  const directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  deps = {
    db: database.db,
    clock: new SettableClock("2026-11-22T09:00:00+03:00"),
    calendar: createCalendar(),
    routing: buildIndex(routableServices(directory)),
    routingThreshold: 0.15,
  };
  citizenId = await insertCitizen(database.db);
});
afterAll(async () => {
  await database.close();
});

const base = { kind: "complaint", notifyBy: "sms" } as const;

describe("filing a complaint", () => {
  it("routes by text to the responsible agency, gives a readable reference and queues the SMS in the same transaction", async () => {
    const r = await submitComplaint(deps, citizenId, {
      ...base,
      text: "المويه مقطوعة عن حينا من يومين وعندنا أطفال",
      city: "riyadh",
      clientKey: key(),
    });
    expect(r).toMatchObject({
      ok: true,
      created: true,
      status: "routed",
      agencyCode: "WATER",
      serviceCode: "WATER_SUPPLY",
      routedBy: "text",
    });
    if (!r.ok) return;
    expect(r.reference).toMatch(REFERENCE_PATTERN);
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
    expect(c!.importance).toBe("high"); // defaulted from the service
    expect(await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, c!.id))).toHaveLength(1);
    const [msg] = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `complaint_received:${c!.id}:filed`));
    expect(msg).toMatchObject({ channel: "sms", recipient: "+966501234567", status: "pending" });
    const sms = memorySms();
    await dispatchOutbox({ db: database.db, sms, mailer: { send: async () => {} } }, deps.clock.now());
    expect(sms.sent.some((m) => m.text.includes(r.reference))).toBe(true);
    expect(sms.sent.find((m) => m.text.includes(r.reference))!.text.length).toBeLessThanOrEqual(70);
  });

  it("a pothole in Al Buraimi goes to BURAIMI by location; from Riyadh to MOMAH", async () => {
    const text = "في حفرة كبيرة بالطريق قدام السوق خربت كفرات السيارات";
    expect(await submitComplaint(deps, citizenId, { ...base, text, city: "albureimi", clientKey: key() })).toMatchObject({
      agencyCode: "BURAIMI",
      routedBy: "location",
    });
    expect(await submitComplaint(deps, citizenId, { ...base, text, city: "riyadh", clientKey: key() })).toMatchObject({
      agencyCode: "MOMAH",
      routedBy: "text",
    });
  });

  it("the citizen's own choice of service wins", async () => {
    const r = await submitComplaint(deps, citizenId, {
      ...base,
      text: "الحديقة مهملة والعشب ميت من شهور",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "PARKS",
      clientKey: key(),
    });
    expect(r).toMatchObject({ agencyCode: "MOMAH", serviceCode: "PARKS", routedBy: "citizen" });
  });

  it("text the router cannot place goes to the national unit's triage queue", async () => {
    const r = await submitComplaint(deps, citizenId, {
      ...base,
      text: "أرجو التواصل معي بخصوص موضوع مهم جدًا",
      city: "riyadh",
      clientKey: key(),
    });
    expect(r).toMatchObject({ status: "triage", agencyCode: null, routedBy: "triage" });
  });

  it("a retried submission with the same client key creates one complaint", async () => {
    const clientKey = key();
    const input = { ...base, text: "الكهرباء مقطوعة عن الشارع كله منذ الصباح", city: "riyadh", clientKey };
    const [a, b] = await Promise.all([submitComplaint(deps, citizenId, input), submitComplaint(deps, citizenId, input)]);
    expect(a.ok && b.ok && a.reference === b.reference).toBe(true);
    const rows = await database.db.select().from(complaints).where(eq(complaints.clientKey, clientKey));
    expect(rows).toHaveLength(1);
    expect(
      await database.db
        .select()
        .from(outbox)
        .where(eq(outbox.idempotencyKey, `complaint_received:${rows[0]!.id}:filed`)),
    ).toHaveLength(1);
  });

  it("bad input is refused with a code per field and stores nothing", async () => {
    const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints))[0]!.n;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ text: "" }, "text", "text_too_short"],
      [{ text: "x".repeat(50_000) }, "text", "text_too_long"],
      [{ agencyCode: "NOPE" }, "agencyCode", "agency_unknown"],
      [{ agencyCode: "DGA", serviceCode: "DIGITAL_TRANSFORMATION", kind: "complaint" }, "serviceCode", "service_refuses_kind"],
      [{ agencyCode: "MOMAH", serviceCode: "BUILDING_PERMITS" }, "priorReference", "prior_reference_required"],
      [{ agencyCode: "MOMAH", serviceCode: "BUILDING_PERMITS", priorReference: "abc" }, "priorReference", "prior_reference_invalid"],
      [{ city: "atlantis" }, "city", "city_unknown"],
      [{ kind: "rant" }, "kind", "kind_invalid"],
    ];
    for (const [over, field, code] of cases) {
      const r = await submitComplaint(deps, citizenId, {
        ...base,
        text: "نص شكوى صالح للاختبار هنا",
        city: "riyadh",
        clientKey: key(),
        ...over,
      });
      expect(r, JSON.stringify(over).slice(0, 80)).toEqual({
        ok: false,
        error: "invalid",
        fields: expect.objectContaining({ [field]: code }),
      });
    }
    const after = (await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints))[0]!.n;
    expect(after).toBe(before);
  });

  it("a service needing the agency's request number accepts a valid one", async () => {
    const r = await submitComplaint(deps, citizenId, {
      ...base,
      text: "طلب رخصة البناء متأخر منذ شهرين",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "BUILDING_PERMITS",
      priorReference: "4410023456",
      clientKey: key(),
    });
    expect(r).toMatchObject({ ok: true, serviceCode: "BUILDING_PERMITS" });
  });

  it("a citizen who chose email gets the reference as an Arabic email (.eml), and a failing gateway is retried later", async () => {
    const { mkdtemp, readdir, readFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { fileMailer } = await import("../../server/notify/mailer.ts");
    await database.db.update(citizens).set({ email: "sara@example.com" }).where(eq(citizens.id, citizenId));
    const r = await submitComplaint(deps, citizenId, {
      ...base,
      notifyBy: "email",
      text: "فاتورة الكهرباء مرتفعة جدا هذا الشهر",
      city: "riyadh",
      clientKey: key(),
    });
    if (!r.ok) throw new Error("refused");
    const dir = await mkdtemp(join(tmpdir(), "mail-"));
    const down = memorySms();
    down.fail = true;
    const sent = await dispatchOutbox({ db: database.db, sms: down, mailer: fileMailer(dir) }, deps.clock.now());
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    const files = await readdir(dir);
    const eml = await readFile(
      join(
        dir,
        files.find((f) => f.includes("complaint_received"))!,
      ),
      "utf8",
    );
    expect(eml).toContain("To: sara@example.com");
    expect(eml).toMatch(/Subject: =\?UTF-8\?/); // Arabic subject, MIME-encoded
    expect(eml).toContain("Content-Type: text/plain; charset=utf-8");
    // SMS rows failed on the down gateway and wait for their next attempt.
    const pending = await database.db.select().from(outbox).where(eq(outbox.status, "pending"));
    expect(pending.every((m) => m.nextAttemptAt > deps.clock.now())).toBe(true);
  });
});
