// The KPI capability's SQL: the daily figures rebuilt from the source tables, summed for
// a period, the live overdue backlog, the recurring-complaints report and the names the
// figures' pages print. The measures over these sums are pure (compute.ts, table.ts,
// disclose.ts).

import { and, desc, eq, gte, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { cities, complaints, kpiDaily } from "../../schema/index.ts";
import { firstContactSql } from "./first-contact.ts";
import { firstResponseSql } from "./first-response.ts";
import { ANSWER_TARGET_HOURS } from "../policy.ts";

export interface Sums {
  /** metric → dim → value */
  [metric: string]: Record<string, number>;
}

export interface Period {
  /** Local dates, inclusive. */
  from: string;
  to: string;
}

/** Summed daily figures per agency ('' = not yet with an agency), or per service of one agency. */
export async function sumsByAgency(
  db: Db,
  p: Period,
  filter: { agencyCode?: string; serviceCode?: string } = {},
  by: "agency" | "service" = "agency",
): Promise<Map<string, Sums>> {
  const key = by === "agency" ? kpiDaily.agencyCode : kpiDaily.serviceCode;
  const rows = await db
    .select({ agencyCode: key, metric: kpiDaily.metric, dim: kpiDaily.dim, value: sql<number>`sum(${kpiDaily.value})`.mapWith(Number) })
    .from(kpiDaily)
    .where(
      and(
        gte(kpiDaily.day, p.from),
        lte(kpiDaily.day, p.to),
        filter.agencyCode ? eq(kpiDaily.agencyCode, filter.agencyCode) : undefined,
        filter.serviceCode ? eq(kpiDaily.serviceCode, filter.serviceCode) : undefined,
      ),
    )
    .groupBy(key, kpiDaily.metric, kpiDaily.dim);
  const out = new Map<string, Sums>();
  for (const r of rows) {
    const s = out.get(r.agencyCode) ?? {};
    (s[r.metric] ??= {})[r.dim] = r.value;
    out.set(r.agencyCode, s);
  }
  return out;
}

/** Open complaints (not waiting on the citizen) whose deadline passed before `until`. */
export async function overdueBacklog(db: Db, until: Date, agencyCode?: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ agencyCode: complaints.agencyCode, n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(
      and(
        inArray(complaints.status, ["routed", "in_progress"]),
        lt(complaints.actionDueAt, until),
        agencyCode ? eq(complaints.agencyCode, agencyCode) : undefined,
      ),
    )
    .groupBy(complaints.agencyCode);
  return new Map(rows.map((r) => [r.agencyCode ?? "", r.n]));
}

/** The same backlog per service of one agency (the drill-down). */
export async function overdueBacklogByService(db: Db, until: Date, agencyCode: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ serviceCode: complaints.serviceCode, n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(
      and(inArray(complaints.status, ["routed", "in_progress"]), lt(complaints.actionDueAt, until), eq(complaints.agencyCode, agencyCode)),
    )
    .groupBy(complaints.serviceCode);
  return new Map(rows.map((r) => [r.serviceCode ?? "", r.n]));
}

/**
 * Every complaint received in [from, to) with its channel and the time of its first
 * response (server/kpi/first-response.ts defines it; null: none yet). The per-channel
 * figures are decided from these rows in pure code, on the hub calendar.
 */
export async function firstResponseRows(
  db: Db,
  from: Date,
  to: Date,
): Promise<{ channel: string; receivedAt: Date; respondedAt: Date | null }[]> {
  // Qualified by hand: drizzle writes a bare "id" on a one-table select, which the subquery would read as e.id.
  // The column's own mapping turns the driver's timestamp (a string on postgres-js) into a Date.
  const first =
    sql<Date | null>`(select min(e.at) from complaint_events e where e.complaint_id = "complaints"."id" and ${sql.raw(firstResponseSql("e"))})`.mapWith(
      complaints.createdAt,
    );
  return db
    .select({ channel: complaints.channel, receivedAt: complaints.createdAt, respondedAt: first })
    .from(complaints)
    .where(and(gte(complaints.createdAt, from), lt(complaints.createdAt, to)));
}

/** The classifications the breakdowns page counts by, each a complaints column (dim "name=value"). */
export const BREAKDOWN_DIMENSIONS = ["kind", "channel", "complexity", "importance", "action_type", "city"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
// One row per dimension for each complaint, so one SELECT fills every breakdown.
const BREAKDOWN_JOIN = `cross join lateral (values ${BREAKDOWN_DIMENSIONS.map((d) => `('${d}', c.${d})`).join(", ")}) as bd(k, v)`;
const BREAKDOWN_DIM = `bd.k || '=' || bd.v`;

/** A close event `e` of complaint `c` within its kind's clock-hour target (kinds without one never match). */
export function answerTargetSql(e = "e", c = "c"): string {
  const kinds = Object.entries(ANSWER_TARGET_HOURS).filter(([, h]) => h !== null);
  if (!kinds.length) return "false";
  const hours = kinds.map(([k, h]) => `when '${k}' then ${Number(h)}`).join(" ");
  return `${e}.at <= ${c}.created_at + (case ${c}.kind ${hours} end) * interval '1 hour'`;
}

/** One SELECT per source; `day(col)` is the local date of a timestamp. */
export function sources(tz: string, from: string, to: string) {
  const day = (col: string) => `to_char((${col} at time zone '${tz.replace(/'/g, "")}')::date, 'YYYY-MM-DD')`;
  const zone = tz.replace(/'/g, "");
  // Bounds as instants, so the indexes on the timestamps serve the range.
  const inRange = (col: string) =>
    `${col} >= ('${from}'::date::timestamp at time zone '${zone}') and ${col} < (('${to}'::date + 1)::timestamp at time zone '${zone}')`;
  const ev = (type: string) =>
    `from complaint_events e join complaints c on c.id = e.complaint_id where e.type = '${type}' and ${inRange("e.at")}`;
  return [
    // Received, by kind and channel, under the agency it is with now ('' = the unit's triage).
    `select ${day("c.created_at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'received', c.kind || ':' || c.channel, count(*) from complaints c where ${inRange("c.created_at")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'accepted', '', count(*) ${ev("accepted")} group by 1, 2, 3`,
    `select ${day("e.at")}, coalesce(e.data->>'agencyCode', ''), coalesce(e.data->>'serviceCode', ''), 'rejected', '', count(*) ${ev("rejected")} group by 1, 2, 3`,
    // Working days to decide, accepted or rejected, charged to the agency that decided.
    `select ${day("e.at")}, coalesce(case when e.type = 'rejected' then e.data->>'agencyCode' else c.agency_code end, ''), coalesce(case when e.type = 'rejected' then e.data->>'serviceCode' else c.service_code end, ''), 'decide_days', '', coalesce(sum((e.data->>'decideDays')::numeric), 0) from complaint_events e join complaints c on c.id = e.complaint_id where e.type in ('accepted', 'rejected') and ${inRange("e.at")} group by 1, 2, 3`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed', coalesce(e.data->>'outcome', ''), count(*) ${ev("closed")} group by 1, 2, 3, 5`,
    // Closes by kind of submission (seed 002 §5.3: on time "by the type of complaint"),
    // those that had a deadline (praise has none, so it cannot be late or on time), and
    // those within it. Summed over the kinds they are the totals the older pages read.
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed_kind', c.kind, count(*) ${ev("closed")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed_due', c.kind, count(*) ${ev("closed")} and (e.data->>'onTime') is not null group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed_on_time', c.kind, count(*) ${ev("closed")} and (e.data->>'onTime')::boolean group by 1, 2, 3, 5`,
    // Seed 002's first-contact resolution, as server/kpi/first-contact.ts defines it.
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'closed_first_contact', c.kind, count(*) ${ev("closed")} and ${firstContactSql("e", "c")} group by 1, 2, 3, 5`,
    // Seed 002 §5.5.6: answered within the kind's clock-hour target (policy ANSWER_TARGET_HOURS).
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'answered_in_target', c.kind, count(*) ${ev("closed")} and ${answerTargetSql("e", "c")} group by 1, 2, 3, 5`,
    // The breakdowns page (received, closed, with a deadline, on time) by each classification.
    `select ${day("c.created_at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'bd_received', ${BREAKDOWN_DIM}, count(*) from complaints c ${BREAKDOWN_JOIN} where ${inRange("c.created_at")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'bd_closed', ${BREAKDOWN_DIM}, count(*) from complaint_events e join complaints c on c.id = e.complaint_id ${BREAKDOWN_JOIN} where e.type = 'closed' and ${inRange("e.at")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'bd_closed_due', ${BREAKDOWN_DIM}, count(*) from complaint_events e join complaints c on c.id = e.complaint_id ${BREAKDOWN_JOIN} where e.type = 'closed' and (e.data->>'onTime') is not null and ${inRange("e.at")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'bd_on_time', ${BREAKDOWN_DIM}, count(*) from complaint_events e join complaints c on c.id = e.complaint_id ${BREAKDOWN_JOIN} where e.type = 'closed' and (e.data->>'onTime')::boolean and ${inRange("e.at")} group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'close_days', e.data->>'closeDays', count(*) ${ev("closed")} and e.data ? 'closeDays' group by 1, 2, 3, 5`,
    `select ${day("e.at")}, coalesce(c.agency_code, ''), coalesce(c.service_code, ''), 'reopened', coalesce(e.data->>'afterOutcome', ''), count(*) ${ev("reopened")} group by 1, 2, 3, 5`,
    `select ${day("s.fired_at")}, coalesce(s.agency_code, ''), coalesce(c.service_code, ''), 'escalated', s.level::text, count(*) from sla_events s join complaints c on c.id = s.complaint_id where s.level > 0 and ${inRange("s.fired_at")} group by 1, 2, 3, 5`,
    `select ${day("r.invited_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'rating_invited', '', count(*) from satisfaction r join complaints c on c.id = r.complaint_id where ${inRange("r.invited_at")} group by 1, 2, 3`,
    `select ${day("r.answered_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'rating', r.resolved, count(*) from satisfaction r join complaints c on c.id = r.complaint_id where r.answered_at is not null and ${inRange("r.answered_at")} group by 1, 2, 3, 5`,
    `select ${day("r.answered_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'stars', '', sum(r.stars) from satisfaction r join complaints c on c.id = r.complaint_id where r.answered_at is not null and ${inRange("r.answered_at")} group by 1, 2, 3`,
    // Stars by kind, so satisfaction (rated SATISFIED_STARS or more) is a share of a sum.
    `select ${day("r.answered_at")}, coalesce(r.agency_code, ''), coalesce(c.service_code, ''), 'stars_hist', c.kind || ':' || r.stars, count(*) from satisfaction r join complaints c on c.id = r.complaint_id where r.answered_at is not null and r.stars is not null and ${inRange("r.answered_at")} group by 1, 2, 3, 5`,
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
    const [r] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(kpiDaily)
      .where(and(gte(kpiDaily.day, from), lte(kpiDaily.day, to)));
    return r?.n ?? 0;
  });
}

/** Service + city + district with at least `minRepeats` complaints in the period. */
export async function hotspotRows(db: Db, from: Date, to: Date, minRepeats: number, limit: number) {
  return db
    .select({
      agencyCode: complaints.agencyCode,
      serviceCode: complaints.serviceCode,
      city: complaints.city,
      district: sql<string>`coalesce(${complaints.district}, '')`,
      n: sql<number>`count(*)::int`,
      open: sql<number>`(count(*) filter (where ${complaints.status} in ('routed', 'in_progress', 'awaiting_citizen')))::int`,
    })
    .from(complaints)
    .where(and(gte(complaints.createdAt, from), lt(complaints.createdAt, to), isNotNull(complaints.agencyCode)))
    .groupBy(complaints.agencyCode, complaints.serviceCode, complaints.city, sql`coalesce(${complaints.district}, '')`)
    .having(sql`count(*) >= ${minRepeats}`)
    .orderBy(desc(sql`count(*)`))
    .limit(limit);
}

/**
 * Complaints whose wording repeats: the folded text (its search document) compared on
 * its first words, so small differences at the end (a date, a name) still group them.
 */
export async function repeatedWordingRows(db: Db, from: Date, to: Date, limit: number) {
  const head = sql<string>`left(regexp_replace(lower(${complaints.text}), '[^[:alnum:] ]+', ' ', 'g'), 60)`;
  return db
    .select({
      wording: head,
      agencyCode: sql<string>`min(coalesce(${complaints.agencyCode}, ''))`,
      n: sql<number>`count(*)::int`,
      people: sql<number>`count(distinct coalesce(${complaints.citizenId}::text, ${complaints.contact}->>'nationalId', ${complaints.id}::text))::int`,
    })
    .from(complaints)
    .where(and(gte(complaints.createdAt, from), lt(complaints.createdAt, to)))
    .groupBy(head)
    .having(sql`count(*) >= 2`)
    .orderBy(desc(sql`count(*)`))
    .limit(limit);
}

/** Summed daily figures per agency and service ("AGENCY/SERVICE"), for the breakdown by service. */
export async function sumsByAgencyService(db: Db, p: Period, metrics: string[]): Promise<Map<string, Sums>> {
  const rows = await db
    .select({
      agencyCode: kpiDaily.agencyCode,
      serviceCode: kpiDaily.serviceCode,
      metric: kpiDaily.metric,
      dim: kpiDaily.dim,
      value: sql<number>`sum(${kpiDaily.value})`.mapWith(Number),
    })
    .from(kpiDaily)
    .where(and(gte(kpiDaily.day, p.from), lte(kpiDaily.day, p.to), inArray(kpiDaily.metric, metrics)))
    .groupBy(kpiDaily.agencyCode, kpiDaily.serviceCode, kpiDaily.metric, kpiDaily.dim);
  const out = new Map<string, Sums>();
  for (const r of rows) {
    const key = `${r.agencyCode}/${r.serviceCode}`;
    const s = out.get(key) ?? {};
    (s[r.metric] ??= {})[r.dim] = r.value;
    out.set(key, s);
  }
  return out;
}

/**
 * The live part of the per-kind figures, by kind: open complaints past their deadline
 * (they count against on time, as overdueBacklog), and open ones older than their
 * kind's answer target in clock hours (against "answered within the set time"). A
 * complaint waiting on the citizen is not the agency's delay, so neither counts it.
 */
export async function liveBacklogByKind(
  db: Db,
  now: Date,
  agencyCode?: string,
): Promise<{ overdue: Record<string, number>; pastTarget: Record<string, number> }> {
  const targets = Object.entries(ANSWER_TARGET_HOURS).filter(([, h]) => h !== null) as [string, number][];
  const past = targets.length
    ? sql.join(
        targets.map(
          ([k, h]) =>
            sql`(${complaints.kind} = ${k} and ${complaints.createdAt} < ${new Date(now.getTime() - h * 3600_000).toISOString()}::timestamptz)`,
        ),
        sql` or `,
      )
    : sql`false`;
  const rows = await db
    .select({
      kind: complaints.kind,
      overdue: sql<number>`(count(*) filter (where ${complaints.status} in ('routed', 'in_progress') and ${complaints.actionDueAt} < ${now.toISOString()}::timestamptz))::int`,
      pastTarget: sql<number>`(count(*) filter (where ${past}))::int`,
    })
    .from(complaints)
    .where(
      and(inArray(complaints.status, ["triage", "routed", "in_progress"]), agencyCode ? eq(complaints.agencyCode, agencyCode) : undefined),
    )
    .groupBy(complaints.kind);
  const overdue: Record<string, number> = {};
  const pastTarget: Record<string, number> = {};
  for (const r of rows) {
    if (r.overdue) overdue[r.kind] = r.overdue;
    if (r.pastTarget) pastTarget[r.kind] = r.pastTarget;
  }
  return { overdue, pastTarget };
}

/**
 * Open complaints now, by status and age bucket: `cutoffs[i]` is the instant before which
 * a complaint is at least AGE_BUCKETS[i] working days old (server/kpi/breakdowns.ts works
 * them out on the hub calendar), so the database only compares timestamps. Bucket 0 is
 * the youngest.
 */
export async function pendingByAge(db: Db, cutoffs: Date[]): Promise<{ status: string; bucket: number; n: number }[]> {
  const bucket = cutoffs.length
    ? sql`case ${sql.join(
        [...cutoffs]
          .reverse()
          .map((c, i) => sql`when ${complaints.createdAt} < ${c.toISOString()}::timestamptz then ${cutoffs.length - i}`),
        sql` `,
      )} else 0 end`
    : sql`0`;
  return db
    .select({ status: complaints.status, bucket: sql<number>`${bucket}`.mapWith(Number), n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(inArray(complaints.status, ["triage", "routed", "in_progress", "awaiting_citizen"]))
    .groupBy(complaints.status, sql`2`);
}

/**
 * Seed 002 §5.4's special report: complaints repeated against one employee, service or
 * person. The complaint form has no field naming an employee or a unit (praised_staff is
 * only for praise, the person thanked), so the unit complained about is the service of
 * the agency in one place: agency + service + city + district, complaints only.
 */
export async function repeatedAgainstUnitRows(db: Db, from: Date, to: Date, minRepeats: number, agencyCode?: string, limit = 100) {
  const district = sql<string>`coalesce(${complaints.district}, '')`;
  return db
    .select({
      agencyCode: sql<string>`${complaints.agencyCode}`,
      serviceCode: sql<string>`coalesce(${complaints.serviceCode}, '')`,
      city: complaints.city,
      district,
      n: sql<number>`count(*)::int`,
      people: sql<number>`count(distinct coalesce(${complaints.citizenId}::text, ${complaints.contact}->>'nationalId', ${complaints.id}::text))::int`,
      open: sql<number>`(count(*) filter (where ${complaints.status} in ('triage', 'routed', 'in_progress', 'awaiting_citizen')))::int`,
    })
    .from(complaints)
    .where(
      and(
        eq(complaints.kind, "complaint"),
        gte(complaints.createdAt, from),
        lt(complaints.createdAt, to),
        isNotNull(complaints.agencyCode),
        agencyCode ? eq(complaints.agencyCode, agencyCode) : undefined,
      ),
    )
    .groupBy(complaints.agencyCode, sql`coalesce(${complaints.serviceCode}, '')`, complaints.city, district)
    .having(sql`count(*) >= ${minRepeats}`)
    .orderBy(desc(sql`count(*)`), complaints.agencyCode)
    .limit(limit);
}

/**
 * Complaints naming one staff member (by the folded name) at one agency, at least
 * `minRepeats` in the period: the name as most often written, how many complaints, from
 * how many people, how many still open.
 */
export async function repeatedAgainstStaffRows(db: Db, from: Date, to: Date, minRepeats: number, agencyCode?: string, limit = 100) {
  return db
    .select({
      agencyCode: sql<string>`${complaints.agencyCode}`,
      name: sql<string>`mode() within group (order by ${complaints.staffConcerned})`,
      n: sql<number>`count(*)::int`,
      people: sql<number>`count(distinct coalesce(${complaints.citizenId}::text, ${complaints.contact}->>'nationalId', ${complaints.id}::text))::int`,
      open: sql<number>`(count(*) filter (where ${complaints.status} in ('triage', 'routed', 'in_progress', 'awaiting_citizen')))::int`,
    })
    .from(complaints)
    .where(
      and(
        isNotNull(complaints.staffConcernedKey),
        gte(complaints.createdAt, from),
        lt(complaints.createdAt, to),
        isNotNull(complaints.agencyCode),
        agencyCode ? eq(complaints.agencyCode, agencyCode) : undefined,
      ),
    )
    .groupBy(complaints.agencyCode, complaints.staffConcernedKey)
    .having(sql`count(*) >= ${minRepeats}`)
    .orderBy(desc(sql`count(*)`), complaints.agencyCode)
    .limit(limit);
}

/** Each city's region (the breakdown by region folds the city rows). */
export async function cityRegions(db: Db): Promise<Map<string, { ar: string; en: string }>> {
  const rows = await db.select({ code: cities.code, ar: cities.regionAr, en: cities.regionEn }).from(cities);
  return new Map(rows.map((r) => [r.code, { ar: r.ar, en: r.en }]));
}
