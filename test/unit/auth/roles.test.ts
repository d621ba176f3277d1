import { describe, expect, it } from "vitest";
import { complaintScope, grantProblem, totpRequired, type StaffActor } from "../../../server/auth/roles.ts";

const actor = (roles: StaffActor["roles"]): StaffActor => ({ id: "x", email: "x@y.example", fullName: "X", roles });

describe("staff roles", () => {
  it("a liaison officer reads only their agency's complaints", () => {
    expect(complaintScope(actor([{ role: "liaison", agencyCode: "MOMAH" }]))).toEqual({ kind: "agencies", codes: ["MOMAH"] });
  });

  it("someone serving two agencies reads both, and nothing else", () => {
    const s = complaintScope(
      actor([
        { role: "liaison", agencyCode: "WATER" },
        { role: "agency_supervisor", agencyCode: "ELEC" },
      ]),
    );
    expect(s).toEqual({ kind: "agencies", codes: ["ELEC", "WATER"] });
  });

  it("the national unit's triage, reviewers and analysts read every agency; an admin alone reads none", () => {
    for (const role of ["triage", "reviewer", "analyst"] as const)
      expect(complaintScope(actor([{ role, agencyCode: null }]))).toEqual({ kind: "all" });
    expect(complaintScope(actor([{ role: "admin", agencyCode: null }]))).toEqual({ kind: "none" });
  });

  it("national roles and admins always need a second factor; agency staff when the agency says so", () => {
    const lookup = (code: string) => (code === "SAMA" ? "required" : "optional") as "required" | "optional";
    expect(totpRequired([{ role: "admin", agencyCode: null }], lookup)).toBe(true);
    expect(totpRequired([{ role: "analyst", agencyCode: null }], lookup)).toBe(true);
    expect(totpRequired([{ role: "liaison", agencyCode: "MOMAH" }], lookup)).toBe(false);
    expect(totpRequired([{ role: "liaison", agencyCode: "SAMA" }], lookup)).toBe(true);
  });

  it("agency roles carry an agency and national roles do not", () => {
    expect(grantProblem({ role: "liaison", agencyCode: null })).toBe("role_needs_agency");
    expect(grantProblem({ role: "triage", agencyCode: "MOMAH" })).toBe("role_is_national");
    expect(grantProblem({ role: "king", agencyCode: null })).toBe("role_unknown");
    expect(grantProblem({ role: "reviewer", agencyCode: null })).toBeNull();
  });
});
