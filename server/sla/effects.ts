// What each SLA event does, as data: the timeline rows, the messages, the satisfaction
// invitations and the change to the complaint. Pure over facts the store loaded
// (server/sla/store.ts), so the set-based sweep and the one-by-one path of the SLA job
// (server/jobs/sla.ts) write exactly the same thing for the same event, and each event
// kind is tested without a database.
//
// One event is not here: a citizen's expired time to answer (info_expired) closes the
// complaint, and the rule for that lives with the lifecycle; the job lets it act.

import { sha256Hex } from "../auth/tokens.ts";
import { addWorkingDays, type Calendar } from "../calendar/index.ts";
import { lastDay } from "../calendar/working-days.ts";
import { citizenChannel } from "../notify/recipient.ts";
import { outboxKey, type OutboxMessage } from "../notify/outbox.ts";
import { REPORT_DAYS, SATISFACTION_DAYS } from "../policy.ts";
import { beyondReason, ladder, levelOf, type SlaEvent } from "./rules.ts";
import { complaintWebhook, type WebhookEvent } from "../webhooks/events.ts";

export interface Name {
  ar: string;
  en: string;
}

/** The complaint's columns the effects read. */
export interface EffectComplaint {
  id: string;
  reference: string;
  /** complaint, inquiry, … (the webhook's data carries it). */
  kind?: string;
  status: string;
  agencyCode: string | null;
  citizenId: string | null;
  notifyBy: string;
  contact: { mobile?: string | null } | null;
  dueAt: Date | null;
  infoDueAt: Date | null;
}

export interface EffectFacts {
  complaint: EffectComplaint;
  /** The holding agency's name and escalation contacts (level n is index n − 1). */
  agency: { name: Name; escalation: { title: Name; email: string }[] } | null;
  /** The citizen's account, when the complaint has one. */
  person: { mobile: string; email: string | null; lang: "ar" | "en" } | null;
  /** Who is warned before the due date: the holder, or else every liaison officer. */
  officers: string[];
  /** The complaint's deadlines are counted on its agency's calendar. */
  calendar: Calendar;
  /** The service's escalation delays in working hours (levels 2, 3, then the unit); seed 001's when unset. */
  escalationHours?: readonly number[];
  /** The national unit's calendar: a complaint beyond the agency is the unit's to answer. */
  unitCalendar: Calendar;
  /** Links in messages (the satisfaction form). */
  publicUrl: string;
  /** A fresh random token for a satisfaction link (injected: the rest stays repeatable). */
  newToken: () => string;
}

export interface TimelineRow {
  complaintId: string;
  type: string;
  status: string;
  data: Record<string, unknown>;
  visible: boolean;
}

export interface InviteRow {
  complaintId: string;
  agencyCode: string | null;
  tokenHash: string;
  expiresAt: Date;
}

export interface SlaEffects {
  events: TimelineRow[];
  messages: OutboxMessage[];
  invites: InviteRow[];
  /** complaint.escalated for the holding agency's webhook endpoints (only set when there is one). */
  webhooks?: WebhookEvent[];
  /** The complaint afterwards: the highest escalation level reached, and whether it went to the unit. */
  update: { level: number; beyond: boolean };
}

/** Where the citizen hears about it: their account's channel, or the contact staff recorded. */
export function citizenRecipient(
  c: EffectComplaint,
  person: EffectFacts["person"],
): Pick<OutboxMessage, "channel" | "recipient" | "lang"> | null {
  if (c.citizenId) return person ? citizenChannel(person, c.notifyBy) : null;
  return c.contact?.mobile ? { channel: "sms", recipient: c.contact.mobile, lang: "ar" } : null;
}

/**
 * The effects of `events` (due, claimed, in time order) on one complaint at `now`.
 * Each message's key is the SLA event's own (`sla:<complaint>:<event key>`, and the
 * officer's place for warnings), so a retried tick can never send it twice.
 */
export function slaEffects(events: readonly SlaEvent[], f: EffectFacts, now: Date): SlaEffects {
  const c = f.complaint;
  const out: SlaEffects = { events: [], messages: [], invites: [], update: { level: 0, beyond: false } };
  const named = f.agency ? { agency: f.agency.name } : {};
  const base = { reference: c.reference, agencyCode: c.agencyCode, due: c.dueAt ? lastDay(f.calendar, c.dueAt) : null, ...named };
  const to = citizenRecipient(c, f.person);
  const timeline = (type: string, data: Record<string, unknown>, visible: boolean) =>
    out.events.push({ complaintId: c.id, type, status: c.status, data, visible });
  const staff = (email: string, template: string, payload: Record<string, unknown>, key: string) =>
    out.messages.push({ channel: "email", recipient: email, template, lang: "ar", payload, key });
  const citizen = (template: string, payload: Record<string, unknown>, key: string) => {
    if (to)
      out.messages.push({ ...to, template, payload: { reference: c.reference, agencyCode: c.agencyCode, ...named, ...payload }, key });
  };

  // Keyed by the SLA event: a retried tick queues each escalation's deliveries once.
  const escalated = (e: SlaEvent, extra: Record<string, unknown>) => {
    if (c.agencyCode) (out.webhooks ??= []).push(complaintWebhook("complaint.escalated", { ...c, agencyCode: c.agencyCode }, e.key, extra));
  };

  for (const e of events) {
    const key = (...who: number[]) => outboxKey("sla", c.id, e.key, ...who);
    switch (e.kind) {
      case "jurisdiction_overdue":
      case "jurisdiction_2":
      case "jurisdiction_3":
      case "escalation_1":
      case "escalation_2":
      case "escalation_3": {
        const level = levelOf(e.kind);
        const contact = f.agency?.escalation[level - 1] ?? null;
        const template = e.kind.startsWith("jurisdiction") ? "sla_jurisdiction_overdue" : "sla_escalation";
        if (contact) staff(contact.email, template, { ...base, level, title: contact.title }, key());
        timeline("escalated", { kind: e.kind, level, to: contact?.title ?? null }, false);
        escalated(e, { level, stage: e.kind.startsWith("jurisdiction") ? "jurisdiction" : "resolution" });
        out.update.level = Math.max(out.update.level, level);
        // Seed 002 §5.1.11: the citizen is told of the delay, why, and when an answer can
        // come: at the missed deadline (level 1), with the day the national unit takes it
        // over if the agency still has not acted, and that a digital report is open now.
        if (level === 1) {
          const stage = e.kind.startsWith("jurisdiction") ? "jurisdiction" : "resolution";
          const unit = ladder(f.calendar, e.at, f.escalationHours ?? []).unit;
          timeline("delay_notice", { stage, unitFrom: unit.toISOString(), calendar: f.calendar.key }, true);
          citizen(
            "citizen_delay",
            { stage, due: lastDay(f.calendar, e.at), unitFrom: lastDay(f.calendar, unit), link: `/reports/new?complaint=${c.reference}` },
            outboxKey("sla", c.id, e.key, "citizen"),
          );
        }
        break;
      }
      case "beyond_agency": {
        // Past level 3: the national unit's "beyond the agency" queue, and the citizen is
        // told why, when to expect an answer (the unit's own report window, on the unit's
        // calendar) and that a digital report is open to them.
        const reason = beyondReason(e.key);
        const expected = addWorkingDays(f.unitCalendar, now, REPORT_DAYS);
        timeline("beyond_agency", { reason, expected: expected.toISOString(), calendar: f.unitCalendar.key }, true);
        citizen("beyond_agency", { reason, due: lastDay(f.unitCalendar, expected), link: `/reports/new?complaint=${c.reference}` }, key());
        escalated(e, { level: levelOf(e.kind), stage: reason, beyondAgency: true });
        out.update.level = Math.max(out.update.level, levelOf(e.kind));
        out.update.beyond = true;
        break;
      }
      case "resolution_warning":
        for (const [i, email] of f.officers.entries()) staff(email, "sla_warning", base, key(i));
        timeline("sla_warning", { due: base.due }, false);
        break;
      case "info_reminder":
        citizen("info_reminder", { due: c.infoDueAt ? lastDay(f.calendar, c.infoDueAt) : null }, key());
        timeline("info_reminder", {}, true);
        break;
      case "satisfaction_invite": {
        const token = f.newToken();
        out.invites.push({
          complaintId: c.id,
          agencyCode: c.agencyCode,
          tokenHash: sha256Hex(token),
          expiresAt: new Date(now.getTime() + SATISFACTION_DAYS * 86400_000),
        });
        citizen("satisfaction_invite", { link: `${f.publicUrl}/rate/${token}` }, key());
        break;
      }
      case "reopen_expired":
        timeline("reopen_expired", {}, true);
        break;
      case "info_expired":
        // The lifecycle's (auto_close): the job calls it and decides again.
        break;
    }
  }
  return out;
}

/** The effects of many complaints, concatenated in order, for one bulk write. */
export function mergeEffects(all: readonly SlaEffects[]): Omit<SlaEffects, "update"> {
  return {
    events: all.flatMap((x) => x.events),
    messages: all.flatMap((x) => x.messages),
    invites: all.flatMap((x) => x.invites),
    webhooks: all.flatMap((x) => x.webhooks ?? []),
  };
}
