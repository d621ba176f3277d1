import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, complaintEvents, complaints, services } from "../../schema/index.ts";
import type { StaffActor } from "../auth/roles.ts";
import { hasRole } from "../auth/roles.ts";
import { addWorkingDays, type Calendar } from "../calendar/index.ts";
import { notifyAgency } from "../notify/agency.ts";
import { hasDeadlines } from "./lifecycle.ts";

export interface TriageItem {
  id: string;
  reference: string;
  kind: string;
  title: string | null;
  text: string;
  city: string;
  createdAt: Date;
  version: number;
  suggestions: { agencyCode: string; serviceCode: string; score: number }[];
  rejectionCount: number;
  flagged: boolean;
  /** Each agency that sent it back: who, why, and where it said the complaint belongs. */
  rejections: Rejection[];
}

export interface Rejection {
  agencyCode: string;
  reason: string;
  suggested: { agencyCode: string; serviceCode: string } | null;
  at: Date;
}

/**
 * What triage may offer as one click: never an agency that already rejected the
 * complaint (it sent one straight back once), nor the same service twice.
 */
export function proposable<T extends { agencyCode: string; serviceCode: string }>(suggestions: T[], rejections: { agencyCode: string }[]): T[] {
  const refused = new Set(rejections.map((r) => r.agencyCode));
  const seen = new Set<string>();
  return suggestions.filter((s) => {
    const key = `${s.agencyCode}/${s.serviceCode}`;
    if (refused.has(s.agencyCode) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The national unit's queue: complaints the router could not place, oldest first. */
export async function triageQueue(db: Db, actor: StaffActor, limit = 50): Promise<TriageItem[]> {
  if (!hasRole(actor, "triage")) return [];
  const items = await db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      kind: complaints.kind,
      title: complaints.title,
      text: complaints.text,
      city: complaints.city,
      createdAt: complaints.createdAt,
      version: complaints.version,
      suggestions: complaints.suggestions,
      rejectionCount: complaints.rejectionCount,
      flagged: complaints.flagged,
    })
    .from(complaints)
    .where(eq(complaints.status, "triage"))
    // Complaints agencies keep rejecting come first: they already waited longest.
    .orderBy(desc(complaints.flagged), asc(complaints.createdAt), asc(complaints.id))
    .limit(limit);
  if (items.length === 0) return [];
  const events = await db
    .select({ complaintId: complaintEvents.complaintId, data: complaintEvents.data, at: complaintEvents.at })
    .from(complaintEvents)
    .where(and(inArray(complaintEvents.complaintId, items.map((i) => i.id)), eq(complaintEvents.type, "rejected")))
    .orderBy(asc(complaintEvents.id));
  const by = new Map<string, Rejection[]>();
  for (const e of events) {
    const d = e.data as { agencyCode?: string; reason?: string; suggested?: { agencyCode: string; serviceCode: string } | null };
    if (!d.agencyCode) continue;
    by.set(e.complaintId, [...(by.get(e.complaintId) ?? []), { agencyCode: d.agencyCode, reason: d.reason ?? "", suggested: d.suggested ?? null, at: e.at }]);
  }
  return items.map((i) => {
    const rejections = by.get(i.id) ?? [];
    return { ...i, rejections, suggestions: proposable(i.suggestions, rejections) };
  });
}

export type RouteResult = { ok: true; reference: string } | { ok: false; error: "forbidden" | "not_found" | "conflict" | "service_unknown" | "service_refuses_kind" };

/**
 * A triage officer sends a complaint to an agency's service. The version check makes
 * two officers routing the same complaint at once produce one route and one conflict.
 */
export async function routeFromTriage(
  db: Db,
  cal: Calendar,
  actor: StaffActor,
  input: { complaintId: string; version: number; agencyCode: string; serviceCode: string },
  now: Date,
): Promise<RouteResult> {
  if (!hasRole(actor, "triage")) return { ok: false, error: "forbidden" };
  const [svc] = await db
    .select({ s: services })
    .from(services)
    .innerJoin(agencies, eq(agencies.code, services.agencyCode))
    .where(and(eq(services.agencyCode, input.agencyCode), eq(services.code, input.serviceCode), eq(services.active, true), eq(agencies.active, true)));
  if (!svc) return { ok: false, error: "service_unknown" };
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(complaints).where(eq(complaints.id, input.complaintId));
    if (!c) return { ok: false as const, error: "not_found" as const };
    if (!svc.s.kinds.includes(c.kind)) return { ok: false as const, error: "service_refuses_kind" as const };
    const [updated] = await tx
      .update(complaints)
      .set({
        status: "routed",
        agencyCode: svc.s.agencyCode,
        serviceCode: svc.s.code,
        routedBy: "triage",
        complexity: svc.s.complexity,
        importance: svc.s.importance,
        actionType: svc.s.actionType,
        // Praise has no deadline to decide by (lifecycle.ts hasDeadlines).
        ...(hasDeadlines(c.kind)
          ? { jurisdictionDueAt: addWorkingDays(cal, now, svc.s.jurisdictionDays), actionDueAt: addWorkingDays(cal, now, svc.s.jurisdictionDays), slaNextAt: addWorkingDays(cal, now, svc.s.jurisdictionDays) }
          : { jurisdictionDueAt: null, actionDueAt: null, slaNextAt: null }),
        routedAt: now,
        version: sql`${complaints.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(complaints.id, c.id), eq(complaints.status, "triage"), eq(complaints.version, input.version)))
      .returning({ reference: complaints.reference });
    if (!updated) return { ok: false as const, error: "conflict" as const };
    const [ev] = await tx
      .insert(complaintEvents)
      .values({
        complaintId: c.id,
        actorKind: "staff",
        actorId: actor.id,
        type: "routed_by_triage",
        fromStatus: "triage",
        toStatus: "routed",
        data: { agencyCode: svc.s.agencyCode, serviceCode: svc.s.code },
        at: now,
      })
      .returning({ id: complaintEvents.id });
    await notifyAgency(tx as unknown as Db, { event: "agency_new", complaintId: c.id, reference: c.reference, kind: c.kind, agencyCode: svc.s.agencyCode, key: ev!.id }, now);
    return { ok: true as const, reference: updated.reference };
  });
}
