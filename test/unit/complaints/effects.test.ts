import { describe, expect, it } from "vitest";
import type { StaffActor } from "../../../server/auth/roles.ts";
import { addWorkingDays, countWorkingDays, createCalendar } from "../../../server/calendar/index.ts";
import type { Command } from "../../../server/complaints/commands.ts";
import { effectsOf, type ComplaintFacts, type Effects, type TransitionFacts } from "../../../server/complaints/effects.ts";
import { lastDay, type Actor, type Status } from "../../../server/complaints/lifecycle.ts";
import { DEFAULT_POLICY, warningTime } from "../../../server/sla/rules.ts";

// What each lifecycle action writes, from facts alone: no database, no clock.

const cal = createCalendar({ key: "SA" });
const other = createCalendar({ key: "OM", weekend: [4, 5] });
const env = {
  calendarOf: (code: string | null) => (code === "OMAN" ? other : cal),
  publicUrl: "https://hub.example",
  slaPolicy: DEFAULT_POLICY,
};
// Monday 23 November 2026, 09:00 in Riyadh.
const now = new Date("2026-11-23T06:00:00Z");
const filed = new Date("2026-11-18T06:00:00Z");

const officer = (id: string, fullName = id): StaffActor => ({
  id,
  email: `${id}@x`,
  fullName,
  roles: [{ role: "liaison", agencyCode: "MOMAH" }],
});
const liaison: Actor = { kind: "staff", staff: officer("s1", "Sara") };
const reviewer: Actor = {
  kind: "staff",
  staff: { id: "r1", email: "r@x", fullName: "Rami", roles: [{ role: "reviewer", agencyCode: null }] },
};
const citizen: Actor = { kind: "citizen", id: "c1" };

function complaint(over: Partial<ComplaintFacts> = {}): ComplaintFacts {
  return {
    id: "00000000-0000-0000-0000-000000000001",
    reference: "CMP-2026-ABC123",
    kind: "complaint",
    status: "routed",
    version: 4,
    agencyCode: "MOMAH",
    serviceCode: "ROADS_POTHOLES",
    assignedTo: null,
    createdAt: filed,
    routedAt: filed,
    acceptedAt: null,
    jurisdictionDueAt: addWorkingDays(cal, filed, 2),
    dueAt: null,
    pausedAt: null,
    pausedDays: 0,
    infoDueAt: null,
    closedAt: null,
    outcome: null,
    reopenUntil: null,
    reopenCount: 0,
    resolutionDays: null,
    rejectionCount: 0,
    transferCount: 0,
    flagged: false,
    suggestions: [
      { agencyCode: "MOMAH", serviceCode: "ROADS_POTHOLES", score: 0.8 },
      { agencyCode: "WATER", serviceCode: "WATER_SUPPLY", score: 0.3 },
    ],
    complexity: "routine",
    importance: "medium",
    actionType: "process",
    ...over,
  };
}

function facts(c: ComplaintFacts, over: Partial<TransitionFacts> = {}): TransitionFacts {
  return {
    complaint: c,
    policy: { sla: 10, clockStart: "acceptance", reopenWindow: null },
    hubReopenWindow: { unit: "working_days", n: 3 },
    escalationHours: [24, 12, 12],
    fired: new Set(),
    recipient: { channel: "sms", recipient: "+966500000001", lang: "ar" },
    agencyName: { ar: "البلدية", en: "Municipality" },
    ...over,
  };
}

function ok(e: Effects) {
  if (!e.ok) throw new Error(`refused: ${JSON.stringify(e.fields)}`);
  return e;
}

// Commands as parseCommand makes them, optional fields left out.
type Loose = { action: Command["action"] } & Record<string, unknown>;
const run = (cmd: Loose, actor: Actor, to: Status, f: TransitionFacts) => effectsOf(cmd as Command, actor, to, f, now, env);

describe("effects of each lifecycle action", () => {
  it("accept: the window from acceptance, the holder, a message keyed by the next version, escalation from zero", () => {
    const e = ok(run({ action: "accept", days: 5 }, liaison, "in_progress", facts(complaint())));
    const dueAt = addWorkingDays(cal, now, 5);
    expect(e.changes).toMatchObject({
      status: "in_progress",
      acceptedAt: now,
      dueFrom: now,
      resolutionDays: 5,
      extensionReason: null,
      dueAt,
      actionDueAt: dueAt,
      assignedTo: "s1",
      escalationLevel: 0,
    });
    expect(e.event).toMatchObject({
      type: "accepted",
      visibleToCitizen: true,
      data: { days: 5, slaDays: 10, clockStart: "acceptance", calendar: "SA", decideDays: countWorkingDays(cal, filed, now) },
    });
    expect(e.notify).toEqual({
      channel: "sms",
      recipient: "+966500000001",
      lang: "ar",
      template: "complaint_accepted",
      payload: {
        reference: "CMP-2026-ABC123",
        due: lastDay(cal, dueAt),
        agencyCode: "MOMAH",
        agency: { ar: "البلدية", en: "Municipality" },
      },
      key: "complaint_accepted:00000000-0000-0000-0000-000000000001:5",
    });
    expect(e.agencyNotice).toBeNull();
    // The SLA job's next look: the warning before the due day, on the same calendar.
    expect(e.changes!.slaNextAt).toBeInstanceOf(Date);
    expect(e.changes!.slaNextAt!.getTime()).toBeLessThan(dueAt.getTime());
  });

  it("accept: counted from receipt when the service says so; longer than the SLA needs a reason", () => {
    const receipt = facts(complaint(), { policy: { sla: 10, clockStart: "receipt", reopenWindow: null } });
    expect(ok(run({ action: "accept", days: 5 }, liaison, "in_progress", receipt)).changes).toMatchObject({
      dueFrom: filed,
      dueAt: addWorkingDays(cal, filed, 5),
    });
    expect(run({ action: "accept", days: 12 }, liaison, "in_progress", receipt)).toEqual({
      ok: false,
      fields: { reason: "extension_reason_required" },
    });
    expect(ok(run({ action: "accept", days: 12, reason: "needs a site visit" }, liaison, "in_progress", receipt)).changes).toMatchObject({
      extensionReason: "needs a site visit",
    });
  });

  it("no message when there is nobody to tell", () => {
    expect(ok(run({ action: "accept", days: 5 }, liaison, "in_progress", facts(complaint(), { recipient: null }))).notify).toBeNull();
  });

  it("reject: back to triage with the agency's suggestion first; an unknown suggestion is refused; the third move holds it at the unit", () => {
    const refused = run(
      { action: "reject", reason: "not ours", suggested: "WATER/NOPE" },
      liaison,
      "triage",
      facts(complaint(), { suggested: null }),
    );
    expect(refused).toEqual({ ok: false, fields: { suggested: "service_unknown" } });
    const e = ok(
      run(
        { action: "reject", reason: "not ours", suggested: "WATER/WATER_SUPPLY" },
        liaison,
        "triage",
        facts(complaint(), { suggested: { agencyCode: "WATER", serviceCode: "WATER_SUPPLY" } }),
      ),
    );
    expect(e.changes).toMatchObject({
      status: "triage",
      agencyCode: null,
      serviceCode: null,
      assignedTo: null,
      rejectionCount: 1,
      flagged: false,
      escalationLevel: 0,
      slaNextAt: null,
    });
    expect(e.changes!.suggestions).toEqual([
      { agencyCode: "WATER", serviceCode: "WATER_SUPPLY", score: 1 },
      { agencyCode: "MOMAH", serviceCode: "ROADS_POTHOLES", score: 0.8 },
    ]);
    expect(e.event).toMatchObject({ type: "rejected", data: { agencyCode: "MOMAH", reason: "not ours", count: 1, moves: 1 } });
    expect(e.notify).toBeNull();
    const third = ok(
      run({ action: "reject", reason: "not ours" }, liaison, "triage", facts(complaint({ rejectionCount: 1, transferCount: 1 }))),
    );
    expect(third.changes).toMatchObject({ rejectionCount: 2, flagged: true });
  });

  it("request_info: paused, the citizen's three working days, a message with the last day", () => {
    const c = complaint({ status: "in_progress", dueAt: addWorkingDays(cal, filed, 10) });
    const e = ok(run({ action: "request_info", message: "the street name please" }, liaison, "awaiting_citizen", facts(c)));
    const infoDueAt = addWorkingDays(cal, now, 3);
    expect(e.changes).toMatchObject({ status: "awaiting_citizen", pausedAt: now, infoDueAt, actionDueAt: infoDueAt });
    expect(e.changes).not.toHaveProperty("escalationLevel");
    expect(e.notify).toMatchObject({ template: "info_requested", payload: { due: lastDay(cal, infoDueAt) } });
  });

  it("answer: the due date moves by the working days paused, and the agency is told", () => {
    const pausedAt = new Date("2026-11-17T06:00:00Z");
    const dueAt = addWorkingDays(cal, filed, 10);
    const e = ok(
      run(
        { action: "answer", text: "Olaya street" },
        citizen,
        "in_progress",
        facts(complaint({ status: "awaiting_citizen", pausedAt, dueAt, pausedDays: 1 })),
      ),
    );
    const paused = countWorkingDays(cal, pausedAt, now);
    expect(paused).toBeGreaterThan(0);
    expect(e.changes).toMatchObject({ status: "in_progress", pausedAt: null, infoDueAt: null, pausedDays: 1 + paused });
    expect(e.changes!.dueAt!.getTime()).toBeGreaterThan(dueAt.getTime());
    expect(e.agencyNotice).toEqual({ event: "agency_answered", agencyCode: "MOMAH" });
    expect(e.notify).toBeNull();
  });

  it("close: outcome, the reopen window (the service's, else the hub's), report facts, and the closing message with its link", () => {
    const c = complaint({ status: "in_progress", dueAt: addWorkingDays(cal, now, 2) });
    const e = ok(run({ action: "close", outcome: "resolved", resolution: "filled the hole" }, liaison, "closed", facts(c)));
    const reopenUntil = addWorkingDays(cal, now, 3);
    expect(e.changes).toMatchObject({
      status: "closed",
      outcome: "resolved",
      resolution: "filled the hole",
      closedAt: now,
      reopenUntil,
      actionDueAt: null,
      closeWorkingDays: countWorkingDays(cal, filed, now),
      closedOnTime: true,
    });
    expect(e.event).toMatchObject({ type: "closed", data: { outcome: "resolved", onTime: true } });
    expect(e.notify).toMatchObject({
      template: "complaint_closed",
      key: "complaint_closed:00000000-0000-0000-0000-000000000001:5",
      payload: {
        outcome: "resolved",
        summary: "filled the hole",
        link: "https://hub.example/complaints/CMP-2026-ABC123",
        reopenUntil: lastDay(cal, reopenUntil),
      },
    });
    const hours = ok(
      run(
        { action: "close", outcome: "resolved", resolution: "done" },
        liaison,
        "closed",
        facts(c, { policy: { sla: 10, clockStart: "receipt", reopenWindow: { unit: "hours", n: 48 } } }),
      ),
    );
    expect(hours.changes!.reopenUntil).toEqual(new Date(now.getTime() + 48 * 3600_000));
  });

  it("auto_close, acknowledge and answer_inquiry close with their own outcome; praise cannot be reopened", () => {
    const auto = ok(run({ action: "auto_close" }, { kind: "system" }, "closed", facts(complaint({ status: "awaiting_citizen" }))));
    expect(auto.changes).toMatchObject({ outcome: "no_response", resolution: null });
    const praise = ok(run({ action: "acknowledge", note: "thanks passed on" }, liaison, "closed", facts(complaint({ kind: "praise" }))));
    expect(praise.changes).toMatchObject({ outcome: "acknowledged", resolution: "thanks passed on", reopenUntil: null });
    const inquiry = ok(
      run({ action: "answer_inquiry", answer: "renew it online" }, liaison, "closed", facts(complaint({ kind: "inquiry" }))),
    );
    expect(inquiry.changes).toMatchObject({ outcome: "answered", resolution: "renew it online" });
    expect(inquiry.notify).toMatchObject({ template: "complaint_closed" });
  });

  it("reopen: a new window of the same length, given to a colleague other than the one who closed it; the agency is told", () => {
    const c = complaint({ status: "closed", outcome: "resolved", closedAt: now, resolutionDays: 4, assignedTo: "s1", reopenCount: 0 });
    const colleagues = [
      { id: "s1", fullName: "Sara", open: 0 },
      { id: "s2", fullName: "Omar", open: 3 },
      { id: "s3", fullName: "Huda", open: 1 },
    ];
    const e = ok(run({ action: "reopen", reason: "the hole is back" }, citizen, "in_progress", facts(c, { colleagues, closedBy: "s1" })));
    const dueAt = addWorkingDays(cal, now, 4);
    expect(e.changes).toMatchObject({
      status: "in_progress",
      outcome: null,
      closedAt: null,
      reopenCount: 1,
      dueFrom: now,
      resolutionDays: 4,
      dueAt,
      assignedTo: "s3",
      escalationLevel: 0,
    });
    expect(e.event.data).toMatchObject({ afterOutcome: "resolved", assignedTo: "s3", assignedName: "Huda" });
    expect(e.agencyNotice).toEqual({ event: "agency_reopened", agencyCode: "MOMAH", extra: { reason: "the hole is back" } });
    // No window of its own: the service's SLA.
    expect(
      ok(run({ action: "reopen", reason: "again" }, citizen, "in_progress", facts(complaint({ status: "closed" })))).changes,
    ).toMatchObject({ resolutionDays: 10 });
  });

  it("withdraw closes without a reopen window; a note changes nothing another person could overwrite", () => {
    expect(ok(run({ action: "withdraw" }, citizen, "withdrawn", facts(complaint()))).changes).toMatchObject({
      status: "withdrawn",
      outcome: "withdrawn",
      closedAt: now,
      reopenUntil: null,
    });
    const note = ok(run({ action: "note", text: "called the contractor" }, liaison, "routed", facts(complaint())));
    expect(note.changes).toBeNull();
    expect(note.event).toEqual({ type: "note", data: { text: "called the contractor" }, visibleToCitizen: false });
  });

  it("push_back: the unit's new window; from closed it counts as a reopen and goes to someone else; the agency hears at once", () => {
    const c = complaint({ status: "closed", outcome: "resolved", assignedTo: "s1", reopenCount: 1 });
    const e = ok(
      run(
        { action: "push_back", note: "not fixed", days: 2 },
        reviewer,
        "in_progress",
        facts(c, {
          colleagues: [
            { id: "s1", fullName: "Sara", open: 0 },
            { id: "s2", fullName: "Omar", open: 0 },
          ],
          closedBy: "s1",
        }),
      ),
    );
    const dueAt = addWorkingDays(cal, now, 2);
    expect(e.changes).toMatchObject({
      status: "in_progress",
      acceptedAt: now,
      dueAt,
      resolutionDays: 2,
      outcome: null,
      reopenCount: 2,
      assignedTo: "s2",
    });
    expect(e.agencyNotice).toEqual({
      event: "agency_followup",
      agencyCode: "MOMAH",
      extra: { note: "not fixed", due: lastDay(cal, dueAt) },
    });
    const open = ok(
      run(
        { action: "push_back", note: "hurry", days: 2 },
        reviewer,
        "in_progress",
        facts(complaint({ status: "in_progress", assignedTo: "s1" })),
      ),
    );
    expect(open.changes).toMatchObject({ reopenCount: 0, assignedTo: "s1" });
  });

  it("reassign: only to the agency's own staff", () => {
    const staff = [{ id: "s2", fullName: "Omar" }];
    expect(run({ action: "reassign", to: "s9" }, liaison, "routed", facts(complaint(), { agencyStaff: staff }))).toEqual({
      ok: false,
      fields: { to: "staff_unknown" },
    });
    const e = ok(run({ action: "reassign", to: "s2" }, liaison, "routed", facts(complaint({ assignedTo: "s1" }), { agencyStaff: staff })));
    expect(e.changes).toMatchObject({ status: "routed", assignedTo: "s2" });
    expect(e.event).toMatchObject({ type: "reassigned", data: { from: "s1", to: "s2", toName: "Omar" }, visibleToCitizen: false });
  });

  it("transfer: a fresh start at the new agency on its calendar, classified by its service; refusals; the override is recorded", () => {
    const target = {
      agencyCode: "OMAN",
      serviceCode: "ROADS",
      kinds: ["complaint"],
      jurisdictionDays: 2,
      complexity: "complex",
      importance: "high",
      actionType: "field_visit",
    };
    const triage: Actor = {
      kind: "staff",
      staff: {
        id: "t1",
        email: "t@x",
        fullName: "Tariq",
        roles: [
          { role: "triage", agencyCode: null },
          { role: "reviewer", agencyCode: null },
        ],
      },
    };
    const cmd = { action: "transfer" as const, to: "OMAN/ROADS", reason: "their road", override: false };
    expect(run(cmd, triage, "routed", facts(complaint(), { transferTarget: null }))).toEqual({
      ok: false,
      fields: { to: "service_unknown" },
    });
    expect(run(cmd, triage, "routed", facts(complaint(), { transferTarget: { ...target, agencyCode: "MOMAH" } }))).toEqual({
      ok: false,
      fields: { to: "transfer_same_agency" },
    });
    expect(run(cmd, triage, "routed", facts(complaint({ kind: "praise" }), { transferTarget: target }))).toEqual({
      ok: false,
      fields: { to: "service_refuses_kind" },
    });
    const e = ok(
      run(cmd, triage, "routed", facts(complaint({ status: "in_progress", acceptedAt: filed, dueAt: now }), { transferTarget: target })),
    );
    const jurisdictionDueAt = addWorkingDays(other, now, 2);
    expect(e.changes).toMatchObject({
      status: "routed",
      agencyCode: "OMAN",
      serviceCode: "ROADS",
      acceptedAt: null,
      dueAt: null,
      jurisdictionDueAt,
      actionDueAt: jurisdictionDueAt,
      routedAt: now,
      transferCount: 1,
      complexity: "complex",
      escalationLevel: 0,
    });
    expect(e.agencyNotice).toEqual({
      event: "agency_transferred_in",
      agencyCode: "OMAN",
      extra: { reason: "their road", fromAgency: "MOMAH" },
    });
    expect(e.event.data).toMatchObject({ override: null, moves: 1, infoRequestWithdrawn: null });
    // Nothing was pending: the citizen is not messaged about a transfer (the timeline shows it).
    expect(e.notify).toBeNull();
    // An information request pending: the transfer withdraws it, the pause ends, and the
    // citizen is told, naming the agency it went to.
    const asked = new Date("2026-11-19T06:00:00Z");
    const waiting = ok(
      run(
        cmd,
        triage,
        "routed",
        facts(
          complaint({
            status: "awaiting_citizen",
            acceptedAt: filed,
            dueAt: now,
            pausedAt: asked,
            infoDueAt: addWorkingDays(cal, asked, 3),
          }),
          { transferTarget: target, transferAgencyName: { ar: "بلدية مسقط", en: "Muscat Municipality" } },
        ),
      ),
    );
    expect(waiting.changes).toMatchObject({ status: "routed", pausedAt: null, infoDueAt: null });
    expect(waiting.event).toMatchObject({
      type: "transferred",
      visibleToCitizen: true,
      data: { infoRequestWithdrawn: { requestedAt: asked.toISOString(), infoDueAt: addWorkingDays(cal, asked, 3).toISOString() } },
    });
    expect(waiting.notify).toMatchObject({
      template: "info_request_withdrawn",
      recipient: "+966500000001",
      payload: { reference: "CMP-2026-ABC123", toAgency: { en: "Muscat Municipality" } },
      key: "info_request_withdrawn:00000000-0000-0000-0000-000000000001:5",
    });
    const past = ok(
      run(
        { ...cmd, override: true },
        triage,
        "routed",
        facts(complaint({ rejectionCount: 2, transferCount: 1 }), { transferTarget: target }),
      ),
    );
    expect(past.event.data).toMatchObject({ moves: 4, override: { by: "t1", name: "Tariq" } });
    expect(past.changes).toMatchObject({ flagged: true });
  });

  it("reclassify: records before and after; the same classification is refused", () => {
    const same = { action: "reclassify" as const, complexity: "routine", importance: "medium", actionType: "process" };
    expect(run(same, liaison, "routed", facts(complaint()))).toEqual({ ok: false, fields: { complexity: "classification_unchanged" } });
    const e = ok(run({ ...same, importance: "high", reason: "a school nearby" }, liaison, "routed", facts(complaint())));
    expect(e.changes).toMatchObject({ status: "routed", importance: "high" });
    expect(e.event).toMatchObject({
      type: "reclassified",
      data: { before: { importance: "medium" }, after: { importance: "high" }, reason: "a school nearby" },
      visibleToCitizen: false,
    });
  });

  it("answer_outlet: an internal event naming the outlet and the closure it answers; the day not in the future nor before publication", () => {
    const closedAt = new Date("2026-11-22T06:00:00Z");
    const c = complaint({
      status: "closed",
      channel: "media",
      media: { outlet: "صحيفة مكة", publishedOn: "2026-11-17", link: "https://news.example/x" },
      closedAt,
      outcome: "resolved",
    });
    const cmd = { action: "answer_outlet" as const, repliedOn: "2026-11-23", means: "letter", text: "أُصلح التسرب" };
    const e = ok(run(cmd, reviewer, "closed", facts(c, { recipient: null })));
    // A change with no new columns: the version moves, so two officers at once make one reply.
    expect(e.changes).toMatchObject({ status: "closed" });
    expect(e.event).toEqual({
      type: "outlet_answered",
      data: {
        outlet: "صحيفة مكة",
        repliedOn: "2026-11-23",
        means: "letter",
        text: "أُصلح التسرب",
        closedAt: closedAt.toISOString(),
        outcome: "resolved",
      },
      visibleToCitizen: false,
    });
    expect(e.notify).toBeNull();
    expect(e.agencyNotice).toBeNull();
    // Today in Riyadh is 23 November; the 24th is tomorrow.
    expect(run({ ...cmd, repliedOn: "2026-11-24" }, reviewer, "closed", facts(c))).toEqual({
      ok: false,
      fields: { repliedOn: "date_in_future" },
    });
    expect(run({ ...cmd, repliedOn: "2026-11-16" }, reviewer, "closed", facts(c))).toEqual({
      ok: false,
      fields: { repliedOn: "reply_before_publication" },
    });
    expect(ok(run({ ...cmd, repliedOn: "2026-11-17" }, reviewer, "closed", facts(c))).event.type).toBe("outlet_answered");
  });

  it("the SLA job's next look: on the policy it is given, skipping what already fired", () => {
    const c = complaint();
    const dueAt = addWorkingDays(cal, now, 5);
    const accept = { action: "accept" as const, days: 5 };
    expect(ok(run(accept, liaison, "in_progress", facts(c))).changes!.slaNextAt).toEqual(warningTime(cal, dueAt, 1));
    const twoDays = ok(effectsOf(accept as Command, liaison, "in_progress", facts(c), now, { ...env, slaPolicy: { warningDays: 2 } }));
    expect(twoDays.changes!.slaNextAt).toEqual(warningTime(cal, dueAt, 2));
    const warned = facts(c, { fired: new Set([`resolution_warning:0@${now.toISOString()}`]) });
    expect(ok(run(accept, liaison, "in_progress", warned)).changes!.slaNextAt).toEqual(dueAt);
  });
});
