import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import {
  beyondReason,
  dueEvents,
  levelOf,
  nextCheck,
  replanDeadlines,
  reportSchedule,
  resolutionStart,
  SLA_KINDS,
  slaSchedule,
  warningTime,
  type PlannedDeadlines,
  type SlaComplaint,
} from "../../../server/sla/rules.ts";

// Every expectation below is worked out by hand, not by calling the code under test.
// Riyadh time (UTC+3), Friday–Saturday weekend, working hours 07:30–14:30 (04:30–11:30
// UTC, 7 h a day). December 2026: Thursday 3, Sunday 6, Tuesday 8, Sunday 13 …
const plain = createCalendar();
// The same calendar with Sunday 13 December a public holiday.
const holiday = createCalendar({ holidays: [{ date: "2026-12-13", source: "manual", nameEn: "Closure" }] });
const at = (iso: string) => new Date(iso);
const accepted = at("2026-12-03T09:00:00Z");
const cycle = "0@2026-12-03T09:00:00.000Z";

const none: SlaComplaint = {
  status: "in_progress",
  jurisdictionDueAt: null,
  dueAt: null,
  pausedAt: null,
  infoDueAt: null,
  closedAt: null,
  outcome: null,
  reopenUntil: null,
  reopenCount: 0,
  acceptedAt: null,
  escalationHours: [24, 12, 12],
};
// Due when Tuesday 8 December ends: midnight Riyadh is 21:00 UTC the day before.
const inProgress: SlaComplaint = { ...none, dueAt: at("2026-12-08T21:00:00Z"), acceptedAt: accepted };
const plan = (s: ReturnType<typeof slaSchedule>) => s.map((e) => [e.kind, e.at.toISOString(), e.key]);

describe("slaSchedule: the resolution ladder", () => {
  it("warning on Monday's start, level 1 when Tuesday ends, then 24, 12 and 12 working hours, over the weekend and a holiday", () => {
    expect(plan(slaSchedule(inProgress, holiday))).toEqual([
      // One working day before the due day (Tuesday 8): the start of Monday 7.
      ["resolution_warning", "2026-12-06T21:00:00.000Z", `resolution_warning:${cycle}`],
      ["escalation_1", "2026-12-08T21:00:00.000Z", `escalation_1:${cycle}`],
      // 24 h: Wednesday 9 (7), Thursday 10 (14), weekend, Sunday 13 a holiday, Monday 14
      // (21), then 3 h into Tuesday 15: 10:30 Riyadh.
      ["escalation_2", "2026-12-15T07:30:00.000Z", `escalation_2:${cycle}`],
      // 12 h: the rest of Tuesday 15 (4), Wednesday 16 (11), 1 h into Thursday 17.
      ["escalation_3", "2026-12-17T05:30:00.000Z", `escalation_3:${cycle}`],
      // 12 h: the rest of Thursday 17 (6), weekend, 6 h into Sunday 20: 13:30 Riyadh.
      ["beyond_agency", "2026-12-20T10:30:00.000Z", `beyond_agency:resolution:${cycle}`],
    ]);
  });

  it("without the holiday level 2 comes a working day sooner (Monday 14, 10:30)", () => {
    expect(slaSchedule(inProgress, plain).find((e) => e.kind === "escalation_2")!.at).toEqual(at("2026-12-14T07:30:00Z"));
  });

  it("a service's own delays are used, and a warning window of 2 days skips the weekend backwards", () => {
    // Due when Sunday 6 ends: back over Saturday and Friday to Thursday 3 and Wednesday 2.
    const s = slaSchedule({ ...inProgress, dueAt: at("2026-12-06T21:00:00Z"), escalationHours: [7, 7, 7] }, plain, { warningDays: 2 });
    expect(plan(s).map(([k, t]) => [k, t])).toEqual([
      ["resolution_warning", "2026-12-01T21:00:00.000Z"],
      ["escalation_1", "2026-12-06T21:00:00.000Z"],
      // A whole working day each: Monday 7's close, Tuesday 8's, Wednesday 9's.
      ["escalation_2", "2026-12-07T11:30:00.000Z"],
      ["escalation_3", "2026-12-08T11:30:00.000Z"],
      ["beyond_agency", "2026-12-09T11:30:00.000Z"],
    ]);
  });

  it("each cycle has its own keys: a reopening or a new acceptance is watched afresh", () => {
    const again = slaSchedule({ ...inProgress, reopenCount: 1, acceptedAt: at("2026-12-10T06:00:00Z") }, plain);
    expect(again.map((e) => e.key)).toContain("escalation_1:1@2026-12-10T06:00:00.000Z");
    expect(slaSchedule({ ...inProgress, acceptedAt: null }, plain)[0]!.key).toBe("resolution_warning:0@-");
  });
});

describe("slaSchedule: the other states", () => {
  it("routed: the jurisdiction decision climbs levels 1–3 and then reaches the unit", () => {
    // Due when Thursday 3 ends; 24 h: Sunday 6, Monday 7, Tuesday 8 (21), 3 h into
    // Wednesday 9; 12 h: Wednesday's rest (4), Thursday 10 (11), 1 h into Sunday 13.
    const j = "2026-12-03T21:00:00.000Z";
    expect(plan(slaSchedule({ ...none, status: "routed", jurisdictionDueAt: at(j) }, plain))).toEqual([
      ["jurisdiction_overdue", j, `jurisdiction_overdue:${j}`],
      ["jurisdiction_2", "2026-12-09T07:30:00.000Z", `jurisdiction_2:${j}`],
      ["jurisdiction_3", "2026-12-13T05:30:00.000Z", `jurisdiction_3:${j}`],
      ["beyond_agency", "2026-12-14T10:30:00.000Z", `beyond_agency:jurisdiction:${j}`],
    ]);
    // The holiday on Sunday 13 pushes level 3 to Monday 14 and the unit to Tuesday 15.
    expect(
      plan(slaSchedule({ ...none, status: "routed", jurisdictionDueAt: at(j) }, holiday))
        .slice(2)
        .map(([k, t]) => [k, t]),
    ).toEqual([
      ["jurisdiction_3", "2026-12-14T05:30:00.000Z"],
      ["beyond_agency", "2026-12-15T10:30:00.000Z"],
    ]);
  });

  it("awaiting the citizen: the resolution clock is stopped; a reminder half-way, then the time runs out", () => {
    const paused = {
      ...inProgress,
      status: "awaiting_citizen",
      pausedAt: at("2026-12-03T09:00:00Z"),
      infoDueAt: at("2026-12-08T21:00:00Z"),
    };
    // 132 hours between them: half-way is 66 hours on, Sunday 6 at 03:00 UTC.
    expect(plan(slaSchedule(paused, plain))).toEqual([
      ["info_reminder", "2026-12-06T03:00:00.000Z", "info_reminder:2026-12-03T09:00:00.000Z"],
      ["info_expired", "2026-12-08T21:00:00.000Z", "info_expired:2026-12-03T09:00:00.000Z"],
    ]);
  });

  it("closed: the satisfaction invitation at once and the end of the reopen window; none for a withdrawal", () => {
    const closed = {
      ...none,
      status: "closed",
      outcome: "resolved",
      closedAt: at("2026-12-03T10:00:00Z"),
      reopenUntil: at("2026-12-17T21:00:00Z"),
    };
    expect(plan(slaSchedule(closed, plain))).toEqual([
      ["satisfaction_invite", "2026-12-03T10:00:00.000Z", "satisfaction_invite:2026-12-03T10:00:00.000Z"],
      ["reopen_expired", "2026-12-17T21:00:00.000Z", "reopen_expired:2026-12-03T10:00:00.000Z"],
    ]);
    expect(plan(slaSchedule({ ...closed, reopenUntil: null }, plain)).map(([k]) => k)).toEqual(["satisfaction_invite"]);
    expect(slaSchedule({ ...closed, outcome: "withdrawn" }, plain)).toEqual([]);
  });

  it("triage, withdrawn, or a state without its dates: nothing to watch", () => {
    for (const status of ["triage", "withdrawn"]) expect(slaSchedule({ ...inProgress, status }, plain)).toEqual([]);
    expect(slaSchedule({ ...none, status: "routed" }, plain)).toEqual([]);
    expect(slaSchedule(none, plain)).toEqual([]);
  });
});

describe("dueEvents and nextCheck", () => {
  const s = slaSchedule(inProgress, holiday);
  it("due: what has come and not fired, in time order; the due instant itself counts", () => {
    expect(dueEvents(s, new Set(), at("2026-12-08T20:59:59Z")).map((e) => e.kind)).toEqual(["resolution_warning"]);
    expect(dueEvents(s, new Set(), at("2026-12-08T21:00:00Z")).map((e) => e.kind)).toEqual(["resolution_warning", "escalation_1"]);
    expect(dueEvents(s, new Set([`resolution_warning:${cycle}`]), at("2026-12-09T00:00:00Z")).map((e) => e.kind)).toEqual(["escalation_1"]);
  });

  it("next: the first event not fired yet (even one already due); null once all have", () => {
    expect(nextCheck(s, new Set())).toEqual(at("2026-12-06T21:00:00Z"));
    expect(nextCheck(s, new Set([`resolution_warning:${cycle}`, `escalation_1:${cycle}`]))).toEqual(at("2026-12-15T07:30:00Z"));
    expect(nextCheck(s, new Set(s.map((e) => e.key)))).toBeNull();
  });
});

describe("levelOf and beyondReason", () => {
  it("jurisdiction overdue is level 1 like escalation 1; beyond the agency stays at 3; the rest have none", () => {
    const levels = Object.fromEntries(SLA_KINDS.map((k) => [k, levelOf(k)]));
    expect(levels).toEqual({
      jurisdiction_overdue: 1,
      resolution_warning: 0,
      escalation_1: 1,
      escalation_2: 2,
      escalation_3: 3,
      jurisdiction_2: 2,
      jurisdiction_3: 3,
      beyond_agency: 3,
      info_reminder: 0,
      info_expired: 0,
      satisfaction_invite: 0,
      reopen_expired: 0,
    });
  });

  it("the key says which ladder led beyond the agency", () => {
    expect(beyondReason("beyond_agency:jurisdiction:2026-12-03T21:00:00.000Z")).toBe("jurisdiction");
    expect(beyondReason(`beyond_agency:resolution:${cycle}`)).toBe("resolution");
  });
});

describe("warningTime", () => {
  it("the start of the working day n working days before the due day, across the weekend and a holiday", () => {
    // Due when Monday 14 ends: one back is Sunday 13, a holiday on one calendar → Thursday 10.
    expect(warningTime(plain, at("2026-12-14T21:00:00Z"), 1)).toEqual(at("2026-12-12T21:00:00Z"));
    expect(warningTime(holiday, at("2026-12-14T21:00:00Z"), 1)).toEqual(at("2026-12-09T21:00:00Z"));
    expect(warningTime(plain, at("2026-12-14T21:00:00Z"), 0)).toEqual(at("2026-12-13T21:00:00Z"));
  });
});

describe("resolutionStart", () => {
  it("on receipt the days taken to decide jurisdiction are inside the window; on acceptance they are not", () => {
    const received = at("2026-12-01T08:00:00Z");
    expect(resolutionStart("receipt", received, accepted)).toBe(received);
    expect(resolutionStart("acceptance", received, accepted)).toBe(accepted);
  });
});

describe("replanDeadlines", () => {
  const routed: PlannedDeadlines = {
    status: "routed",
    routedAt: at("2026-12-03T09:00:00Z"),
    jurisdictionDays: 3,
    // Three working days from Thursday 3 on the plain calendar: Sunday 6, Monday 7 and
    // Tuesday 8, due when Tuesday ends.
    jurisdictionDueAt: at("2026-12-08T21:00:00Z"),
    dueFrom: null,
    resolutionDays: null,
    pausedDays: 0,
    dueAt: null,
    pausedAt: null,
    infoDueAt: null,
  };
  const monday = createCalendar({ holidays: [{ date: "2026-12-07", source: "manual" }] });

  it("nothing moves on the calendar the dates were counted on", () => {
    expect(replanDeadlines(routed, plain, 3)).toBeNull();
  });

  it("a new holiday on Monday 7 moves the jurisdiction decision to the end of Wednesday 9", () => {
    expect(replanDeadlines(routed, monday, 3)).toEqual({ jurisdictionDueAt: at("2026-12-09T21:00:00Z"), dueAt: null, infoDueAt: null });
  });

  it("a resumed window counts its days plus the paused ones from the same start; the information deadline moves too", () => {
    const paused: PlannedDeadlines = {
      ...routed,
      status: "awaiting_citizen",
      jurisdictionDueAt: at("2026-12-01T21:00:00Z"),
      dueFrom: at("2026-12-03T09:00:00Z"),
      resolutionDays: 3,
      pausedDays: 2,
      // 5 working days: Sunday 6 … Thursday 10.
      dueAt: at("2026-12-10T21:00:00Z"),
      pausedAt: at("2026-12-03T09:00:00Z"),
      infoDueAt: at("2026-12-08T21:00:00Z"),
    };
    expect(replanDeadlines(paused, plain, 3)).toBeNull();
    // Monday 7 off: Sunday 6, 8, 9, 10 and Sunday 13; the answer's 3 days end Wednesday 9.
    // The jurisdiction date is settled once the complaint is accepted: it stays.
    expect(replanDeadlines(paused, monday, 3)).toEqual({
      jurisdictionDueAt: at("2026-12-01T21:00:00Z"),
      dueAt: at("2026-12-13T21:00:00Z"),
      infoDueAt: at("2026-12-09T21:00:00Z"),
    });
  });
});

describe("reportSchedule", () => {
  it("a warning the working day before, overdue at the due time, each unanswered follow-up at its own; nothing once closed", () => {
    const r = {
      status: "open",
      // Due when Sunday 6 ends: the warning is at the start of Thursday 3.
      dueAt: at("2026-12-06T21:00:00Z"),
      followups: [
        { id: "f1", dueAt: at("2026-12-04T21:00:00Z"), answered: false },
        { id: "f2", dueAt: at("2026-12-01T21:00:00Z"), answered: true },
      ],
    };
    expect(reportSchedule(r, plain).map((e) => [e.kind, e.at.toISOString(), e.key])).toEqual([
      ["report_warning", "2026-12-02T21:00:00.000Z", "report_warning"],
      ["followup_overdue", "2026-12-04T21:00:00.000Z", "followup_overdue:f1"],
      ["report_overdue", "2026-12-06T21:00:00.000Z", "report_overdue"],
    ]);
    expect(reportSchedule({ ...r, status: "closed" }, plain)).toEqual([]);
  });
});
