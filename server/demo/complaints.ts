// A few complaints in every state for a fresh demo, so the liaison officer's inbox,
// the triage queue and the supervisor's workload have something to show. Written once,
// into an empty database, through the same code paths as real work.

import { calendarFor } from "../calendar/book.ts";
import { and, eq } from "drizzle-orm";
import { addWorkingDays } from "../calendar/index.ts";
import { complaints, services, staffUsers } from "../../schema/index.ts";
import type { StaffActor } from "../auth/roles.ts";
import { searchDocument } from "../complaints/search.ts";
import { act, type LifecycleDeps } from "../complaints/transition.ts";
import { writeComplaint } from "../complaints/write.ts";
import type { Command } from "../complaints/commands.ts";
import { demoRegistry, DEMO_DOMAIN } from "./seed.ts";

interface DemoCase {
  service: string | null;
  city: string;
  text: string;
  steps: Command[];
}

const CASES: DemoCase[] = [
  {
    service: "MOMAH/ROADS_POTHOLES",
    city: "riyadh",
    text: "حفرة عميقة في طريق الأمير تركي قرب الإشارة، تسببت في تلف إطارات عدة سيارات",
    steps: [],
  },
  { service: "MOMAH/STREET_LIGHTING", city: "jeddah", text: "أعمدة الإنارة مطفأة في شارع التحلية منذ أسبوع والشارع مظلم ليلًا", steps: [] },
  {
    service: "MOMAH/CLEANLINESS",
    city: "riyadh",
    text: "تراكم النفايات خلف السوق المركزي في حي النسيم والروائح منتشرة",
    steps: [{ action: "accept", days: 3, reason: undefined }],
  },
  {
    service: "MOMAH/STRAY_ANIMALS",
    city: "dammam",
    text: "كلاب ضالة تتجمع قرب مدرسة البنات الابتدائية صباحًا",
    steps: [
      { action: "accept", days: 3, reason: undefined },
      { action: "request_info", message: "نرجو تحديد اسم المدرسة أو إرفاق موقعها على الخريطة" },
    ],
  },
  {
    service: "MOMAH/PARKS",
    city: "riyadh",
    text: "ألعاب الأطفال في حديقة الحي مكسورة وخطرة",
    steps: [
      { action: "accept", days: 3, reason: undefined },
      { action: "close", outcome: "resolved", resolution: "استُبدلت الألعاب المكسورة وفحصت الحديقة بالكامل" },
    ],
  },
  { service: "WATER/WATER_SUPPLY", city: "riyadh", text: "انقطاع المياه عن حي الملقا منذ يومين دون إشعار", steps: [] },
  { service: null, city: "riyadh", text: "أرغب في معرفة الجهة المسؤولة عن تنظيم الفعاليات في الحي", steps: [] },
];

export async function seedDemoComplaints(deps: LifecycleDeps): Promise<number> {
  const { db } = deps;
  // Any complaint at all means this is not a fresh demo; one row answers that, where a
  // count would read the whole table at every start of a loaded database.
  const [existing] = await db.select({ id: complaints.id }).from(complaints).limit(1);
  if (existing) return 0;
  const people = await demoRegistry();
  const [triage] = await db
    .select()
    .from(staffUsers)
    .where(eq(staffUsers.email, `triage@${DEMO_DOMAIN}`));
  const [liaison] = await db
    .select()
    .from(staffUsers)
    .where(eq(staffUsers.email, `liaison.momah@${DEMO_DOMAIN}`));
  if (!triage || !liaison) return 0;
  const officer: StaffActor = {
    id: liaison.id,
    email: liaison.email,
    fullName: liaison.fullName,
    roles: [{ role: "liaison", agencyCode: "MOMAH" }],
  };
  const now = deps.clock.now();
  let n = 0;
  for (const [i, c] of CASES.entries()) {
    const person = people[i % people.length]!;
    const name = [person.firstName, person.fatherName, person.grandfatherName, person.familyName].join(" ");
    const [agencyCode, serviceCode] = c.service ? c.service.split("/") : [null, null];
    const [svc] = agencyCode
      ? await db
          .select()
          .from(services)
          .where(and(eq(services.agencyCode, agencyCode), eq(services.code, serviceCode!)))
      : [];
    const decideBy = svc ? addWorkingDays(calendarFor(deps, agencyCode), now, svc.jurisdictionDays) : null;
    const row = await writeComplaint(
      db,
      {
        values: {
          kind: "complaint",
          status: svc ? "routed" : "triage",
          citizenId: null,
          registeredBy: triage.id,
          channel: "call_centre",
          identityVerified: true,
          contact: { nationalId: person.nationalId, name, mobile: `+9665000000${String(i).padStart(2, "0")}` },
          text: c.text,
          city: c.city,
          agencyCode,
          serviceCode,
          routedBy: svc ? "citizen" : "triage",
          complexity: svc?.complexity ?? "routine",
          importance: svc?.importance ?? "medium",
          actionType: svc?.actionType ?? "process",
          jurisdictionDueAt: decideBy,
          actionDueAt: decideBy,
          slaNextAt: decideBy,
          routedAt: svc ? now : null,
          notifyBy: "sms",
          createdAt: now,
          updatedAt: now,
        },
        files: [],
        actor: { kind: "staff", id: triage.id },
        notify: null,
        search: searchDocument([c.text, name]),
      },
      now,
    );
    if (!row || row === "guard_failed") continue;
    for (const step of c.steps) await act(deps, { kind: "staff", staff: officer }, row.reference, null, step);
    n++;
  }
  return n;
}
