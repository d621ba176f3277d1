import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaints } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import type { SettableClock } from "../../server/clock.ts";
import { demoStaff } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { AISHA, seedRegistry } from "../support/registry.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { mobileApp } from "../support/mobile.ts";

// The mobile app's side of a complaint's life and of digital reports, over tRPC: the
// same rules, codes and translated texts as the web pages.

let database: TestDatabase;
let h: ReturnType<typeof testApp>;
let officer: StaffActor;
let citizenId: string;
let api: ReturnType<typeof mobileApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  await syncDirectory(database.db, await loadDirectory("agencies"));
  h = testApp(database);
  await seedDemo(database.db, h.deps.secretBox);
  officer = await demoStaff(database.db, "liaison.momah");
  const r = await registerCitizen(h);
  citizenId = r.citizenId;
  api = mobileApp(h.app, r.cookie);
});
afterAll(async () => {
  await database.close();
});
const version = async (ref: string) =>
  (await database.db.select({ v: complaints.version }).from(complaints).where(eq(complaints.reference, ref)))[0]!.v;

describe("the lifecycle and digital reports over tRPC", () => {
  it("answers, reopens and escalates with clear refusals", async () => {
    const filed = await submitComplaint(h.deps, citizenId, {
      kind: "complaint",
      text: "حفرة كبيرة أمام البيت منذ أسبوع",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: "mobile-lifecycle-1",
    });
    if (!filed.ok) throw new Error();
    const ref = filed.reference;
    await act(h.deps, { kind: "staff", staff: officer }, ref, null, { action: "accept", days: 3, reason: undefined });
    await act(h.deps, { kind: "staff", staff: officer }, ref, null, { action: "request_info", message: "أرسل صورة للحفرة" });

    const stale = await api.mutate("complaints.act", { reference: ref, version: 1, action: "answer", text: "الصورة مرفقة" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.data.reason).toBe("conflict");
    expect(stale.body.error.data.text).toContain("تغيّر هذا الطلب للتو");
    const answered = await api.mutate("complaints.act", {
      reference: ref,
      version: await version(ref),
      action: "answer",
      text: "الحفرة بجوار العمود 12",
    });
    expect(answered.status).toBe(200);
    expect(answered.body.result.data).toMatchObject({ reference: ref, status: "in_progress" });

    await act(h.deps, { kind: "staff", staff: officer }, ref, null, { action: "close", outcome: "resolved", resolution: "تم الردم" });
    const short = await api.mutate("complaints.act", { reference: ref, version: await version(ref), action: "reopen", reason: "لا" });
    expect(short.status).toBe(400);
    expect(short.body.error.data.fields.reason.message).toBe("النص قصير جدًا: اكتب 5 أحرف على الأقل.");
    const reopened = await api.mutate("complaints.act", {
      reference: ref,
      version: await version(ref),
      action: "reopen",
      reason: "ما زالت الحفرة موجودة",
    });
    expect(reopened.body.result.data.status).toBe("in_progress");
    expect((await api.mutate("complaints.act", { reference: "CMP-2026-ZZZZZZ", version: 1, action: "withdraw" })).status).toBe(404);

    // Too early to escalate: the refusal says from when.
    const early = await api.mutate("reports.file", {
      type: "escalation",
      complaint: ref,
      text: "لم تُعالج الحفرة بعد",
      clientKey: "mobile-report-1",
    });
    expect(early.status).toBe(400);
    expect(early.body.error.data.reason).toBe("not_yet");
    expect(early.body.error.data.text).toBe("لم يحن وقت التصعيد بعد: للجهة مهلة لم تنتهِ.");
    expect(early.body.error.data.eligibleFrom).toMatch(/^2026-11-2\dT/);

    (h.deps.clock as SettableClock).set(new Date(new Date(early.body.error.data.eligibleFrom).getTime() + 3600_000));
    const again = mobileApp(h.app, (await signInAgain()) ?? "");
    const ok = await again.mutate("reports.file", {
      type: "escalation",
      complaint: ref,
      text: "لم تُعالج الحفرة بعد",
      clientKey: "mobile-report-2",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.result.data.reference).toMatch(/^DR-2026-/);
    const mine = await again.query("reports.mine");
    expect(mine.body.result.data.map((r: { reference: string }) => r.reference)).toEqual([ok.body.result.data.reference]);
    const one = await again.query("reports.get", { reference: ok.body.result.data.reference });
    expect(one.body.result.data).toMatchObject({ type: "escalation", status: "open", complaintRef: ref, ground: "overdue" });
  });
});

/** After the clock jump the citizen's session has expired: sign in again like the app would. */
async function signInAgain(): Promise<string | null> {
  const res = await h.app.request("/signin", {
    method: "POST",
    headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ nationalId: AISHA.nationalId, password: "a long secret phrase" }).toString(),
  });
  const set = res.headers.getSetCookie().find((c) => c.startsWith("hub_session="));
  return set ? set.split(";")[0]! : null;
}
