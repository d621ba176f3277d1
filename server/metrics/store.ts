import type { Db } from "../db.ts";
import { rawQuery } from "../db.ts";

// What /metrics reads from the database at scrape time: one statement each, on indexes
// the hub already has (outbox_pending_idx; complaints_sla_next_idx). Every instance
// reports the same shared figures; a dashboard takes max(), not sum(), of these.

export interface OutboxDepth {
  channel: string;
  status: "pending" | "dead";
  n: number;
  /** Seconds since the oldest row of this kind was written. */
  oldestAgeS: number;
}

export async function outboxDepth(db: Db, now: Date): Promise<OutboxDepth[]> {
  const rows = await rawQuery<{ channel: string; status: "pending" | "dead"; n: string | number; oldest: string | Date }>(
    db,
    `select channel, status, count(*) as n, min(created_at) as oldest
       from outbox where status in ('pending', 'dead') group by channel, status order by channel, status`,
    [],
  );
  return rows.map((r) => ({
    channel: r.channel,
    status: r.status,
    n: Number(r.n),
    oldestAgeS: Math.max(0, (now.getTime() - new Date(r.oldest).getTime()) / 1000),
  }));
}

export interface SlaFigures {
  /** Complaints whose next deadline event is due now: the SLA job's backlog. */
  due: number;
  /** Open complaints past the deadline of the step they are in. */
  overdue: number;
}

export async function slaFigures(db: Db, now: Date): Promise<SlaFigures> {
  const at = now.toISOString();
  const [row] = await rawQuery<{ due: string | number; overdue: string | number }>(
    db,
    `select (select count(*) from complaints where sla_next_at is not null and sla_next_at <= $1::timestamptz) as due,
            (select count(*) from complaints
              where status in ('routed', 'in_progress') and action_due_at is not null and action_due_at < $1::timestamptz) as overdue`,
    [at],
  );
  return { due: Number(row?.due ?? 0), overdue: Number(row?.overdue ?? 0) };
}
