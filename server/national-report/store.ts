// The national report's SQL: the unit's recommendations per period, each save audited
// (admin_audit, entity "national_report") with the text before and after.

import { eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { nationalReportNotes } from "../../schema/index.ts";
import { audit } from "../calendar/holiday-store.ts";

export interface Notes {
  recommendations: string;
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}

export async function reportNotes(db: Db, period: string): Promise<Notes | null> {
  const [row] = await db.select().from(nationalReportNotes).where(eq(nationalReportNotes.period, period));
  return row ?? null;
}

export type SaveResult = { ok: true; version: number } | { ok: false; reason: "stale"; current: Notes };

/**
 * Saves the recommendations if `expectedVersion` is the stored one (0: none yet), in
 * one transaction with its audit row; otherwise says someone else saved first.
 */
export async function saveReportNotes(
  db: Db,
  input: { period: string; recommendations: string; expectedVersion: number; actorId: string },
  now: Date,
): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(nationalReportNotes).where(eq(nationalReportNotes.period, input.period)).for("update");
    if ((current?.version ?? 0) !== input.expectedVersion) return { ok: false as const, reason: "stale" as const, current: current! };
    const version = input.expectedVersion + 1;
    const values = { recommendations: input.recommendations, version, updatedBy: input.actorId, updatedAt: now };
    if (current) await tx.update(nationalReportNotes).set(values).where(eq(nationalReportNotes.period, input.period));
    else {
      // Two first saves at once: the second finds the row the first inserted, and is stale.
      const inserted = await tx
        .insert(nationalReportNotes)
        .values({ period: input.period, ...values })
        .onConflictDoNothing()
        .returning({ period: nationalReportNotes.period });
      if (!inserted.length) {
        const [now_] = await tx.select().from(nationalReportNotes).where(eq(nationalReportNotes.period, input.period));
        return { ok: false as const, reason: "stale" as const, current: now_! };
      }
    }
    await audit(
      tx as unknown as Db,
      {
        actorId: input.actorId,
        entity: "national_report",
        key: input.period,
        before: current ? { recommendations: current.recommendations, version: current.version } : null,
        after: { recommendations: input.recommendations, version },
      },
      now,
    );
    return { ok: true as const, version };
  });
}
