// Seed 003: the liaison officer acts "upon receiving the notification". Each event that
// hands an agency new work queues one message per liaison officer (email always; SMS
// too when the officer chose it and gave a number), in the transaction that made the
// change. The idempotency key names the event and the officer, so a retried
// transaction or a second hub instance cannot tell anyone twice.

import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints, staffRoles, staffUsers } from "../../schema/index.ts";
import { enqueue, outboxKey, type OutboxMessage } from "./outbox.ts";
import { agencyNamed, type DirectoryNames } from "../directory/names.ts";
import { complaintWebhook, type WebhookEventType } from "../webhooks/events.ts";
import { enqueueWebhookEvents } from "../webhooks/store.ts";

export const AGENCY_EVENTS = ["agency_new", "agency_transferred_in", "agency_reopened", "agency_answered", "agency_followup"] as const;
export type AgencyEvent = (typeof AGENCY_EVENTS)[number];

/** The webhook each notice also is, for the agency's subscribed endpoints (server/webhooks). */
export const WEBHOOK_OF: Record<AgencyEvent, WebhookEventType> = {
  agency_new: "complaint.routed",
  agency_transferred_in: "complaint.transferred_in",
  agency_reopened: "complaint.reopened",
  agency_answered: "complaint.answered",
  agency_followup: "complaint.followup",
};

export interface AgencyNotice {
  event: AgencyEvent;
  complaintId: string;
  reference: string;
  kind: string;
  agencyCode: string;
  /** What makes this occurrence of the event unique on the complaint (a version or an event id). */
  key: string | number;
  /** The complaint's status after the event (the webhook's data carries it). */
  status?: string;
  /** Extra facts for the text (never the citizen's personal data: emails leave the hub). */
  extra?: Record<string, unknown>;
}

/** Liaison officers of the agency who can be told, with how each wants to hear. */
export async function liaisonRecipients(db: Db, agencyCode: string) {
  return db
    .selectDistinct({
      id: staffUsers.id,
      email: staffUsers.email,
      mobile: staffUsers.mobile,
      notifySms: staffUsers.notifySms,
      lang: staffUsers.lang,
    })
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
    .where(and(eq(staffUsers.active, true), eq(staffRoles.agencyCode, agencyCode), eq(staffRoles.role, "liaison")));
}

/** One outbox row per officer and channel: the pure part of the decision. */
export function agencyMessages(
  n: AgencyNotice,
  officers: { id: string; email: string; mobile: string | null; notifySms: boolean; lang: "ar" | "en" }[],
  agency: { ar: string; en: string } | null,
): OutboxMessage[] {
  const payload = { reference: n.reference, kind: n.kind, agencyCode: n.agencyCode, ...(agency ? { agency } : {}), ...n.extra };
  return officers.flatMap((o) => {
    const key = (channel: "email" | "sms") => outboxKey(n.event, n.complaintId, n.key, o.id, channel);
    const email: OutboxMessage = { channel: "email", recipient: o.email, lang: o.lang, template: n.event, payload, key: key("email") };
    return o.notifySms && o.mobile
      ? [email, { channel: "sms", recipient: o.mobile, lang: o.lang, template: n.event, payload, key: key("sms") }]
      : [email];
  });
}

/**
 * Queues the notice in `tx` (the caller's transaction). Returns how many messages.
 * `names`: the directory in memory, loaded before the transaction (on PGlite's one
 * connection a load inside the transaction would wait behind it).
 */
export async function notifyAgency(tx: Db, n: AgencyNotice, now: Date, names: DirectoryNames): Promise<number> {
  // The agency's systems hear of it too, in the same transaction: one delivery per subscribed endpoint.
  await enqueueWebhookEvents(
    tx,
    [
      complaintWebhook(
        WEBHOOK_OF[n.event],
        { id: n.complaintId, reference: n.reference, kind: n.kind, status: n.status, agencyCode: n.agencyCode },
        n.key,
        n.extra,
      ),
    ],
    now,
  );
  const officers = await liaisonRecipients(tx, n.agencyCode);
  if (officers.length === 0) return 0;
  return enqueue(tx, agencyMessages(n, officers, agencyNamed(names, n.agencyCode)), now);
}

/**
 * The optional daily digest: one email a day to each officer who asked for it, with
 * what waits for a decision in their agencies. Keyed by officer and local day.
 */
export async function queueDailyDigests(db: Db, dayOf: (agencyCode: string) => string | null, now: Date): Promise<number> {
  const everyone = await db
    .select({ id: staffUsers.id, email: staffUsers.email, lang: staffUsers.lang, agencyCode: staffRoles.agencyCode })
    .from(staffUsers)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staffUsers.id), eq(staffRoles.role, "liaison")))
    .where(and(eq(staffUsers.active, true), eq(staffUsers.dailyDigest, true)));
  // Only the officers whose agency's working day has begun: the day is their agency's.
  const people = everyone.flatMap((p) => {
    const day = p.agencyCode ? dayOf(p.agencyCode) : null;
    return day ? [{ ...p, day }] : [];
  });
  if (people.length === 0) return 0;
  const codes = [...new Set(people.map((p) => p.agencyCode))];
  const figures = await db
    .select({
      agencyCode: complaints.agencyCode,
      waiting: sql<number>`count(*) filter (where ${complaints.status} = 'routed')::int`,
      overdue: sql<number>`count(*) filter (where ${complaints.actionDueAt} < ${now.toISOString()}::timestamptz)::int`,
    })
    .from(complaints)
    .where(and(inArray(complaints.agencyCode, codes), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])))
    .groupBy(complaints.agencyCode);
  const by = new Map(figures.map((f) => [f.agencyCode, f]));
  const messages = people.map((p): OutboxMessage => ({
    channel: "email",
    recipient: p.email,
    lang: p.lang,
    template: "agency_digest",
    payload: {
      day: p.day,
      agencyCode: p.agencyCode,
      waiting: by.get(p.agencyCode)?.waiting ?? 0,
      overdue: by.get(p.agencyCode)?.overdue ?? 0,
    },
    // The key as it always was (officer, agency, day): a digest queued before this
    // shape existed is still recognised on the same day.
    key: outboxKey("agency_digest", p.id, p.agencyCode, p.day),
  }));
  return enqueue(db, messages, now);
}
