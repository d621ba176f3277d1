import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaints } from "../../schema/index.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { calendarFor } from "../../server/calendar/book.ts";
import { registerOnBehalf } from "../../server/complaints/register-on-behalf.ts";
import { act } from "../../server/complaints/transition.ts";
import { warningTime } from "../../server/sla/rules.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { demoStaff } from "../support/sessions.ts";

// Issue 12: the lifecycle plans the SLA job's next look with the job's own policy
// (server/sla/policy.ts), not a default of its own.

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;
let triage: StaffActor;
let liaison: StaffActor;

beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
  triage = await demoStaff(database.db, "triage");
  liaison = await demoStaff(database.db, "liaison.elec");
});
afterAll(async () => {
  await database.close();
});

let n = 0;
async function routed() {
  const r = await registerOnBehalf(h.deps, triage, {
    channel: "call_centre",
    kind: "complaint",
    nationalId: "1023456782",
    dateOfBirth: "1992-09-03",
    text: `الكهرباء مقطوعة عن الحي من الصباح ${++n}`,
    city: "riyadh",
    agencyCode: "ELEC",
    serviceCode: "POWER_OUTAGE",
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}
const row = async (reference: string) => (await database.db.select().from(complaints).where(eq(complaints.reference, reference)))[0]!;

describe("one SLA policy for the lifecycle and the job", () => {
  it("accepting plans the warning with the policy the job is given, and with the default without one", async () => {
    const staff = { kind: "staff" as const, staff: liaison };
    const mine = await routed();
    expect(
      await act({ ...h.deps, policy: { warningDays: 3 } }, staff, mine, null, { action: "accept", days: 2, reason: undefined }),
    ).toMatchObject({ ok: true });
    const c = await row(mine);
    const cal = calendarFor(h.deps, c.agencyCode);
    expect(c.slaNextAt).toEqual(warningTime(cal, c.dueAt!, 3));

    const plain = await routed();
    await act(h.deps, staff, plain, null, { action: "accept", days: 2, reason: undefined });
    const d = await row(plain);
    expect(d.slaNextAt).toEqual(warningTime(cal, d.dueAt!, 1));
  });
});
