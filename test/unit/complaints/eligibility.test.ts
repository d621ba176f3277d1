import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import { escalationEligibility, type EscalationFacts } from "../../../server/reports/eligibility.ts";

const cal = createCalendar();
const now = new Date("2026-11-19T12:00:00+03:00"); // Thursday
const facts = (f: Partial<EscalationFacts>): EscalationFacts => ({
  status: "in_progress",
  outcome: null,
  actionDueAt: new Date("2026-11-25T00:00:00+03:00"),
  lastVisibleAt: new Date("2026-11-18T09:00:00+03:00"),
  rating: null,
  openReport: false,
  ...f,
});

describe("escalation eligibility", () => {
  it("an overdue complaint may be escalated; one not yet due says from when", () => {
    expect(escalationEligibility(facts({ actionDueAt: new Date(now.getTime() - 1) }), cal, now)).toEqual({ ok: true, ground: "overdue" });
    expect(escalationEligibility(facts({ status: "routed", actionDueAt: now }), cal, now)).toEqual({ ok: true, ground: "overdue" });
    expect(escalationEligibility(facts({}), cal, now)).toEqual({
      ok: false,
      reason: "not_yet",
      eligibleFrom: new Date("2026-11-25T00:00:00+03:00"),
    });
  });

  it("ten working days without news are enough, whatever the due date", () => {
    const quiet = facts({ actionDueAt: new Date("2027-01-31T00:00:00+03:00"), lastVisibleAt: new Date("2026-11-04T09:00:00+03:00") });
    expect(escalationEligibility(quiet, cal, now)).toEqual({ ok: true, ground: "no_news" });
    const recent = facts({ actionDueAt: new Date("2027-01-31T00:00:00+03:00"), lastVisibleAt: new Date("2026-11-18T09:00:00+03:00") });
    // Ten working days after Wednesday 18th: 19, 22-26, 29, 30, Dec 1, 2 → from Thursday 3 December.
    expect(escalationEligibility(recent, cal, now)).toEqual({
      ok: false,
      reason: "not_yet",
      eligibleFrom: new Date("2026-12-03T00:00:00+03:00"),
    });
  });

  it("closed: eligible when not dealt with or rated unresolved, not when resolved and content", () => {
    expect(escalationEligibility(facts({ status: "closed", outcome: "not_resolvable" }), cal, now)).toEqual({
      ok: true,
      ground: "closed_unprocessed",
    });
    expect(escalationEligibility(facts({ status: "closed", outcome: "no_response" }), cal, now)).toEqual({
      ok: true,
      ground: "closed_unprocessed",
    });
    expect(escalationEligibility(facts({ status: "closed", outcome: "resolved", rating: { resolved: "no", stars: 4 } }), cal, now)).toEqual(
      { ok: true, ground: "rated_unresolved" },
    );
    expect(
      escalationEligibility(facts({ status: "closed", outcome: "resolved", rating: { resolved: "yes", stars: 1 } }), cal, now),
    ).toEqual({ ok: true, ground: "rated_unresolved" });
    expect(
      escalationEligibility(facts({ status: "closed", outcome: "resolved", rating: { resolved: "yes", stars: 4 } }), cal, now),
    ).toEqual({ ok: false, reason: "closed_resolved" });
    expect(escalationEligibility(facts({ status: "closed", outcome: "resolved" }), cal, now)).toEqual({
      ok: false,
      reason: "closed_resolved",
    });
  });

  it("refuses while the unit already has it, while waiting for the citizen, after a withdrawal, or twice", () => {
    expect(escalationEligibility(facts({ status: "triage" }), cal, now)).toMatchObject({ ok: false, reason: "with_national_unit" });
    expect(escalationEligibility(facts({ status: "awaiting_citizen", actionDueAt: new Date(0) }), cal, now)).toMatchObject({
      ok: false,
      reason: "awaiting_you",
    });
    expect(escalationEligibility(facts({ status: "withdrawn" }), cal, now)).toMatchObject({ ok: false, reason: "withdrawn" });
    expect(escalationEligibility(facts({ actionDueAt: new Date(0), openReport: true }), cal, now)).toMatchObject({
      ok: false,
      reason: "report_open",
    });
  });
});
