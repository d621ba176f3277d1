// bench/inbox.ts's "before": server/complaints/store-inbox.ts as it was before issue 16
// item 3 (commit 38d94aa), unchanged but for its imports and its caps, kept so the bench
// compares both in one run.
//
// The liaison officer's inbox, its SQL: one agency's complaints by tab, filtered, searched, sorted
// by the deadline that matters now, and paged by keyset (never OFFSET: page 400 of a
// large agency costs the same as page 1). Every query starts from an index in
// schema/complaints.ts; `npm run bench:inbox` shows the plans at a million complaints.

import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../server/db.ts";
import { complaints, staffUsers } from "../schema/index.ts";
import { asReference, searchQuery } from "../server/complaints/search.ts";
import {
  CURSOR,
  cursorOf,
  PAGE_SIZE,
  TABS,
  tabsOf,
  type InboxQuery,
  type InboxRow,
  type InboxWindow,
  type Tab,
} from "../server/complaints/inbox-rules.ts";

// Its caps as they were.
const COUNT_CAP = 10_000;
const SEARCH_COUNT_CAP = 1_000;

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
  if (q.q) {
    const ref = asReference(q.q);
    const tsq = ref ? null : searchQuery(q.q);
    if (ref) out.push(eq(complaints.reference, ref));
    else if (tsq) out.push(sql`${complaints.searchDoc} @@ to_tsquery('simple', ${tsq})`);
  }
  return out;
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
  const order = closed ? [desc(key), desc(complaints.id)] : [asc(key), asc(complaints.id)];
  // Two steps: pick the page's ids from the index alone (the filter columns are
  // INCLUDEd in the inbox indexes, so no table row is read for rows filtered out),
  // then read just those rows.
  const picked = db
    .select({ id: complaints.id })
    .from(complaints)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1);
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

/** How many complaints each tab holds under the current filters (capped), each from its own index. */
export async function inboxCounts(db: Db, q: InboxQuery, w: InboxWindow): Promise<Record<Tab, number>> {
  const base = filters(q, w);
  if (q.q) {
    // A search reads its matches once (one pass over the text index), at most a
    // thousand of them, and sorts them into tabs here; past that the counts are "1,000+".
    const rows = await db
      .select({ status: complaints.status, due: complaints.actionDueAt })
      .from(complaints)
      .where(and(...base))
      .limit(SEARCH_COUNT_CAP + 1);
    const counts = { routed: 0, in_progress: 0, awaiting_citizen: 0, due_soon: 0, overdue: 0, closed: 0 };
    for (const r of rows) for (const tab of tabsOf(r, w)) counts[tab]++;
    if (rows.length > SEARCH_COUNT_CAP) for (const tab of TABS) if (counts[tab]) counts[tab] = COUNT_CAP + 1;
    return counts;
  }
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
  return r ?? { routed: 0, in_progress: 0, awaiting_citizen: 0, due_soon: 0, overdue: 0, closed: 0 };
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
