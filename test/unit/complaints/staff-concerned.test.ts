import { describe, expect, it } from "vitest";
import { staffConcernedKey } from "../../../server/complaints/staff-concerned.ts";

// One person, however the citizen spelled the name: the folding issue 19's repeated
// complaints per staff member count by.
describe("staffConcernedKey", () => {
  it("folds Arabic letter forms, marks, tatweel, spaces, punctuation and case", () => {
    const key = staffConcernedKey("أحمد الغامدي");
    expect(key).toBe("احمد الغامدي");
    for (const s of ["احمد الغامدى", "أحمـد  الغامِدي.", " إحمد الغامدي ", "أحمد-الغامدي"]) expect(staffConcernedKey(s), s).toBe(key);
    expect(staffConcernedKey("Ahmed AL-Ghamdi")).toBe("ahmed al ghamdi");
  });
  it("drops the titles citizens put in front, but never the whole name", () => {
    expect(staffConcernedKey("الأستاذ أحمد الغامدي")).toBe("احمد الغامدي");
    expect(staffConcernedKey("الموظفة سارة")).toBe("ساره");
    expect(staffConcernedKey("Dr. Sara Ali")).toBe("sara ali");
    expect(staffConcernedKey("الدكتور")).toBe("الدكتور");
  });
  it("is null for nothing", () => {
    for (const s of [undefined, null, "", "  ", "..."]) expect(staffConcernedKey(s)).toBeNull();
  });
});
