import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import { slaDecision, slaSchedule, type SlaComplaint } from "../../../server/sla/rules.ts";

// slaDecision is what the set-based sweep (server/jobs/sla.ts) decides per complaint,
// from loaded facts only: what is due, when to look next, and whether the lifecycle
// must act (the one case the sweep hands to the one-by-one path).
const cal = createCalendar();
const base: SlaComplaint = {
  status: "in_progress",
  jurisdictionDueAt: null,
  dueAt: new Date("2026-12-08T21:00:00Z"),
  pausedAt: null,
  infoDueAt: null,
  closedAt: null,
  outcome: null,
  reopenUntil: null,
  reopenCount: 0,
  acceptedAt: new Date("2026-12-03T09:00:00Z"),
  escalationHours: [24, 12, 12],
};

describe("slaDecision", () => {
  it("at the due time: the warning and level 1 are due together, level 2 is next", () => {
    const d = slaDecision(base, new Set(), base.dueAt!, cal);
    expect(d.due.map((e) => e.kind)).toEqual(["resolution_warning", "escalation_1"]);
    // Level 2 is 24 working hours later on the calendar's 07:30-14:30 day: Wednesday 9,
    // Thursday 10 and Sunday 13 give 21 h, then 3 h into Monday 14 December (10:30 Riyadh).
    expect(d.next).toEqual(new Date("2026-12-14T07:30:00Z"));
    expect(d.changesState).toBe(false);
  });

  it("what fired already is not due again, and nothing left means no next look", () => {
    const keys = new Set(slaSchedule(base, cal).map((e) => e.key));
    expect(slaDecision(base, keys, new Date("2027-01-01T00:00:00Z"), cal)).toEqual({ due: [], next: null, changesState: false });
  });

  it("a citizen's expired time to answer changes the state: the lifecycle acts", () => {
    const paused: SlaComplaint = {
      ...base,
      status: "awaiting_citizen",
      pausedAt: new Date("2026-12-01T09:00:00Z"),
      infoDueAt: new Date("2026-12-04T21:00:00Z"),
    };
    const d = slaDecision(paused, new Set(), new Date("2026-12-05T00:00:00Z"), cal);
    expect(d.due.map((e) => e.kind)).toEqual(["info_reminder", "info_expired"]);
    expect(d.changesState).toBe(true);
  });

  it("before anything is due, nothing is, and the next look is the first deadline", () => {
    const d = slaDecision(base, new Set(), new Date("2026-12-03T10:00:00Z"), cal);
    expect(d.due).toEqual([]);
    expect(d.next).toEqual(slaSchedule(base, cal)[0]!.at);
  });
});
