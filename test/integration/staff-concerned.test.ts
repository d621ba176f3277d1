import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaints } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { hubFixture } from "../support/hub-fixture.ts";
import { keepCitizen } from "../support/sessions.ts";
import { AISHA, insertCitizen } from "../support/registry.ts";

// Issue 19 item 2: repeated complaints naming one staff member, seen only by the national
// unit and that agency's supervisors. The citizen names the person on the complaint form;
// the same name spelled three ways is one person; another agency's are not shown.

const hub = hubFixture();
const PERIOD = "from=2026-11-01&to=2026-11-30";
let n = 0;

async function fileAs(citizenId: string, agency: string, service: string, staffConcerned?: string, kind = "complaint") {
  return submitComplaint(hub.h.deps, citizenId, {
    kind,
    text: `تعامل الموظف معي بشكل غير لائق عند المراجعة رقم ${++n}`,
    city: "riyadh",
    agencyCode: agency,
    serviceCode: service,
    notifyBy: "sms",
    clientKey: `staff-concerned-${n}`,
    ...(staffConcerned !== undefined ? { staffConcerned } : {}),
  });
}

describe("complaints naming a staff member", () => {
  it("the form takes the name with a complaint only, and the officer and the citizen see it on the complaint", async () => {
    const cb = await keepCitizen(hub.citizen, AISHA.nationalId);
    const form = await (await cb.get("/complaints/new")).text();
    expect(form).toContain('name="staffConcerned"');
    const post = (fields: Record<string, string>) => {
      const fd = new FormData();
      const all = { kind: "complaint", text: "الموظف رفض استلام الأوراق دون سبب واضح", city: "riyadh", notifyBy: "sms", ...fields };
      for (const [k, v] of Object.entries({ clientKey: `staff-form-${++n}`, ...all })) fd.append(k, v);
      return cb.postForm("/complaints", fd);
    };
    // With another kind, a translated 422 that files nothing.
    const before = (await hub.database.db.select().from(complaints)).length;
    const inquiry = await post({ kind: "inquiry", staffConcerned: "سعد القحطاني" });
    expect(inquiry.status).toBe(422);
    expect(await inquiry.text()).toContain("اسم الموظف المشكو منه يُذكر مع الشكوى فقط");
    expect((await post({ staffConcerned: "س".repeat(201) })).status).toBe(422);
    expect((await hub.database.db.select().from(complaints)).length).toBe(before);

    const res = await post({ staffConcerned: "  الأستاذ سعد القحطاني ", service: "MOMAH/ROADS_POTHOLES" });
    expect(res.status).toBe(303);
    const ref = /CMP-\d{4}-[A-Z0-9]{6}/.exec(res.headers.get("location")!)![0];
    const [row] = await hub.database.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(row).toMatchObject({ staffConcerned: "الأستاذ سعد القحطاني", staffConcernedKey: "سعد القحطاني", agencyCode: "MOMAH" });
    expect(await (await cb.get(`/complaints/${ref}`)).text()).toContain('data-testid="staff-concerned"');
    const officer = await hub.staff("liaison.momah");
    expect(await (await officer.get(`/staff/complaints/${ref}`)).text()).toMatch(/data-testid="staff-concerned">الأستاذ سعد القحطاني</);
  });

  it("three complaints naming one person, spelled three ways, are one row for the unit and that agency's supervisor only", async () => {
    const people = [];
    for (let i = 0; i < 4; i++)
      people.push(await insertCitizen(hub.database.db, { nationalId: `10191919${10 + i}`, mobile: `+9665019191${10 + i}` }));
    for (const [who, name] of [
      [people[0]!, "أحمد الغامدي"],
      [people[1]!, "الاستاذ احمد الغامدى"],
      [people[2]!, "أحمد  الغامِدي."],
    ] as const)
      expect((await fileAs(who, "MOMAH", "STREET_LIGHTING", name)).ok).toBe(true);
    // Twice is not yet a pattern; and the same name at another agency is that agency's.
    for (const who of people.slice(0, 2)) expect((await fileAs(who, "MOMAH", "STREET_LIGHTING", "خالد الشهري")).ok).toBe(true);
    for (const who of people.slice(0, 3)) expect((await fileAs(who, "MOH", "APPOINTMENTS", "أحمد الغامدي")).ok).toBe(true);

    const unit = await (await (await hub.staff("analyst")).get(`/national/kpi/breakdowns?${PERIOD}`)).text();
    const table = /data-testid="repeated-staff-table">([\s\S]*?)<\/table>/.exec(unit)![1]!;
    const rows = [
      ...table.matchAll(
        /<tr><th scope="row">([^<]+)<\/th><td><bdi>([^<]+)<\/bdi><\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><\/tr>/g,
      ),
    ].map((m) => m.slice(1));
    expect(rows.sort()).toEqual(
      [
        ["وزارة البلديات والإسكان", expect.stringMatching(/^(الاستاذ )?[أا]حمد +الغام/), "3", "3", "3"],
        ["وزارة الصحة", "أحمد الغامدي", "3", "3", "3"],
      ].sort(),
    );
    expect(table).not.toContain("الشهري");

    const supervisor = await hub.staff("supervisor.momah");
    const own = await (await supervisor.get(`/agency/kpi/repeated?${PERIOD}`)).text();
    const ownTable = /data-testid="repeated-staff-table">([\s\S]*?)<\/table>/.exec(own)![1]!;
    expect(ownTable).toMatch(/<td>3<\/td><td>3<\/td><td>3<\/td>/);
    expect(ownTable).not.toContain("وزارة الصحة");
    expect((await supervisor.get(`/agency/kpi/repeated?agency=MOH&${PERIOD}`)).status).toBe(404);
    // The officer handles single complaints, not the count of them.
    expect((await (await hub.staff("liaison.momah")).get(`/agency/kpi/repeated?${PERIOD}`)).status).toBe(404);
    await (await hub.staff("analyst")).get("/lang/en");
    const en = await (await (await hub.staff("analyst")).get(`/national/kpi/breakdowns?${PERIOD}`)).text();
    expect(en).toContain("Complaints repeated against one staff member");
  });
});
