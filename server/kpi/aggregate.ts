// Daily figures for the national unit's reports, rebuilt from the source tables for a
// range of local days: one transaction deletes the days and inserts them again, so a
// rerun (the job, or after a correction) is always consistent. Every figure is a sum,
// so any period's figures are sums of days (server/kpi/compute.ts).

import { and, gte, lte, sql } from "drizzle-orm";
import { kpiDaily } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import { firstContactSql } from "./first-contact.ts";

/** One SELECT per source; `day(col)` is the local date of a timestamp. */
export function sources(tz: string, from: string, to: string) {
  const day = (col: string) => `to_char((${col} at time zone '${tz.replace(/'/g, "")}')::date, 'YYYY-MM-DD')`;
  const zone = tz.replace(/'/g, "");
  // Bounds as instants, so the indexes on the timestamps serve the range.
  const inRange = (col: string) => `${col} >= ('${from}'::date::timestamp at time zone '${zone}') and ${col} < (('${to}'::date + 1)::timestamp at time zone '${zone}')`;
  const ev = (type: string) => `from complaint_events e join complaints c on c.id = e.complaint_id where e.type = '${type}' and ${inRange("e.at")}`;
  return [
    // Received, by kind and channel, under the agency it is with now ('' = the unit's triage).
    `select ${day("c.created_at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'received', c.kind || ':' || c.channel, count(*) from complaints c where ${inRange("c.created_at")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'accepted', '', count(*) ${ev("accepted")} group by 1, 2, 3`,
    `select ${day("e.at")}, coalesce(e.data->>'agencyCode', ''), coalesce(e.data->>'serviceCode', ''), 'rejected', '', count(*) ${ev("rejected")} group by 1, 2, 3`,
    // Working days to decide, accepted or rejected, charged to the agency that decided.
    `select ${day("e.at")}, coalesce(case when e.type = 'rejected' then e.data->>'agencyCode' else c.agency_code end, ''), coalesce(case when e.type = 'rejected' then e.data->>'serviceCode' else c.service_code end, ''), 'decide_days', '', coalesce(sum((e.data->>'decideDays')::numeric), 0) from complaint_events e join complaints c on c.id = e.complaint_id where e.type in ('accepted', 'rejected') and ${inRange("e.at")} group by 1, 2, 3`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed', coalesce(e.data->>'outcome', ''), count(*) ${ev("closed")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed_on_time', '', count(*) ${ev("closed")} and (e.data->>'onTime')::boolean group by 1, 2, 3`,
    // Seed 002's first-contact resolution, as server/kpi/first-contact.ts defines it.
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed_first_contact', '', count(*) ${ev("closed")} and ${firstContactSql("e", "c")} group by 1, 2, 3`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'close_days', e.data->>'closeDays', count(*) ${ev("closed")} and e.data ? 'closeDays' group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'reopened', coalesce(e.data->>'afterOutcome', ''), count(*) ${ev("reopened")} group by 1, 2, 3, 5`,
    `select ${day("s.fired_at")}, coalesce(s.agency_code, ''), coalesce(c.service_code, ''), 'escalated', s.level::text, count(*) from sla_events s join complaints c on c.id = s.complaint_id where s.level > 0 and ${inRange("s.fired_at")} group by 1, 2, 3, 5`,
    `select ${day("r.invited_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'rating_invited', '', count(*) from satisfaction r join complaints c on c.id = r.complaint_id where ${inRange("r.invited_at")} group by 1, 2, 3`,
    `select ${day("r.answered_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'rating', r.resolved, count(*) from satisfaction r join complaints c on c.id = r.complaint_id where r.answered_at is not null and ${inRange("r.answered_at")} group by 1, 2, 3, 5`,
    `select ${day("r.answered_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'stars', '', sum(r.stars) from satisfaction r join complaints c on c.id = r.complaint_id where r.answered_at is not null and ${inRange("r.answered_at")} group by 1, 2, 3`,
    `select ${day("d.created_at")}, d.agency_code, coalesce(d.service_code, ''), 'reports', d.type, count(*) from digital_reports d where ${inRange("d.created_at")} group by 1, 2, 3, 5`,
    `select ${day("d.closed_at")}, d.agency_code, coalesce(d.service_code, ''), 'reports_closed', coalesce(d.outcome, ''), count(*) from digital_reports d where d.closed_at is not null and ${inRange("d.closed_at")} group by 1, 2, 3, 5`,
    `select ${day("d.closed_at")}, d.agency_code, coalesce(d.service_code, ''), 'report_days', '', sum(extract(epoch from d.closed_at - d.created_at) / 86400) from digital_reports d where d.closed_at is not null and ${inRange("d.closed_at")} group by 1, 2, 3`,
  ];
}

const DAY = /^\d{4}-\d\d-\d\d$/;

/** Rebuilds the daily figures for local days `from`..`to` (inclusive). */
export async function aggregateDays(db: Db, tz: string, from: string, to: string): Promise<number> {
  if (!DAY.test(from) || !DAY.test(to)) throw new RangeError("days are YYYY-MM-DD");
  const union = sources(tz, from, to).join("\nunion all\n");
  return db.transaction(async (tx) => {
    await tx.execute(sql`delete from kpi_daily where day between ${from} and ${to}`);
    await tx.execute(sql.raw(`insert into kpi_daily (day, agency_code, service_code, metric, dim, value) select * from (${union}) as x`));
    const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(kpiDaily).where(and(gte(kpiDaily.day, from), lte(kpiDaily.day, to)));
    return r?.n ?? 0;
  });
}
