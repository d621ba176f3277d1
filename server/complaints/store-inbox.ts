// The liaison officer's inbox, its SQL: one agency's complaints by tab, filtered, searched, sorted
// by the deadline that matters now, and paged by keyset (never OFFSET: page 400 of a
// large agency costs the same as page 1). Every query starts from an index in
// schema/complaints.ts; `npm run bench:inbox` shows the plans at a million complaints.

import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints, staffUsers } from "../../schema/index.ts";
import { asReference, searchQuery } from "./search.ts";
import {
  COUNT_CAP,
  CURSOR,
  cursorOf,
  PAGE_SIZE,
  SEARCH_COUNT_CAP,
  SEARCH_WALK,
  TABS,
  tabsOf,
  type InboxQuery,
  type InboxRow,
  type InboxWindow,
  type Tab,
  type TabCounts,
} from "./inbox-rules.ts";

const OPEN_FOR_AGENCY = ["routed", "in_progress"] as const;

/** Filters shared by the list and the tab counts. */
function filters(q: InboxQuery, w: InboxWindow): SQL[] {
  const out: SQL[] = [eq(complaints.agencyCode, w.agencyCode)];
  if (q.service) out.push(eq(complaints.serviceCode, q.service));
  if (q.city) out.push(eq(complaints.city, q.city));
  if (q.complexity) out.push(eq(complaints.complexity, q.complexity));
  if (q.importance) out.push(eq(complaints.importance, q.importance));
  if (q.actionType) out.push(eq(complaints.actionType, q.actionType));
  if (w.fromAt) out.push(gte(complaints.createdAt, w.fromAt));
  if (w.toAt) out.push(lt(complaints.createdAt, w.toAt));
  if (q.mine) out.push(eq(complaints.assignedTo, w.staffId));
  const ref = q.q ? asReference(q.q) : null;
  if (ref) out.push(eq(complaints.reference, ref));
  return out;
}

/** The word search's condition (folded as the stored document is), or null for none or a reference. */
function wordMatch(q: InboxQuery): SQL | null {
  if (!q.q || asReference(q.q)) return null;
  const tsq = searchQuery(q.q);
  return tsq ? sql`${complaints.searchDoc} @@ to_tsquery('simple', ${tsq})` : null;
}

/** The order a tab is read in, the order of its index. */
function orderOf(tab: Tab) {
  return tab === "closed" ? [desc(complaints.closedAt), desc(complaints.id)] : [asc(complaints.actionDueAt), asc(complaints.id)];
}

function tabFilter(tab: Tab, w: InboxWindow): SQL {
  switch (tab) {
    case "routed":
    case "in_progress":
    case "awaiting_citizen":
      return eq(complaints.status, tab);
    case "due_soon":
      return and(
        inArray(complaints.status, [...OPEN_FOR_AGENCY]),
        gte(complaints.actionDueAt, w.now),
        lte(complaints.actionDueAt, w.soon),
      )!;
    case "overdue":
      return and(inArray(complaints.status, [...OPEN_FOR_AGENCY]), lt(complaints.actionDueAt, w.now))!;
    case "closed":
      return inArray(complaints.status, ["closed", "withdrawn"]);
  }
}

export async function inboxPage(
  db: Db,
  q: InboxQuery,
  w: InboxWindow,
  limit = PAGE_SIZE,
): Promise<{ rows: InboxRow[]; next: string | null }> {
  const where = [...filters(q, w), tabFilter(q.tab, w)];
  const closed = q.tab === "closed";
  const key = closed ? complaints.closedAt : complaints.actionDueAt;
  const m = q.after ? CURSOR.exec(q.after) : null;
  if (m) {
    // Row comparison walks the index from where the last page stopped.
    where.push(
      closed
        ? sql`(${key}, ${complaints.id}) < (${m[1]}::timestamptz, ${m[2]}::uuid)`
        : sql`(${key}, ${complaints.id}) > (${m[1]}::timestamptz, ${m[2]}::uuid)`,
    );
  }
  const order = orderOf(q.tab);
  // Two steps: pick the page's ids from the index alone (the filter columns are
  // INCLUDEd in the inbox indexes, so no table row is read for rows filtered out),
  // then read just those rows.
  const match = wordMatch(q);
  let picked: SQL | string[] = sql`${db
    .select({ id: complaints.id })
    .from(complaints)
    .where(and(...where, ...(match ? [match] : [])))
    .orderBy(...order)
    .limit(limit + 1)}`;
  if (match) {
    // A word search reads the tab's first rows in order and checks their text; a common
    // word fills the page from those. A rare one leaves it short: then the text index
    // finds its few matches (the query above).
    const walked = await db
      .select({ id: complaints.id, hit: sql<boolean>`${match}` })
      .from(complaints)
      .where(and(...where))
      .orderBy(...order)
      .limit(SEARCH_WALK);
    const hits = walked.filter((r) => r.hit).map((r) => r.id);
    if (hits.length > limit || walked.length < SEARCH_WALK) picked = hits.slice(0, limit + 1);
  }
  if (Array.isArray(picked) && !picked.length) return { rows: [], next: null };
  const rows = await db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      kind: complaints.kind,
      status: complaints.status,
      title: complaints.title,
      text: sql<string>`left(${complaints.text}, 160)`.mapWith(complaints.text),
      city: complaints.city,
      serviceCode: complaints.serviceCode,
      createdAt: complaints.createdAt,
      actionDueAt: complaints.actionDueAt,
      closedAt: complaints.closedAt,
      outcome: complaints.outcome,
      reopenCount: complaints.reopenCount,
      assignedName: staffUsers.fullName,
    })
    .from(complaints)
    .leftJoin(staffUsers, eq(staffUsers.id, complaints.assignedTo))
    .where(inArray(complaints.id, picked))
    .orderBy(...order);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, next: more ? cursorOf(q.tab, page[page.length - 1]!) : null };
}

/**
 * How many complaints each tab holds under the current filters, each from its own index,
 * counted up to COUNT_CAP ("1,000+"). Under a word search: the matches among each tab's
 * first SEARCH_WALK rows, exact when that was the whole tab and "at least" otherwise; a
 * tab with none there is counted through the text index.
 */
export async function inboxCounts(db: Db, q: InboxQuery, w: InboxWindow): Promise<TabCounts> {
  const base = filters(q, w);
  const match = wordMatch(q);
  const sub = (query: { getSQL(): SQL }) => sql<number>`(${query})`.mapWith(Number);
  if (!match) {
    const capped = (tab: Tab) =>
      sql<number>`(select count(*) from (${db
        .select({ one: sql`1` })
        .from(complaints)
        .where(and(...base, tabFilter(tab, w)))
        .limit(COUNT_CAP + 1)}) as capped)`.mapWith(Number);
    const [r] = await db
      .select({
        routed: capped("routed"),
        in_progress: capped("in_progress"),
        awaiting_citizen: capped("awaiting_citizen"),
        due_soon: capped("due_soon"),
        overdue: capped("overdue"),
        closed: capped("closed"),
      })
      .from(sql`(select 1) as one`);
    const counts = {} as TabCounts;
    for (const tab of TABS) counts[tab] = { n: Math.min(r?.[tab] ?? 0, COUNT_CAP), more: (r?.[tab] ?? 0) > COUNT_CAP };
    return counts;
  }
  // One statement: per tab, how many of its first rows were read and how many matched.
  const walk = (tab: Tab) =>
    db
      .select({ hit: sql`${match}`.as("hit") })
      .from(complaints)
      .where(and(...base, tabFilter(tab, w)))
      .orderBy(...orderOf(tab))
      .limit(SEARCH_WALK)
      .as(`walk_${tab}`);
  const cols: Record<string, SQL.Aliased<number>> = {};
  for (const tab of TABS) {
    cols[`${tab}_read`] = sub(db.select({ n: sql`count(*)` }).from(walk(tab))).as(`${tab}_read`);
    cols[`${tab}_hits`] = sub(
      db
        .select({ n: sql`count(*)` })
        .from(walk(tab))
        .where(sql`hit`),
    ).as(`${tab}_hits`);
  }
  const [r] = await db.select(cols).from(sql`(select 1) as one`);
  const counts = {} as TabCounts;
  const unknown: Tab[] = [];
  for (const tab of TABS) {
    const read = Number(r?.[`${tab}_read`] ?? 0);
    const hits = Number(r?.[`${tab}_hits`] ?? 0);
    counts[tab] = { n: hits, more: read >= SEARCH_WALK };
    if (read >= SEARCH_WALK && hits === 0) unknown.push(tab);
  }
  if (unknown.length) {
    // None among the first rows: the text index reads the matches once, at most a
    // thousand of them, and sorts them into tabs here.
    const rows = await db
      .select({ status: complaints.status, due: complaints.actionDueAt })
      .from(complaints)
      .where(and(...base, match))
      .limit(SEARCH_COUNT_CAP + 1);
    const over = rows.length > SEARCH_COUNT_CAP;
    for (const tab of unknown) counts[tab] = { n: 0, more: over };
    for (const row of rows) for (const tab of tabsOf(row, w)) if (unknown.includes(tab)) counts[tab].n++;
  }
  return counts;
}

/** The supervisor's view of who holds what: open work and overdue work per officer. */
export async function workload(db: Db, agencyCode: string, now: Date) {
  return db
    .select({
      staffId: complaints.assignedTo,
      fullName: staffUsers.fullName,
      open: count(),
      overdue:
        sql<number>`count(*) filter (where ${complaints.actionDueAt} < ${now.toISOString()}::timestamptz and ${complaints.status} in ('routed', 'in_progress'))`.mapWith(
          Number,
        ),
      awaiting: sql<number>`count(*) filter (where ${complaints.status} = 'awaiting_citizen')`.mapWith(Number),
    })
    .from(complaints)
    .leftJoin(staffUsers, eq(staffUsers.id, complaints.assignedTo))
    .where(and(eq(complaints.agencyCode, agencyCode), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])))
    .groupBy(complaints.assignedTo, staffUsers.fullName)
    .orderBy(desc(count()));
}
