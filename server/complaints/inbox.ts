// The liaison officer's inbox: one agency's complaints by tab, filtered, searched, sorted
// by the deadline that matters now, and paged by keyset (never OFFSET: page 400 of a
// large agency costs the same as page 1). Every query starts from an index in
// schema/complaints.ts; `npm run bench:inbox` shows the plans at a million complaints.

import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db.ts";
import { complaints, staffUsers } from "../../schema/index.ts";
import { asReference, searchQuery } from "./search.ts";
import { COMPLEXITY, IMPORTANCE, ACTION_TYPES } from "../directory/schema.ts";

export const TABS = ["routed", "in_progress", "awaiting_citizen", "due_soon", "overdue", "closed"] as const;
export type Tab = (typeof TABS)[number];
export const PAGE_SIZE = 25;

const blank = (v: unknown) => (v === "" ? undefined : v);
const day = z.preprocess(blank, z.iso.date({ error: "date_invalid" }).optional());
export const inboxQuerySchema = z.object({
  tab: z.preprocess(blank, z.enum(TABS).default("routed")),
  q: z.preprocess(blank, z.string().trim().max(200, "too_long").optional()),
  service: z.preprocess(blank, z.string().max(64).optional()),
  city: z.preprocess(blank, z.string().max(64).optional()),
  complexity: z.preprocess(blank, z.enum(COMPLEXITY).optional()),
  importance: z.preprocess(blank, z.enum(IMPORTANCE).optional()),
  actionType: z.preprocess(blank, z.enum(ACTION_TYPES).optional()),
  from: day,
  to: day,
  mine: z.preprocess(blank, z.literal("1").optional()),
  after: z.preprocess(blank, z.string().max(120).optional()),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

export interface InboxWindow {
  agencyCode: string;
  staffId: string;
  now: Date;
  /** "Due soon" ends here (the end of the next working day). */
  soon: Date;
  /** The local midnights of `from` and the day after `to`. */
  fromAt?: Date;
  toAt?: Date;
}

export interface InboxRow {
  id: string;
  reference: string;
  kind: string;
  status: string;
  title: string | null;
  text: string;
  city: string;
  serviceCode: string | null;
  createdAt: Date;
  actionDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  reopenCount: number;
  assignedName: string | null;
}

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
      return and(inArray(complaints.status, [...OPEN_FOR_AGENCY]), gte(complaints.actionDueAt, w.now), lte(complaints.actionDueAt, w.soon))!;
    case "overdue":
      return and(inArray(complaints.status, [...OPEN_FOR_AGENCY]), lt(complaints.actionDueAt, w.now))!;
    case "closed":
      return inArray(complaints.status, ["closed", "withdrawn"]);
  }
}

// Cursor: the sort key and id of the last row shown, "<iso>|<uuid>".
const CURSOR = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f-]{36})$/;
export function cursorOf(tab: Tab, r: InboxRow): string {
  const at = tab === "closed" ? r.closedAt : r.actionDueAt;
  return `${(at ?? new Date(0)).toISOString()}|${r.id}`;
}

export async function inboxPage(db: Db, q: InboxQuery, w: InboxWindow, limit = PAGE_SIZE): Promise<{ rows: InboxRow[]; next: string | null }> {
  const where = [...filters(q, w), tabFilter(q.tab, w)];
  const closed = q.tab === "closed";
  const key = closed ? complaints.closedAt : complaints.actionDueAt;
  const m = q.after ? CURSOR.exec(q.after) : null;
  if (m) {
    // Row comparison walks the index from where the last page stopped.
    where.push(closed ? sql`(${key}, ${complaints.id}) < (${m[1]}::timestamptz, ${m[2]}::uuid)` : sql`(${key}, ${complaints.id}) > (${m[1]}::timestamptz, ${m[2]}::uuid)`);
  }
  const order = closed ? [desc(key), desc(complaints.id)] : [asc(key), asc(complaints.id)];
  // Two steps: pick the page's ids from the index alone (the filter columns are
  // INCLUDEd in the inbox indexes, so no table row is read for rows filtered out),
  // then read just those rows.
  const picked = db.select({ id: complaints.id }).from(complaints).where(and(...where)).orderBy(...order).limit(limit + 1);
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

export const SEARCH_COUNT_CAP = 1_000;

/** The tabs a complaint shows under (the same rules as tabFilter, for rows in hand). */
export function tabsOf(r: { status: string; due: Date | null }, w: InboxWindow): Tab[] {
  const out: Tab[] = [];
  if (r.status === "routed" || r.status === "in_progress" || r.status === "awaiting_citizen") out.push(r.status);
  if ((r.status === "routed" || r.status === "in_progress") && r.due) {
    if (r.due < w.now) out.push("overdue");
    else if (r.due <= w.soon) out.push("due_soon");
  }
  if (r.status === "closed" || r.status === "withdrawn") out.push("closed");
  return out;
}

/** Tab counts stop at this number ("10,000+"): counting further costs time and tells an officer nothing. */
export const COUNT_CAP = 10_000;

/** How many complaints each tab holds under the current filters (capped), each from its own index. */
export async function inboxCounts(db: Db, q: InboxQuery, w: InboxWindow): Promise<Record<Tab, number>> {
  const base = filters(q, w);
  if (q.q) {
    // A search reads its matches once (one pass over the text index), at most a
    // thousand of them, and sorts them into tabs here; past that the counts are "1,000+".
    const rows = await db.select({ status: complaints.status, due: complaints.actionDueAt }).from(complaints).where(and(...base)).limit(SEARCH_COUNT_CAP + 1);
    const counts = { routed: 0, in_progress: 0, awaiting_citizen: 0, due_soon: 0, overdue: 0, closed: 0 };
    for (const r of rows) for (const tab of tabsOf(r, w)) counts[tab]++;
    if (rows.length > SEARCH_COUNT_CAP) for (const tab of TABS) if (counts[tab]) counts[tab] = COUNT_CAP + 1;
    return counts;
  }
  const capped = (tab: Tab) =>
    sql<number>`(select count(*) from (${db.select({ one: sql`1` }).from(complaints).where(and(...base, tabFilter(tab, w))).limit(COUNT_CAP + 1)}) as capped)`.mapWith(Number);
  const [r] = await db.select({
    routed: capped("routed"),
    in_progress: capped("in_progress"),
    awaiting_citizen: capped("awaiting_citizen"),
    due_soon: capped("due_soon"),
    overdue: capped("overdue"),
    closed: capped("closed"),
  }).from(sql`(select 1) as one`);
  return r ?? { routed: 0, in_progress: 0, awaiting_citizen: 0, due_soon: 0, overdue: 0, closed: 0 };
}

/** The supervisor's view of who holds what: open work and overdue work per officer. */
export async function workload(db: Db, agencyCode: string, now: Date) {
  return db
    .select({
      staffId: complaints.assignedTo,
      fullName: staffUsers.fullName,
      open: count(),
      overdue: sql<number>`count(*) filter (where ${complaints.actionDueAt} < ${now.toISOString()}::timestamptz and ${complaints.status} in ('routed', 'in_progress'))`.mapWith(Number),
      awaiting: sql<number>`count(*) filter (where ${complaints.status} = 'awaiting_citizen')`.mapWith(Number),
    })
    .from(complaints)
    .leftJoin(staffUsers, eq(staffUsers.id, complaints.assignedTo))
    .where(and(eq(complaints.agencyCode, agencyCode), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])))
    .groupBy(complaints.assignedTo, staffUsers.fullName)
    .orderBy(desc(count()));
}
