import { freePort } from "./server-process.ts";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { outbox } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { fileReport } from "../../server/reports/reports.ts";
import { runSla } from "../../server/jobs/sla.ts";
import type { SettableClock } from "../../server/clock.ts";
import { createTestDatabase } from "./db.ts";
import { demoHub } from "./demo-hub.ts";
import { registerCitizen } from "./citizen.ts";
import { demoStaff, keepCitizen, signInStaff } from "./sessions.ts";
import { AISHA } from "./registry.ts";
import { Browser } from "./http.ts";

/** Every kind of user the accessibility suite and the screenshots look at the hub as. */
export const ROLES = ["anonymous", "citizen", "liaison.momah", "supervisor.momah", "triage", "reviewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The hub in this process on a fresh embedded (or DATABASE_URL) database with the demo
 * accounts and a small story in it: a citizen whose complaint MOMAH accepted and let go
 * overdue, an escalation report about it, a closed complaint with its rating link, a
 * complaint waiting for MOMAH's decision and a few the router left to triage. It listens
 * on 127.0.0.1 so a real Chromium can load it; each role is signed in once.
 */
export async function startStoryHub() {
  const database = await createTestDatabase();
  // Chromium posts from the address served below; the in-process test browser from localhost.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const h = await demoHub(database, { demo: true, allowedOrigins: [url, "http://localhost"] });
  const clock = h.deps.clock as SettableClock;
  const { browser: citizen, citizenId } = await registerCitizen(h);
  const officer = { kind: "staff" as const, staff: await demoStaff(database.db, "liaison.momah") };
  const file = async (
    text: string,
    key: string,
    target: { agencyCode?: string; serviceCode?: string } = { agencyCode: "MOMAH", serviceCode: "ROADS_POTHOLES" },
  ) => {
    const r = await submitComplaint(h.deps, citizenId, {
      kind: "complaint",
      text,
      city: "riyadh",
      ...target,
      notifyBy: "sms",
      clientKey: key,
    });
    if (!r.ok) throw new Error(`filing ${key} failed`);
    return r.reference;
  };

  const complaint = await file("الرصيف مكسور أمام المدرسة ويعيق المشاة", "a11y-accepted");
  await act(h.deps, officer, complaint, null, { action: "accept", days: 3, reason: undefined });
  const closed = await file("حفرة عميقة في طريق الملك عبدالله أمام المخرج 9", "a11y-closed");
  await act(h.deps, officer, closed, null, { action: "accept", days: 3, reason: undefined });
  await act(h.deps, officer, closed, null, { action: "close", outcome: "resolved", resolution: "رُدمت الحفرة وأعيد رصف المسار" });
  clock.set("2026-11-19T12:05:00+03:00");
  await runSla(h.deps);
  const [invite] = await database.db.select().from(outbox).where(eq(outbox.template, "satisfaction_invite"));
  const ratePath = invite ? new URL(String(invite.payload.link)).pathname : null;
  const waiting = await file("إنارة الشارع مطفأة منذ أسبوع في حي النرجس", "a11y-waiting", {
    agencyCode: "MOMAH",
    serviceCode: "STREET_LIGHTING",
  });
  const triage: string[] = [];
  // Vague texts, and a threshold nothing reaches, so each goes to the triage queue whatever the router makes of it.
  for (let i = 0; i < 6; i++) {
    const r = await submitComplaint({ ...h.deps, routingThreshold: 1.01 }, citizenId, {
      kind: "complaint",
      text: `ملاحظة عامة رقم ${i} بلا تفاصيل كافية`,
      city: "riyadh",
      notifyBy: "sms",
      clientKey: `a11y-triage-${i}`,
    });
    if (!r.ok || r.status !== "triage") throw new Error(`a11y-triage-${i} did not reach triage: ${JSON.stringify(r)}`);
    triage.push(r.reference);
  }
  clock.set("2026-11-26T09:00:00+03:00"); // the accepted one is overdue, so it may be escalated
  const filedReport = await fileReport(h.deps, citizenId, {
    type: "escalation",
    complaint,
    text: "تجاوزت الجهة المدة ولم يصلح الرصيف",
    clientKey: "a11y-report",
  });
  if (!filedReport.ok) throw new Error("report failed");

  // Signed in after the last clock change, so no session has expired by the clock.
  const sessions = new Map<Role, Browser>([["anonymous", new Browser(h.app)]]);
  sessions.set("citizen", await keepCitizen(citizen, AISHA.nationalId));
  for (const who of ROLES.filter((r) => r !== "anonymous" && r !== "citizen"))
    sessions.set(who, await signInStaff(h.app, h.deps.clock, who));

  const server = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  return {
    h,
    url,
    sessions,
    story: { complaint, closed, waiting, triage, report: filedReport.reference, ratePath },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}

export type StoryHub = Awaited<ReturnType<typeof startStoryHub>>;
