import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import { sha256Hex } from "../../../server/auth/tokens.ts";
import { mergeEffects, slaEffects, type EffectFacts } from "../../../server/sla/effects.ts";
import type { SlaEvent, SlaKind } from "../../../server/sla/rules.ts";

// What each SLA event writes, from loaded facts alone (server/sla/effects.ts): the
// sweep and the one-by-one path of the job both persist exactly this. Calendar: Riyadh,
// Friday–Saturday weekend. 2026-12-03 is a Thursday.
const agencyCal = createCalendar({ key: "MOH" });
const unitCal = createCalendar({ key: "hub", holidays: [{ date: "2026-12-08", source: "manual", nameEn: "Closure" }] });
const now = new Date("2026-12-03T10:00:00Z");
const title = (n: number) => ({ ar: `مستوى ${n}`, en: `Level ${n}` });

const facts = (over: Partial<EffectFacts> = {}, complaint: Partial<EffectFacts["complaint"]> = {}): EffectFacts => ({
  complaint: {
    id: "c-1",
    reference: "CMP-1",
    status: "in_progress",
    agencyCode: "MOH",
    citizenId: "p-1",
    notifyBy: "sms",
    contact: null,
    // Due when Tuesday 8 December ends (midnight Riyadh).
    dueAt: new Date("2026-12-08T21:00:00Z"),
    infoDueAt: null,
    ...complaint,
  },
  agency: {
    name: { ar: "وزارة الصحة", en: "Ministry of Health" },
    escalation: [1, 2, 3].map((n) => ({ title: title(n), email: `l${n}@moh.example` })),
  },
  person: { mobile: "+966500000001", email: "p@example.com", lang: "en" },
  officers: ["a@moh.example", "b@moh.example"],
  calendar: agencyCal,
  unitCalendar: unitCal,
  publicUrl: "https://hub.example",
  newToken: () => "tok-1",
  ...over,
});
const ev = (kind: SlaKind, key: string): SlaEvent => ({ kind, key, at: now });
const agency = { ar: "وزارة الصحة", en: "Ministry of Health" };

describe("slaEffects", () => {
  it("escalation level n: the agency's level-n contact is emailed, an internal timeline row, the level rises", () => {
    for (const [kind, level] of [
      ["escalation_1", 1],
      ["escalation_2", 2],
      ["escalation_3", 3],
    ] as const) {
      const fx = slaEffects([ev(kind, `${kind}:0@-`)], facts(), now);
      expect(fx.messages.filter((m) => m.template === "sla_escalation")).toEqual([
        {
          channel: "email",
          recipient: `l${level}@moh.example`,
          template: "sla_escalation",
          lang: "ar",
          payload: { reference: "CMP-1", agencyCode: "MOH", due: "2026-12-08", agency, level, title: title(level) },
          key: `sla:c-1:${kind}:0@-`,
        },
      ]);
      expect(fx.events.filter((e) => e.type === "escalated")).toEqual([
        { complaintId: "c-1", type: "escalated", status: "in_progress", data: { kind, level, to: title(level) }, visible: false },
      ]);
      // Only the missed deadline itself tells the citizen (next test).
      if (level > 1) expect(fx.messages).toHaveLength(1);
      expect(fx.update).toEqual({ level, beyond: false });
      expect(fx.invites).toEqual([]);
    }
  });

  it("the jurisdiction ladder uses its own template; an agency without a contact at that level still records the step", () => {
    const fx = slaEffects(
      [ev("jurisdiction_overdue", "jurisdiction_overdue:J"), ev("jurisdiction_2", "jurisdiction_2:J")],
      facts({ agency: { name: agency, escalation: [{ title: title(1), email: "l1@moh.example" }] } }),
      now,
    );
    expect(fx.messages.map((m) => [m.template, m.recipient, m.key])).toEqual([
      ["sla_jurisdiction_overdue", "l1@moh.example", "sla:c-1:jurisdiction_overdue:J"],
      ["citizen_delay", "+966500000001", "sla:c-1:jurisdiction_overdue:J:citizen"],
    ]);
    expect(fx.messages[1]!.payload).toMatchObject({ stage: "jurisdiction" });
    expect(fx.events.map((e) => e.data)).toEqual([
      { kind: "jurisdiction_overdue", level: 1, to: title(1) },
      { stage: "jurisdiction", unitFrom: "2026-12-14T09:00:00.000Z", calendar: "MOH" },
      { kind: "jurisdiction_2", level: 2, to: null },
    ]);
    expect(fx.update.level).toBe(2);
  });

  it("a missed deadline tells the citizen: why, the day the unit takes over on the agency's working hours, and the digital report", () => {
    // Missed on Thursday 3 December at 13:00 Riyadh; seed 001's 24, 12 and 12 working
    // hours of 07:30–14:30: level 2 Wednesday 9 at 09:00, level 3 Thursday 10 at 14:00,
    // the unit Monday 14 at 12:00 (09:00Z). A service with its own delays moves it.
    const fx = slaEffects([ev("escalation_1", "escalation_1:0@-")], facts(), now);
    expect(fx.messages.filter((m) => m.template === "citizen_delay")).toEqual([
      {
        channel: "sms",
        recipient: "+966500000001",
        template: "citizen_delay",
        lang: "en",
        payload: {
          reference: "CMP-1",
          agencyCode: "MOH",
          agency,
          stage: "resolution",
          due: "2026-12-03",
          unitFrom: "2026-12-14",
          link: "/reports/new?complaint=CMP-1",
        },
        key: "sla:c-1:escalation_1:0@-:citizen",
      },
    ]);
    expect(fx.events.find((e) => e.type === "delay_notice")).toEqual({
      complaintId: "c-1",
      type: "delay_notice",
      status: "in_progress",
      data: { stage: "resolution", unitFrom: "2026-12-14T09:00:00.000Z", calendar: "MOH" },
      visible: true,
    });
    const quick = slaEffects([ev("escalation_1", "escalation_1:0@-")], facts({ escalationHours: [7, 7, 7] }), now);
    // 21 working hours from Thursday 13:00: Thursday 1.5, Sunday 7, Monday 7, Tuesday 5.5.
    expect(quick.messages.find((m) => m.template === "citizen_delay")!.payload.unitFrom).toBe("2026-12-08");
    // Nobody to tell (a staff registration without a mobile): the agency is still escalated.
    const none = slaEffects([ev("escalation_1", "escalation_1:0@-")], facts({}, { citizenId: null, contact: null }), now);
    expect(none.messages.map((m) => m.template)).toEqual(["sla_escalation"]);
  });

  it("the warning goes to each officer with a key per officer, and says the due day", () => {
    const fx = slaEffects([ev("resolution_warning", "resolution_warning:0@-")], facts(), now);
    expect(fx.messages.map((m) => [m.recipient, m.template, m.key])).toEqual([
      ["a@moh.example", "sla_warning", "sla:c-1:resolution_warning:0@-:0"],
      ["b@moh.example", "sla_warning", "sla:c-1:resolution_warning:0@-:1"],
    ]);
    expect(fx.messages[0]!.payload).toEqual({ reference: "CMP-1", agencyCode: "MOH", due: "2026-12-08", agency });
    expect(fx.events).toEqual([
      { complaintId: "c-1", type: "sla_warning", status: "in_progress", data: { due: "2026-12-08" }, visible: false },
    ]);
    expect(fx.update).toEqual({ level: 0, beyond: false });
  });

  it("beyond the agency: the citizen is told why and the unit's answer day, counted on the unit's calendar past its holiday", () => {
    const fx = slaEffects([ev("beyond_agency", "beyond_agency:resolution:0@-")], facts({}, { notifyBy: "email" }), now);
    // Five working days from Thursday 3 on the unit's calendar: Sunday 6, Monday 7,
    // (Tuesday 8 is its holiday) Wednesday 9, Thursday 10 and Sunday 13.
    expect(fx.events).toEqual([
      {
        complaintId: "c-1",
        type: "beyond_agency",
        status: "in_progress",
        data: { reason: "resolution", expected: "2026-12-13T21:00:00.000Z", calendar: "hub" },
        visible: true,
      },
    ]);
    expect(fx.messages).toEqual([
      {
        channel: "email",
        recipient: "p@example.com",
        lang: "en",
        template: "beyond_agency",
        payload: {
          reference: "CMP-1",
          agencyCode: "MOH",
          agency,
          reason: "resolution",
          due: "2026-12-13",
          link: "/reports/new?complaint=CMP-1",
        },
        key: "sla:c-1:beyond_agency:resolution:0@-",
      },
    ]);
    expect(fx.update).toEqual({ level: 3, beyond: true });
    expect(slaEffects([ev("beyond_agency", "beyond_agency:jurisdiction:J")], facts(), now).events[0]!.data.reason).toBe("jurisdiction");
  });

  it("the information reminder reaches the contact staff recorded when there is no account, with the answer's last day", () => {
    const fx = slaEffects(
      [ev("info_reminder", "info_reminder:P")],
      facts(
        { person: null },
        { citizenId: null, contact: { mobile: "+966500000009" }, status: "awaiting_citizen", infoDueAt: new Date("2026-12-07T21:00:00Z") },
      ),
      now,
    );
    expect(fx.messages).toEqual([
      {
        channel: "sms",
        recipient: "+966500000009",
        lang: "ar",
        template: "info_reminder",
        payload: { reference: "CMP-1", agencyCode: "MOH", agency, due: "2026-12-07" },
        key: "sla:c-1:info_reminder:P",
      },
    ]);
    expect(fx.events).toEqual([{ complaintId: "c-1", type: "info_reminder", status: "awaiting_citizen", data: {}, visible: true }]);
  });

  it("nobody to tell: the timeline still records it and no message is made", () => {
    const fx = slaEffects([ev("info_reminder", "info_reminder:P")], facts({ person: null }, { citizenId: "p-gone" }), now);
    expect(fx.messages).toEqual([]);
    expect(fx.events).toHaveLength(1);
  });

  it("the satisfaction invitation stores only the token's hash, valid 14 days, and links the token", () => {
    const fx = slaEffects([ev("satisfaction_invite", "satisfaction_invite:X")], facts({}, { status: "closed" }), now);
    expect(fx.invites).toEqual([
      { complaintId: "c-1", agencyCode: "MOH", tokenHash: sha256Hex("tok-1"), expiresAt: new Date("2026-12-17T10:00:00Z") },
    ]);
    expect(fx.messages.map((m) => [m.template, m.recipient, m.payload.link, m.key])).toEqual([
      ["satisfaction_invite", "+966500000001", "https://hub.example/rate/tok-1", "sla:c-1:satisfaction_invite:X"],
    ]);
    expect(fx.events).toEqual([]);
  });

  it("the end of the reopen window is a visible timeline row only; the expired answer time is the lifecycle's", () => {
    expect(slaEffects([ev("reopen_expired", "reopen_expired:X")], facts({}, { status: "closed" }), now)).toEqual({
      events: [{ complaintId: "c-1", type: "reopen_expired", status: "closed", data: {}, visible: true }],
      messages: [],
      invites: [],
      update: { level: 0, beyond: false },
    });
    expect(slaEffects([ev("info_expired", "info_expired:P")], facts(), now)).toEqual({
      events: [],
      messages: [],
      invites: [],
      update: { level: 0, beyond: false },
    });
  });

  it("the same event gives the same keys every time: a retried tick cannot queue a second message", () => {
    const a = slaEffects([ev("escalation_1", "escalation_1:0@-"), ev("resolution_warning", "resolution_warning:0@-")], facts(), now);
    const b = slaEffects([ev("escalation_1", "escalation_1:0@-"), ev("resolution_warning", "resolution_warning:0@-")], facts(), now);
    expect(a.messages.map((m) => m.key)).toEqual(b.messages.map((m) => m.key));
    expect(new Set(a.messages.map((m) => m.key)).size).toBe(a.messages.length);
    expect(mergeEffects([a, b]).messages).toHaveLength(a.messages.length * 2);
  });
});
