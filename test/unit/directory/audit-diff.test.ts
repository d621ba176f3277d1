import { describe, expect, it } from "vitest";
import { auditDiff } from "../../../server/directory/audit-diff.ts";

// The change log's diff (issue 17 §4): only what changed, records matched by code, the
// escalation levels by position, lists of plain values as one value.

describe("auditDiff", () => {
  it("lists only the leaves that differ, with their old and new values", () => {
    expect(auditDiff({ name: { ar: "أ", en: "A" }, website: "x" }, { name: { ar: "أ", en: "B" }, website: "x" })).toEqual([
      { path: ["name", "en"], before: "A", after: "B" },
    ]);
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it("matches services by code, whatever their order, and shows one added or removed field by field", () => {
    const before = {
      services: [
        { code: "A", sla: { complaint: 3 } },
        { code: "B", sla: { complaint: 2 } },
      ],
    };
    const after = {
      services: [
        { code: "B", sla: { complaint: 2 } },
        { code: "A", sla: { complaint: 5 } },
        { code: "C", sla: { complaint: 1 } },
      ],
    };
    expect(auditDiff(before, after)).toEqual([
      { path: ["services", { code: "A" }, "sla", "complaint"], before: 3, after: 5 },
      { path: ["services", { code: "C" }, "code"], before: null, after: "C" },
      { path: ["services", { code: "C" }, "sla", "complaint"], before: null, after: 1 },
    ]);
  });

  it("counts records without a code by position from 1, and keeps lists of plain values whole", () => {
    expect(auditDiff({ escalation: [{ email: "a@x" }, { email: "b@x" }] }, { escalation: [{ email: "a@x" }, { email: "c@x" }] })).toEqual([
      { path: ["escalation", { position: 2 }, "email"], before: "b@x", after: "c@x" },
    ]);
    expect(auditDiff({ hints: { ar: ["حفرة"] } }, { hints: { ar: ["حفرة", "مطب"] } })).toEqual([
      { path: ["hints", "ar"], before: ["حفرة"], after: ["حفرة", "مطب"] },
    ]);
  });

  it("a record that appears (a holiday added) or goes (one removed) shows each of its fields", () => {
    expect(auditDiff(null, { date: "2026-11-23", nameAr: null })).toEqual([{ path: ["date"], before: null, after: "2026-11-23" }]);
    expect(auditDiff({ date: "2026-11-23" }, null)).toEqual([{ path: ["date"], before: "2026-11-23", after: null }]);
    expect(auditDiff("national", { cities: ["riyadh"] })).toEqual([{ path: [], before: "national", after: { cities: ["riyadh"] } }]);
  });
});
