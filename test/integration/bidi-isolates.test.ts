import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { complaints } from "../../schema/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { registerCitizen } from "../support/citizen.ts";
import { demoStaff, signInStaff } from "../support/sessions.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";

// Issue 13 item 3, the rest: bidi isolates (U+2066–9) typed into a complaint reached
// every page, because the HTML guard can strip only overrides (the hub's formatter uses
// isolates itself). An open right-to-left isolate reorders the line after it, so the
// officer reads another account number than the one written. Typed controls are now
// neutralised as the text is read; the formatter's own isolates stay.

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;
beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
});
afterAll(async () => {
  await database?.close();
});

const TYPED = /[\u202A-\u202E\u2066-\u2069]/;

describe("typed bidi controls in citizen and officer text", () => {
  it("are stored as typed but shown nowhere: not on the citizen's page, the officer's page, the inbox or the API", async () => {
    const { browser, citizenId } = await registerCitizen(h);
    const title = "رقم الحساب \u2067 1234 5678";
    const text = "حولت المبلغ إلى الحساب \u20671234-5678\u2069 مرتين \u2068\u202E0001\u202C\u2069 دون أي رد من الجهة";
    const r = await submitComplaint(h.deps, citizenId, {
      kind: "complaint",
      title,
      text,
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: "bidi-isolates-1",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const officer = await demoStaff(database.db, "liaison.momah");
    await act(h.deps, { kind: "staff", staff: officer }, r.reference, null, { action: "accept", days: 3, reason: undefined });
    await act(h.deps, { kind: "staff", staff: officer }, r.reference, null, {
      action: "request_info",
      message: "أرسل صورة الإيصال \u2066رقم 77\u2069 \u2067",
    });

    // The record keeps what was written (it is evidence; the audit chain hashes it).
    const result = (await database.db.execute(sql`select text from complaints where reference = ${r.reference}`)) as unknown;
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { text: string }[];
    expect(rows[0]!.text).toBe(text);

    const citizenPage = await (await browser.get(`/complaints/${r.reference}`)).text();
    const staff = await signInStaff(h.app, h.deps.clock, "liaison.momah");
    const officerPage = await (await staff.get(`/staff/complaints/${r.reference}`)).text();
    const inbox = await (await staff.get(`/agency?agency=MOMAH&tab=awaiting_citizen`)).text();
    for (const [name, html] of Object.entries({ citizenPage, officerPage, inbox })) {
      const body = html.slice(html.indexOf("<body"));
      expect(body, name).toContain(name === "inbox" ? "رقم الحساب  1234 5678" : "حولت المبلغ إلى الحساب 1234-5678 مرتين 0001");
      expect(body, name).not.toContain("\u2067");
      expect(body, name).not.toContain("\u2066");
    }
    expect(citizenPage).toContain("أرسل صورة الإيصال رقم 77");
    // The hub's own isolates still reach the page (a sample reference in an Arabic hint).
    expect(await (await browser.get("/track")).text()).toContain("\u2066CMP-2026-7K3Q9X\u2069");
    expect(officerPage).toContain("رقم الحساب  1234 5678");

    const [row] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
    expect(row!.text).not.toMatch(TYPED);
    expect(row!.title).not.toMatch(TYPED);
    const api = await browser.get(`/trpc/complaints.get?input=${encodeURIComponent(JSON.stringify({ reference: r.reference }))}`);
    expect(api.status).toBe(200);
    expect(await api.text()).not.toMatch(/\\u20(6[6-9]|2[a-eA-E])|[\u202A-\u202E\u2066-\u2069]/);
  });
});
