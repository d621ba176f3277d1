import type { Db } from "../db.ts";
import type { StaffActor } from "../auth/roles.ts";
import { hasRole } from "../auth/roles.ts";
import { addWorkingDays, type Calendar } from "../calendar/index.ts";
import { hasDeadlines } from "./lifecycle.ts";
import type { TransferTarget } from "./effects.ts";
import { directoryNames } from "../directory/names.ts";
import { type TriageRow, activeService, complaintById, persistTriageRoute, rejectionEvents, triageRows } from "./store.ts";

export interface TriageItem extends TriageRow {
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
export function proposable<T extends { agencyCode: string; serviceCode: string }>(
  suggestions: T[],
  rejections: { agencyCode: string }[],
): T[] {
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
  const items = await triageRows(db, limit);
  if (items.length === 0) return [];
  const events = await rejectionEvents(
    db,
    items.map((i) => i.id),
  );
  const by = new Map<string, Rejection[]>();
  for (const e of events) {
    const d = e.data as { agencyCode?: string; reason?: string; suggested?: { agencyCode: string; serviceCode: string } | null };
    if (!d.agencyCode) continue;
    by.set(e.complaintId, [
      ...(by.get(e.complaintId) ?? []),
      { agencyCode: d.agencyCode, reason: d.reason ?? "", suggested: d.suggested ?? null, at: e.at },
    ]);
  }
  return items.map((i) => {
    const rejections = by.get(i.id) ?? [];
    return { ...i, rejections, suggestions: proposable(i.suggestions, rejections) };
  });
}

export type RouteResult =
  | { ok: true; reference: string }
  | { ok: false; error: "forbidden" | "not_found" | "conflict" | "service_unknown" | "service_refuses_kind" };

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
  const svc = await activeService(db, input.agencyCode, input.serviceCode);
  if (!svc) return { ok: false, error: "service_unknown" };
  // Names from memory, loaded before the transaction (PGlite has one connection).
  const names = await directoryNames(db);
  return db.transaction(async (tx): Promise<RouteResult> => {
    const c = await complaintById(tx, input.complaintId);
    if (!c) return { ok: false, error: "not_found" };
    if (!svc.kinds.includes(c.kind)) return { ok: false, error: "service_refuses_kind" };
    const reference = await persistTriageRoute(tx, c, input.version, triageRouteChanges(svc, c.kind, cal, now), actor.id, now, names);
    return reference ? { ok: true, reference } : { ok: false, error: "conflict" };
  });
}

/** The complaint's columns once triage sends it to `svc`: classification from the service, the agency's time to decide. */
export function triageRouteChanges(svc: TransferTarget, kind: string, cal: Calendar, now: Date) {
  // Praise has no deadline to decide by (lifecycle.ts hasDeadlines).
  const decideBy = hasDeadlines(kind) ? addWorkingDays(cal, now, svc.jurisdictionDays) : null;
  return {
    agencyCode: svc.agencyCode,
    serviceCode: svc.serviceCode,
    routedBy: "triage" as const,
    complexity: svc.complexity,
    importance: svc.importance,
    actionType: svc.actionType,
    jurisdictionDueAt: decideBy,
    actionDueAt: decideBy,
    slaNextAt: decideBy,
    routedAt: now,
  };
}
