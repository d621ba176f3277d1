import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import type { StaffActor } from "../../../server/auth/roles.ts";
import {
  ACTIONS,
  STATUSES,
  available,
  decide,
  extensionNeedsReason,
  infoDeadline,
  moveCheck,
  MOVES_BEFORE_HOLD,
  parseReopenWindow,
  reopenDeadline,
  resumeDue,
  type Action,
  type Actor,
  type LifecycleState,
  type Status,
} from "../../../server/complaints/lifecycle.ts";

const staff = (roles: StaffActor["roles"]): Actor => ({ kind: "staff", staff: { id: "s", email: "s@x", fullName: "S", roles } });
const ACTORS: Record<string, Actor> = {
  owner: { kind: "citizen", id: "c1" },
  otherCitizen: { kind: "citizen", id: "c2" },
  liaison: staff([{ role: "liaison", agencyCode: "MOMAH" }]),
  supervisor: staff([{ role: "agency_supervisor", agencyCode: "MOMAH" }]),
  otherLiaison: staff([{ role: "liaison", agencyCode: "MOH" }]),
  triage: staff([{ role: "triage", agencyCode: null }]),
  reviewer: staff([{ role: "reviewer", agencyCode: null }]),
  analyst: staff([{ role: "analyst", agencyCode: null }]),
  admin: staff([{ role: "admin", agencyCode: null }]),
  system: { kind: "system" },
};

// The whole rule book, written out by hand: "action status actor" for every allowed
// combination. Anything not listed must be refused.
const AGENCY = ["liaison", "supervisor"];
const OPEN: Status[] = ["triage", "routed", "in_progress", "awaiting_citizen"];
const ALLOWED = new Set<string>([
  "route triage triage",
  ...AGENCY.flatMap((a) => [
    `accept routed ${a}`,
    `reject routed ${a}`,
    `request_info in_progress ${a}`,
    `close in_progress ${a}`,
    `close awaiting_citizen ${a}`,
  ]),
  ...AGENCY.flatMap((a) => ["routed", "in_progress", "awaiting_citizen"].map((s) => `reassign ${s} ${a}`)),
  // The agency corrects the classification while the complaint is open at it.
  ...AGENCY.flatMap((a) => ["routed", "in_progress", "awaiting_citizen"].map((s) => `reclassify ${s} ${a}`)),
  // The national unit moves it between agencies in any state before closure (not from triage: no agency yet).
  ...["triage", "reviewer"].flatMap((u) => ["routed", "in_progress", "awaiting_citizen"].map((s) => `transfer ${s} ${u}`)),
  "answer awaiting_citizen owner",
  "auto_close awaiting_citizen system",
  "reopen closed owner",
  "push_back in_progress reviewer",
  "push_back closed reviewer",
  ...OPEN.map((s) => `withdraw ${s} owner`),
  // Notes: the agency on its complaints (not while in triage: no agency yet), the national unit always.
  ...STATUSES.flatMap((s) => [`note ${s} triage`, `note ${s} reviewer`, ...(s === "triage" ? [] : AGENCY.map((a) => `note ${s} ${a}`))]),
]);
// The reply to the media outlet (seed 002 §5.2): the national unit's case workers, once
// the complaint is closed, and only for a media item (the book below is run on one).
const MEDIA_ONLY = new Set<string>(["answer_outlet closed triage", "answer_outlet closed reviewer"]);

const now = new Date("2026-11-19T12:00:00+03:00");
function state(status: Status, extra: Partial<LifecycleState> = {}): LifecycleState {
  return {
    status,
    // In triage there is no agency yet.
    agencyCode: status === "triage" ? null : "MOMAH",
    citizenId: "c1",
    outcome: status === "closed" ? "resolved" : null,
    reopenUntil: status === "closed" ? new Date(now.getTime() + 3600_000) : null,
    infoDueAt: status === "awaiting_citizen" ? new Date(now.getTime() - 1) : null,
    ...extra,
  };
}

describe("lifecycle rules", () => {
  // Every action, status and actor, on a complaint from the portal and on one the media
  // published: the channel changes only the outlet's reply.
  for (const channel of ["portal", "media"]) {
    for (const action of ACTIONS) {
      for (const status of STATUSES) {
        for (const [name, actor] of Object.entries(ACTORS)) {
          const key = `${action} ${status} ${name}`;
          const allowed = ALLOWED.has(key) || (channel === "media" && MEDIA_ONLY.has(key));
          it(`${allowed ? "allows" : "refuses"} ${key} (${channel})`, () => {
            const d = decide(state(status, { channel }), action, actor, now);
            expect(d.ok).toBe(allowed);
          });
        }
      }
    }
  }

  it("answers a media outlet once per closure, only for a media item, and says why not", () => {
    const media = (s: Status, extra: Partial<LifecycleState> = {}) => state(s, { channel: "media", ...extra });
    expect(decide(media("closed"), "answer_outlet", ACTORS.triage!, now)).toEqual({ ok: true, to: "closed" });
    // Already answered for this closure: refused (a reopen and a new close clear it: the store's fact).
    expect(decide(media("closed", { outletAnswered: true }), "answer_outlet", ACTORS.reviewer!, now)).toEqual({
      ok: false,
      error: "outlet_answered",
    });
    // Before closure: not yet.
    expect(decide(media("in_progress"), "answer_outlet", ACTORS.triage!, now)).toEqual({ ok: false, error: "not_now" });
    // Not a media item: never, whatever the state; said before "not now".
    expect(decide(state("closed"), "answer_outlet", ACTORS.triage!, now)).toEqual({ ok: false, error: "not_media" });
    expect(decide(state("in_progress", { channel: "call_centre" }), "answer_outlet", ACTORS.triage!, now)).toEqual({
      ok: false,
      error: "not_media",
    });
    // The agency resolves; the unit answers the outlet. Who you are still comes first.
    expect(decide(media("closed"), "answer_outlet", ACTORS.liaison!, now)).toEqual({ ok: false, error: "forbidden" });
    expect(decide(state("closed"), "answer_outlet", ACTORS.analyst!, now)).toEqual({ ok: false, error: "forbidden" });
    expect(available(media("closed"), ACTORS.triage!, now)).toEqual(["note", "answer_outlet"]);
    expect(available(media("closed", { outletAnswered: true }), ACTORS.triage!, now)).toEqual(["note"]);
  });

  it("moves each action to its one target status", () => {
    const to = (a: Action, s: Status, who: string) => {
      const d = decide(state(s), a, ACTORS[who]!, now);
      return d.ok ? d.to : d.error;
    };
    expect(to("route", "triage", "triage")).toBe("routed");
    expect(to("accept", "routed", "liaison")).toBe("in_progress");
    expect(to("reject", "routed", "liaison")).toBe("triage");
    expect(to("request_info", "in_progress", "liaison")).toBe("awaiting_citizen");
    expect(to("answer", "awaiting_citizen", "owner")).toBe("in_progress");
    expect(to("close", "awaiting_citizen", "supervisor")).toBe("closed");
    expect(to("auto_close", "awaiting_citizen", "system")).toBe("closed");
    expect(to("reopen", "closed", "owner")).toBe("in_progress");
    expect(to("withdraw", "routed", "owner")).toBe("withdrawn");
    expect(to("note", "closed", "liaison")).toBe("closed");
    expect(to("reassign", "in_progress", "supervisor")).toBe("in_progress");
    expect(to("push_back", "closed", "reviewer")).toBe("in_progress");
    expect(to("transfer", "in_progress", "triage")).toBe("routed");
    expect(to("transfer", "awaiting_citizen", "reviewer")).toBe("routed");
    expect(to("reclassify", "in_progress", "liaison")).toBe("in_progress");
  });

  it("says forbidden before not-now, so outsiders learn nothing about the state", () => {
    expect(decide(state("closed"), "accept", ACTORS.otherLiaison!, now)).toEqual({ ok: false, error: "forbidden" });
    expect(decide(state("closed"), "accept", ACTORS.liaison!, now)).toEqual({ ok: false, error: "not_now" });
  });

  it("reopens only inside the window and never after a withdrawal", () => {
    const until = new Date(now.getTime() + 1000);
    expect(decide(state("closed", { reopenUntil: until }), "reopen", ACTORS.owner!, now).ok).toBe(true);
    expect(decide(state("closed", { reopenUntil: until }), "reopen", ACTORS.owner!, until)).toEqual({ ok: false, error: "reopen_closed" });
    expect(decide(state("closed", { reopenUntil: null }), "reopen", ACTORS.owner!, now)).toEqual({ ok: false, error: "reopen_closed" });
    expect(decide(state("closed", { outcome: "withdrawn", reopenUntil: until }), "reopen", ACTORS.owner!, now)).toEqual({
      ok: false,
      error: "reopen_closed",
    });
  });

  it("closes for no response only once the citizen's three working days are over", () => {
    const due = new Date(now.getTime() + 1000);
    expect(decide(state("awaiting_citizen", { infoDueAt: due }), "auto_close", ACTORS.system!, now)).toEqual({
      ok: false,
      error: "info_not_due",
    });
    expect(decide(state("awaiting_citizen", { infoDueAt: due }), "auto_close", ACTORS.system!, due).ok).toBe(true);
  });

  it("caps moves between agencies at three: the agency cannot reject again, the unit moves it only with a reviewer's override", () => {
    expect(MOVES_BEFORE_HOLD).toBe(3);
    expect(decide(state("routed", { moves: 2 }), "reject", ACTORS.liaison!, now).ok).toBe(true);
    expect(decide(state("routed", { moves: 3 }), "reject", ACTORS.liaison!, now)).toEqual({ ok: false, error: "move_cap" });
    expect(moveCheck(2, ACTORS.triage!, false)).toEqual({ ok: true, overridden: false });
    expect(moveCheck(3, ACTORS.triage!, false)).toEqual({ ok: false, error: "move_cap" });
    expect(moveCheck(3, ACTORS.triage!, true)).toEqual({ ok: false, error: "override_forbidden" });
    expect(moveCheck(3, ACTORS.admin!, true)).toEqual({ ok: false, error: "override_forbidden" });
    expect(moveCheck(5, ACTORS.reviewer!, true)).toEqual({ ok: true, overridden: true });
  });

  it("handles praise and inquiries as what they are", () => {
    const praise = (s: Status) => state(s, { kind: "praise" });
    // Praise: acknowledged by the agency, never decided on, asked about or closed as a complaint.
    expect(available(praise("routed"), ACTORS.liaison!, now)).toEqual(["note", "reassign", "reclassify", "acknowledge"]);
    expect(decide(praise("routed"), "acknowledge", ACTORS.liaison!, now)).toEqual({ ok: true, to: "closed" });
    for (const a of ["accept", "reject"] as const)
      expect(decide(praise("routed"), a, ACTORS.liaison!, now)).toEqual({ ok: false, error: "not_for_kind" });
    expect(decide(praise("in_progress"), "request_info", ACTORS.liaison!, now)).toEqual({ ok: false, error: "not_for_kind" });
    expect(decide(praise("in_progress"), "close", ACTORS.liaison!, now)).toEqual({ ok: false, error: "not_for_kind" });
    expect(decide(praise("routed"), "acknowledge", ACTORS.otherLiaison!, now)).toEqual({ ok: false, error: "forbidden" });
    // An inquiry: answered and closed in one step, from arrival on.
    const inquiry = (s: Status) => state(s, { kind: "inquiry" });
    expect(decide(inquiry("routed"), "answer_inquiry", ACTORS.liaison!, now)).toEqual({ ok: true, to: "closed" });
    expect(decide(inquiry("awaiting_citizen"), "answer_inquiry", ACTORS.supervisor!, now)).toEqual({ ok: true, to: "closed" });
    expect(decide(state("routed"), "answer_inquiry", ACTORS.liaison!, now)).toEqual({ ok: false, error: "not_for_kind" });
    expect(decide(state("routed"), "acknowledge", ACTORS.liaison!, now)).toEqual({ ok: false, error: "not_for_kind" });
    expect(decide(inquiry("routed"), "accept", ACTORS.liaison!, now).ok).toBe(true);
  });

  it("lists the buttons an actor may press", () => {
    expect(available(state("routed"), ACTORS.liaison!, now)).toEqual(["accept", "reject", "note", "reassign", "reclassify"]);
    expect(available(state("routed", { moves: 3 }), ACTORS.liaison!, now)).toEqual(["accept", "note", "reassign", "reclassify"]);
    expect(available(state("in_progress"), ACTORS.triage!, now)).toEqual(["note", "transfer"]);
    expect(available(state("awaiting_citizen"), ACTORS.owner!, now)).toEqual(["answer", "withdraw"]);
    expect(available(state("in_progress"), ACTORS.otherLiaison!, now)).toEqual([]);
  });
});

describe("lifecycle deadlines", () => {
  const cal = createCalendar({ holidays: [{ date: "2026-11-24", nameEn: "A holiday", source: "manual" }] });
  // Thursday 19 Nov 2026, noon in Riyadh; weekend Friday and Saturday; Tuesday 24th a holiday.
  const thu = new Date("2026-11-19T12:00:00+03:00");

  it("gives the citizen three working days to answer", () => {
    // Sun 22, Mon 23, (Tue 24 holiday), Wed 25 → ends at Thursday 26's midnight.
    expect(infoDeadline(cal, thu).toISOString()).toBe(new Date("2026-11-26T00:00:00+03:00").toISOString());
  });

  it("extends the due date by the working days the complaint waited for the citizen", () => {
    const due = new Date("2026-11-26T00:00:00+03:00"); // end of Wednesday 25th
    // Paused Thursday noon, answered Monday 23rd 10:00: only Sunday 22nd ended in between.
    const r = resumeDue(cal, due, thu, new Date("2026-11-23T10:00:00+03:00"));
    expect(r.pausedDays).toBe(1);
    expect(r.due.toISOString()).toBe(new Date("2026-11-27T00:00:00+03:00").toISOString()); // Thursday 26th ends
    // Answered the same day: no working day passed, nothing moves.
    expect(resumeDue(cal, due, thu, new Date("2026-11-19T18:00:00+03:00"))).toEqual({ due, pausedDays: 0 });
  });

  it("opens the reopen window in working days or in hours", () => {
    expect(parseReopenWindow("3wd")).toEqual({ unit: "working_days", n: 3 });
    expect(parseReopenWindow("48h")).toEqual({ unit: "hours", n: 48 });
    expect(parseReopenWindow("0h")).toBeNull();
    expect(parseReopenWindow("soon")).toBeNull();
    expect(reopenDeadline(cal, thu, { unit: "hours", n: 48 }).toISOString()).toBe(new Date("2026-11-21T12:00:00+03:00").toISOString());
    expect(reopenDeadline(cal, thu, { unit: "working_days", n: 3 }).toISOString()).toBe(
      new Date("2026-11-26T00:00:00+03:00").toISOString(),
    );
  });

  it("asks for a reason only for windows longer than the service's SLA", () => {
    expect(extensionNeedsReason(10, 10)).toBe(false);
    expect(extensionNeedsReason(11, 10)).toBe(true);
  });
});
