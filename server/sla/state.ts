import { and, eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints, services, slaEvents } from "../../schema/index.ts";
import type { SlaComplaint } from "./rules.ts";

type Row = typeof complaints.$inferSelect;

/** The columns of a complaint the SLA rules read. */
export function slaStateOf(c: Row, escalationHours: number[]): SlaComplaint {
  return {
    status: c.status,
    jurisdictionDueAt: c.jurisdictionDueAt,
    dueAt: c.dueAt,
    pausedAt: c.pausedAt,
    infoDueAt: c.infoDueAt,
    closedAt: c.closedAt,
    outcome: c.outcome,
    reopenUntil: c.reopenUntil,
    reopenCount: c.reopenCount,
    acceptedAt: c.acceptedAt,
    escalationHours,
  };
}

/** The service's escalation delays (seed 001's default when it has none). */
export async function escalationHoursOf(db: Db, c: { agencyCode: string | null; serviceCode: string | null }): Promise<number[]> {
  if (!c.agencyCode || !c.serviceCode) return [24, 12, 12];
  const [s] = await db.select({ h: services.escalationHours }).from(services).where(and(eq(services.agencyCode, c.agencyCode), eq(services.code, c.serviceCode)));
  return s?.h ?? [24, 12, 12];
}

/** Keys of the SLA events that already fired for a complaint. */
export async function firedKeys(db: Db, complaintId: string): Promise<Set<string>> {
  const rows = await db.select({ key: slaEvents.key }).from(slaEvents).where(eq(slaEvents.complaintId, complaintId));
  return new Set(rows.map((r) => r.key));
}
