// What each lifecycle action writes, decided from facts already loaded: the complaint's
// new columns, its event, the citizen's message and the agency's notice. No SQL and no
// clock here, so each action's effects are tested directly (test/unit/complaints/
// effects.test.ts); server/complaints/transition.ts loads the facts (store.ts), asks
// lifecycle.ts whether the action is allowed, then this module what it does, and writes
// the answer in one transaction.

import type { Calendar } from "../calendar/index.ts";
import { addWorkingDays, countWorkingDays } from "../calendar/index.ts";
import { zonedDate } from "../calendar/zone.ts";
import type { OutboxMessage } from "../notify/outbox.ts";
import { outboxKey } from "../notify/outbox.ts";
import type { AgencyEvent } from "../notify/agency.ts";
import { nextCheck, resolutionStart, slaSchedule, type ClockStart, type SlaComplaint, type SlaPolicy } from "../sla/rules.ts";
import type { Command } from "./commands.ts";
import { secondReviewer, type Colleague } from "./second-look.ts";
import {
  extensionNeedsReason,
  hasDeadlines,
  heldByUnit,
  infoDeadline,
  lastDay,
  reopenDeadline,
  resumeDue,
  type Actor,
  type ReopenWindow,
  type Status,
} from "./lifecycle.ts";

/** The columns of a complaint the effects read: a complaint row is one. */
export interface ComplaintFacts {
  id: string;
  reference: string;
  kind: string;
  status: Status;
  version: number;
  agencyCode: string | null;
  serviceCode: string | null;
  assignedTo: string | null;
  createdAt: Date;
  routedAt: Date | null;
  acceptedAt: Date | null;
  jurisdictionDueAt: Date | null;
  dueAt: Date | null;
  pausedAt: Date | null;
  pausedDays: number;
  infoDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  reopenUntil: Date | null;
  reopenCount: number;
  resolutionDays: number | null;
  rejectionCount: number;
  transferCount: number;
  flagged: boolean;
  suggestions: { agencyCode: string; serviceCode: string; score: number }[];
  complexity: string;
  importance: string;
  actionType: string;
  /** The channel it came in by, and the media item it came from (seed 002 §5.2); absent in older facts. */
  channel?: string;
  media?: MediaItem | null;
}

/** A complaint the media published: the outlet, the day, and the link or the clipping. */
export interface MediaItem {
  outlet: string;
  publishedOn: string;
  link?: string;
  clipping?: string;
}

/** The service's policy for the complaint, read when the action is taken (an admin edit applies at once). */
export interface ServicePolicy {
  sla: number;
  /** On receipt (the seeds' reading, the default) or on the agency's acceptance. */
  clockStart: ClockStart;
  /** The service's reopen window, or null for the hub's HUB_REOPEN_WINDOW. */
  reopenWindow: ReopenWindow | null;
}

/** An active service of an active agency, with what a transfer needs to route it there. */
export interface TransferTarget {
  agencyCode: string;
  serviceCode: string;
  kinds: string[];
  jurisdictionDays: number;
  complexity: string;
  importance: string;
  actionType: string;
}

export interface Recipient {
  channel: "sms" | "email";
  recipient: string;
  lang: "ar" | "en";
}

/** Everything an action may depend on besides the complaint; the store loads only what the action needs. */
export interface TransitionFacts {
  complaint: ComplaintFacts;
  policy: ServicePolicy;
  /** The hub's reopen window (HUB_REOPEN_WINDOW), for services without their own. */
  hubReopenWindow: ReopenWindow;
  /** reject: the service the agency suggests, if it exists and is active. */
  suggested?: { agencyCode: string; serviceCode: string } | null;
  /** transfer: where it goes, if that is an active service of an active agency. */
  transferTarget?: TransferTarget | null;
  /** reassign: the agency's active staff. */
  agencyStaff?: { id: string; fullName: string }[];
  /** reopen, push_back of a closed complaint: colleagues with their open work, and who closed it. */
  colleagues?: Colleague[];
  closedBy?: string | null;
  /** For the SLA job's next look: the service's escalation delays and what already fired. */
  escalationHours: number[];
  fired: ReadonlySet<string>;
  /** Where the citizen hears; null when there is nobody to tell. */
  recipient: Recipient | null;
  /** The holding agency's name, for the message text. */
  agencyName: { ar: string; en: string } | null;
  /** transfer: the name of the agency it goes to, for the citizen's message. */
  transferAgencyName?: { ar: string; en: string } | null;
}

export interface EffectsEnv {
  /** The calendar of the agency holding a complaint: deadlines count on it. */
  calendarOf(agencyCode: string | null): Calendar;
  /** For links in SMS texts; absent in jobs' tests. */
  publicUrl?: string | undefined;
  /** The SLA policy the job uses too (server/sla/policy.ts). */
  slaPolicy: SlaPolicy;
}

/** The complaint's columns as written: a subset of the row plus bookkeeping. */
export type ComplaintChanges = Partial<Omit<ComplaintFacts, "id" | "reference" | "kind" | "version" | "createdAt">> & {
  status: Status;
  dueFrom?: Date | null;
  extensionReason?: string | null;
  actionDueAt?: Date | null;
  resolution?: string | null;
  closeWorkingDays?: number | null;
  closedOnTime?: boolean | null;
  escalationLevel?: number;
  slaNextAt: Date | null;
};

export interface TransitionEvent {
  type: string;
  data: Record<string, unknown>;
  visibleToCitizen: boolean;
}

/** The liaison officers' notice; its key is the event's id, known once the event is written. */
export interface AgencyNoticeSpec {
  event: AgencyEvent;
  agencyCode: string;
  extra?: Record<string, unknown>;
}

export type Effects =
  | { ok: false; fields: Record<string, string> }
  | {
      ok: true;
      /** Null: nothing another person could overwrite (a note): no version bump, no check. */
      changes: ComplaintChanges | null;
      event: TransitionEvent;
      notify: OutboxMessage | null;
      agencyNotice: AgencyNoticeSpec | null;
    };

interface Plan {
  patch: Omit<ComplaintChanges, "status" | "slaNextAt">;
  event: TransitionEvent;
  notify?: { template: string; payload: Record<string, unknown> };
  agency?: AgencyNoticeSpec;
}

/** Actions after which a new resolution cycle starts: escalation counts from zero again. */
const NEW_CYCLE = new Set(["accept", "reopen", "reject", "push_back", "transfer"]);

/**
 * What `cmd`, already allowed by lifecycle.ts `decide` (which moves the complaint to
 * `to`), writes. A field refusal (a suggested service that does not exist, a transfer to
 * the same agency…) comes back as `fields`.
 */
export function effectsOf(cmd: Command, actor: Actor, to: Status, facts: TransitionFacts, now: Date, env: EffectsEnv): Effects {
  const c = facts.complaint;
  const p = plan(cmd, actor, facts, now, env);
  if ("fields" in p) return { ok: false, fields: p.fields };
  const changes = cmd.action !== "note" || to !== c.status ? { ...p.patch, status: to } : null;
  const after = { ...c, ...p.patch, status: to };
  // The SLA job's next look at this complaint, from its new state (server/sla/rules.ts).
  const slaNextAt = nextCheck(
    slaSchedule(slaView(after, facts.escalationHours), env.calendarOf(after.agencyCode), env.slaPolicy),
    facts.fired,
  );
  const notify =
    p.notify && facts.recipient
      ? {
          ...facts.recipient,
          template: p.notify.template,
          payload: { ...p.notify.payload, agencyCode: c.agencyCode, ...(facts.agencyName ? { agency: facts.agencyName } : {}) },
          // One message per change: a retried transaction cannot send twice.
          key: outboxKey(p.notify.template, c.id, c.version + 1),
        }
      : null;
  return {
    ok: true,
    changes: changes && { ...changes, slaNextAt, ...(NEW_CYCLE.has(cmd.action) ? { escalationLevel: 0 } : {}) },
    event: p.event,
    notify,
    agencyNotice: p.agency ?? null,
  };
}

/** The columns the SLA rules read (sla/state.ts slaStateOf, over the facts). */
function slaView(c: Omit<ComplaintFacts, "status"> & { status: Status }, escalationHours: number[]): SlaComplaint {
  const { status, jurisdictionDueAt, dueAt, pausedAt, infoDueAt, closedAt, outcome, reopenUntil, reopenCount, acceptedAt } = c;
  return {
    status,
    jurisdictionDueAt,
    dueAt,
    pausedAt,
    infoDueAt,
    closedAt,
    outcome,
    reopenUntil,
    reopenCount,
    acceptedAt,
    escalationHours,
  };
}

function plan(cmd: Command, actor: Actor, f: TransitionFacts, now: Date, env: EffectsEnv): Plan | { fields: Record<string, string> } {
  const c = f.complaint;
  // Every deadline of a complaint is counted on the calendar of the agency holding it.
  const cal = env.calendarOf(c.agencyCode);
  const due = (d: Date) => d.toISOString();
  const reviewer = () => (c.agencyCode ? secondReviewer(f.colleagues ?? [], f.closedBy ?? null, c.assignedTo) : null);
  switch (cmd.action) {
    case "accept": {
      const sla = f.policy.sla;
      if (extensionNeedsReason(cmd.days, sla) && !cmd.reason) return { fields: { reason: "extension_reason_required" } };
      // Issue 17 §3: the window counts from receipt (the jurisdiction decision inside it)
      // or from acceptance, as the service says; the event records which and on whose calendar.
      const dueFrom = resolutionStart(f.policy.clockStart, c.createdAt, now);
      const dueAt = addWorkingDays(cal, dueFrom, cmd.days);
      return {
        patch: {
          acceptedAt: now,
          dueFrom,
          resolutionDays: cmd.days,
          extensionReason: cmd.days > sla ? cmd.reason! : null,
          dueAt,
          actionDueAt: dueAt,
          assignedTo: actor.kind === "staff" ? actor.staff.id : c.assignedTo,
        },
        event: {
          type: "accepted",
          data: {
            days: cmd.days,
            slaDays: sla,
            reason: cmd.reason ?? null,
            dueAt: due(dueAt),
            clockStart: f.policy.clockStart,
            dueFrom: due(dueFrom),
            calendar: cal.key,
            decideDays: c.routedAt ? countWorkingDays(cal, c.routedAt, now) : null,
          },
          visibleToCitizen: true,
        },
        notify: { template: "complaint_accepted", payload: { reference: c.reference, due: lastDay(cal, dueAt) } },
      };
    }
    case "reject": {
      const suggested = cmd.suggested ? (f.suggested ?? null) : null;
      if (cmd.suggested && !suggested) return { fields: { suggested: "service_unknown" } };
      const count = c.rejectionCount + 1;
      const moves = count + c.transferCount;
      const rest = c.suggestions.filter(
        (s) => !(suggested && s.agencyCode === suggested.agencyCode && s.serviceCode === suggested.serviceCode),
      );
      return {
        patch: {
          agencyCode: null,
          serviceCode: null,
          assignedTo: null,
          jurisdictionDueAt: null,
          actionDueAt: null,
          rejectionCount: count,
          // The third move (rejections and transfers together) leaves it with the unit.
          flagged: c.flagged || heldByUnit(moves),
          suggestions: suggested ? [{ ...suggested, score: 1 }, ...rest] : rest,
        },
        // The citizen sees that it moves on; the reason stays between the agency and the unit.
        event: {
          type: "rejected",
          data: {
            agencyCode: c.agencyCode,
            serviceCode: c.serviceCode,
            reason: cmd.reason,
            suggested,
            count,
            moves,
            decideDays: c.routedAt ? countWorkingDays(cal, c.routedAt, now) : null,
          },
          visibleToCitizen: true,
        },
      };
    }
    case "request_info": {
      const infoDueAt = infoDeadline(cal, now);
      return {
        patch: { pausedAt: now, infoDueAt, actionDueAt: infoDueAt },
        event: { type: "info_requested", data: { message: cmd.message, infoDueAt: due(infoDueAt) }, visibleToCitizen: true },
        notify: { template: "info_requested", payload: { reference: c.reference, due: lastDay(cal, infoDueAt) } },
      };
    }
    case "answer": {
      const r = c.dueAt && c.pausedAt ? resumeDue(cal, c.dueAt, c.pausedAt, now) : { due: c.dueAt, pausedDays: 0 };
      return {
        patch: { pausedAt: null, infoDueAt: null, pausedDays: c.pausedDays + r.pausedDays, dueAt: r.due, actionDueAt: r.due },
        event: {
          type: "answered",
          data: {
            text: cmd.text,
            pausedDays: r.pausedDays,
            pausedFrom: c.pausedAt?.toISOString() ?? null,
            dueAt: r.due?.toISOString() ?? null,
          },
          visibleToCitizen: true,
        },
        ...(c.agencyCode ? { agency: { event: "agency_answered" as const, agencyCode: c.agencyCode } } : {}),
      };
    }
    case "answer_inquiry":
    case "acknowledge":
    case "close":
    case "auto_close": {
      const outcome =
        cmd.action === "close"
          ? cmd.outcome
          : cmd.action === "answer_inquiry"
            ? "answered"
            : cmd.action === "acknowledge"
              ? "acknowledged"
              : "no_response";
      const resolution =
        cmd.action === "close"
          ? cmd.resolution
          : cmd.action === "answer_inquiry"
            ? cmd.answer
            : cmd.action === "acknowledge"
              ? (cmd.note ?? null)
              : null;
      // The service's own window when it has one (seed 001 uses 48 h and 3 working days).
      const window = f.policy.reopenWindow ?? f.hubReopenWindow;
      // Praise is not reopened: there was nothing to resolve.
      const reopenUntil = outcome === "withdrawn" || outcome === "acknowledged" ? null : reopenDeadline(cal, now, window);
      const closeDays = countWorkingDays(cal, c.createdAt, now);
      const onTime = c.dueAt ? now <= c.dueAt : null;
      return {
        patch: {
          outcome,
          resolution,
          closedAt: now,
          reopenUntil,
          actionDueAt: null,
          pausedAt: null,
          infoDueAt: null,
          closeWorkingDays: closeDays,
          closedOnTime: onTime,
        },
        // The reports' facts travel with the event: days to close and whether in time.
        event: {
          type: "closed",
          data: { outcome, resolution, reopenUntil: reopenUntil?.toISOString() ?? null, closeDays, onTime },
          visibleToCitizen: true,
        },
        // Seed 001: the message carries the result; the summary goes in when it fits.
        notify: {
          template: "complaint_closed",
          payload: {
            reference: c.reference,
            outcome,
            summary: resolution,
            link: env.publicUrl ? `${env.publicUrl}/complaints/${c.reference}` : null,
            reopenUntil: reopenUntil ? lastDay(cal, reopenUntil) : null,
          },
        },
      };
    }
    case "reopen": {
      const days = c.resolutionDays ?? f.policy.sla;
      const dueAt = addWorkingDays(cal, now, days);
      const r = reviewer();
      return {
        patch: {
          outcome: null,
          closedAt: null,
          reopenUntil: null,
          reopenCount: c.reopenCount + 1,
          dueFrom: now,
          resolutionDays: days,
          pausedDays: 0,
          dueAt,
          actionDueAt: dueAt,
          assignedTo: r?.id ?? c.assignedTo,
        },
        // A reopen after "resolved" counts against first-time resolution in reports.
        // The reviewer's name is for the agency's timeline; the citizen's shows the reason only.
        event: {
          type: "reopened",
          data: {
            reason: cmd.reason,
            afterOutcome: c.outcome,
            dueAt: due(dueAt),
            assignedTo: r?.id ?? null,
            assignedName: r?.fullName ?? null,
          },
          visibleToCitizen: true,
        },
        ...(c.agencyCode ? { agency: { event: "agency_reopened" as const, agencyCode: c.agencyCode, extra: { reason: cmd.reason } } } : {}),
      };
    }
    case "withdraw":
      return {
        patch: { outcome: "withdrawn", closedAt: now, actionDueAt: null, pausedAt: null, infoDueAt: null, reopenUntil: null },
        event: { type: "withdrawn", data: { reason: cmd.reason ?? null }, visibleToCitizen: true },
      };
    case "note":
      return { patch: {}, event: { type: "note", data: { text: cmd.text }, visibleToCitizen: false } };
    case "push_back": {
      const dueAt = addWorkingDays(cal, now, cmd.days);
      // The unit reopening a closed complaint is a reopen too: someone else looks again.
      const r = c.status === "closed" ? reviewer() : null;
      return {
        patch: {
          acceptedAt: now,
          dueFrom: now,
          pausedDays: 0,
          dueAt,
          actionDueAt: dueAt,
          resolutionDays: cmd.days,
          outcome: null,
          closedAt: null,
          reopenUntil: null,
          reopenCount: c.status === "closed" ? c.reopenCount + 1 : c.reopenCount,
          assignedTo: r?.id ?? c.assignedTo,
        },
        event: {
          type: "pushed_back",
          data: {
            note: cmd.note,
            days: cmd.days,
            dueAt: due(dueAt),
            afterOutcome: c.outcome,
            assignedTo: r?.id ?? null,
            assignedName: r?.fullName ?? null,
          },
          visibleToCitizen: true,
        },
        // The national unit's follow-up: the agency hears of it at once, not at the next escalation.
        ...(c.agencyCode
          ? { agency: { event: "agency_followup" as const, agencyCode: c.agencyCode, extra: { note: cmd.note, due: lastDay(cal, dueAt) } } }
          : {}),
      };
    }
    case "reassign": {
      const to = (f.agencyStaff ?? []).find((p) => p.id === cmd.to);
      if (!to) return { fields: { to: "staff_unknown" } };
      return {
        patch: { assignedTo: to.id },
        event: { type: "reassigned", data: { from: c.assignedTo, to: to.id, toName: to.fullName }, visibleToCitizen: false },
      };
    }
    case "transfer": {
      const to = f.transferTarget ?? null;
      if (!to) return { fields: { to: "service_unknown" } };
      if (to.agencyCode === c.agencyCode) return { fields: { to: "transfer_same_agency" } };
      if (!to.kinds.includes(c.kind)) return { fields: { to: "service_refuses_kind" } };
      const moves = c.rejectionCount + c.transferCount + 1;
      const jurisdictionDueAt = hasDeadlines(c.kind) ? addWorkingDays(cal, now, to.jurisdictionDays) : null;
      const overridden = cmd.override && heldByUnit(moves - 1);
      // A question pending with the citizen is withdrawn, not carried over (issue 14): it
      // was the old agency's question, the new agency has not even accepted jurisdiction
      // (it may ask its own after accepting), an answer would reach someone who did not ask,
      // and a request kept pending would let the 3-working-day rule close for "no reply" a
      // complaint its new agency never looked at. So the pause ends with the request, the
      // event records what was withdrawn, and the citizen is told they need not answer.
      const withdrawn =
        c.status === "awaiting_citizen"
          ? { requestedAt: c.pausedAt?.toISOString() ?? null, infoDueAt: c.infoDueAt?.toISOString() ?? null }
          : null;
      return {
        // A fresh start at the new agency: it decides on jurisdiction, then sets its own period.
        patch: {
          agencyCode: to.agencyCode,
          serviceCode: to.serviceCode,
          assignedTo: null,
          acceptedAt: null,
          resolutionDays: null,
          extensionReason: null,
          dueAt: null,
          pausedAt: null,
          infoDueAt: null,
          jurisdictionDueAt,
          actionDueAt: jurisdictionDueAt,
          routedAt: now,
          transferCount: c.transferCount + 1,
          flagged: c.flagged || heldByUnit(moves),
          complexity: to.complexity,
          importance: to.importance,
          actionType: to.actionType,
        },
        event: {
          type: "transferred",
          data: {
            fromAgency: c.agencyCode,
            fromService: c.serviceCode,
            agencyCode: to.agencyCode,
            serviceCode: to.serviceCode,
            reason: cmd.reason,
            moves,
            // The recorded override: who moved it past the cap, and why (the reason above).
            override: overridden && actor.kind === "staff" ? { by: actor.staff.id, name: actor.staff.fullName } : null,
            infoRequestWithdrawn: withdrawn,
          },
          visibleToCitizen: true,
        },
        ...(withdrawn
          ? { notify: { template: "info_request_withdrawn", payload: { reference: c.reference, toAgency: f.transferAgencyName ?? null } } }
          : {}),
        agency: { event: "agency_transferred_in", agencyCode: to.agencyCode, extra: { reason: cmd.reason, fromAgency: c.agencyCode } },
      };
    }
    case "answer_outlet": {
      // The day it went out: not before the outlet published the item, not after today
      // (on the national unit's own calendar: the unit answers, not the agency).
      const today = zonedDate(env.calendarOf(null).timeZone, now);
      const published = c.media?.publishedOn ?? null;
      if (cmd.repliedOn > today) return { fields: { repliedOn: "date_in_future" } };
      if (published && cmd.repliedOn < published) return { fields: { repliedOn: "reply_before_publication" } };
      return {
        patch: {},
        // Staff only: the outlet's answer is between the unit and the press, and a media
        // item often has no citizen at all. It records which closure it answers, so a
        // reopened complaint's next close awaits a new answer.
        event: {
          type: "outlet_answered",
          data: {
            outlet: c.media?.outlet ?? null,
            repliedOn: cmd.repliedOn,
            means: cmd.means,
            text: cmd.text,
            closedAt: c.closedAt?.toISOString() ?? null,
            outcome: c.outcome,
          },
          visibleToCitizen: false,
        },
      };
    }
    case "reclassify": {
      const before = { complexity: c.complexity, importance: c.importance, actionType: c.actionType };
      const after = { complexity: cmd.complexity, importance: cmd.importance, actionType: cmd.actionType };
      if (before.complexity === after.complexity && before.importance === after.importance && before.actionType === after.actionType) {
        return { fields: { complexity: "classification_unchanged" } };
      }
      return {
        patch: after,
        event: { type: "reclassified", data: { before, after, reason: cmd.reason ?? null }, visibleToCitizen: false },
      };
    }
  }
}
