import { describe, expect, it } from "vitest";
import { agencyFormValues, agencyFromForm, formProblems, svcField } from "../../../server/directory/agency-form.ts";
import { loadDirectory, type ResolvedAgency } from "../../../server/directory/load.ts";
import { agencySchema, type AgencyFile } from "../../../server/directory/schema.ts";

// The admin form over an agency as the admin page holds it (every service's policy in
// full, as exportAgency gives it): what it shows it gives back unchanged, and the
// schema's issues land on the fields they are about.

const dir = await loadDirectory("agencies");
const cities = dir.cities.map((c) => c.code);
const asFile = (a: ResolvedAgency): AgencyFile => {
  const { file: _f, ...rest } = a;
  return agencySchema.parse({
    ...rest,
    services: a.services.map(({ reopenWindow, priorReference, ...s }) => ({
      ...s,
      ...(reopenWindow ? { reopenWindow } : {}),
      ...(priorReference ? { priorReference } : {}),
    })),
  });
};

describe("the agency form", () => {
  it.each(dir.agencies.map((a) => [a.code, a] as const))("%s: the form's fields give the agency back unchanged", (_code, a) => {
    const file = asFile(a);
    const again = agencySchema.parse(agencyFromForm(file, agencyFormValues(file), cities));
    expect(again).toEqual(file);
  });

  it("puts each schema issue on its field, and keeps what no field shows for the summary", () => {
    const file = asFile(dir.agencies.find((a) => a.code === "MOMAH")!);
    const f = agencyFormValues(file);
    const code = file.services[0]!.code;
    const bad = {
      ...f,
      nameAr: "",
      esc3Email: "x",
      [svcField(code, "sla-inquiry")]: "2.5",
      [svcField(code, "esc1")]: "0",
      coverage: "cities",
    };
    const parsed = agencySchema.safeParse(agencyFromForm(file, bad, cities));
    expect(parsed.success).toBe(false);
    const { fields, other } = formProblems(parsed.error!.issues, file, bad);
    expect(fields).toEqual({
      nameAr: { key: "required" },
      esc3Email: { key: "email" },
      [svcField(code, "sla-inquiry")]: { key: "wholeNumber", min: 0, max: 365 },
      [svcField(code, "esc1")]: { key: "hours", max: 720 },
      coverage: { key: "cities" },
    });
    expect(other).toEqual([]);
  });

  it("an empty number is a missing one, not the default; an empty prior-number section is no rule at all", () => {
    const file = asFile(dir.agencies.find((a) => a.code === "MOMAH")!);
    const code = file.services[0]!.code;
    const f = { ...agencyFormValues(file), [svcField(code, "jurisdictionDays")]: " " };
    const parsed = agencySchema.safeParse(agencyFromForm(file, f, cities));
    expect(formProblems(parsed.error!.issues, file, f).fields).toEqual({ [svcField(code, "jurisdictionDays")]: { key: "required" } });
    const withRule = { ...agencyFormValues(file), [svcField(code, "prRequired")]: "on" };
    const r = agencySchema.safeParse(agencyFromForm(file, withRule, cities));
    expect(formProblems(r.error!.issues, file, withRule).fields).toEqual({
      [svcField(code, "prPattern")]: { key: "required" },
      [svcField(code, "prLabelAr")]: { key: "required" },
      [svcField(code, "prLabelEn")]: { key: "required" },
    });
  });
});
