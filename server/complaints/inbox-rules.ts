// The inbox's rules without SQL: its tabs, its query and the tabs a complaint in hand
// shows under. store-inbox.ts reads by them; inbox.ts is the door callers import.

import { z } from "zod";
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

// Cursor: the sort key and id of the last row shown, "<iso>|<uuid>".
export const CURSOR = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f-]{36})$/;
export function cursorOf(tab: Tab, r: InboxRow): string {
  const at = tab === "closed" ? r.closedAt : r.actionDueAt;
  return `${(at ?? new Date(0)).toISOString()}|${r.id}`;
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

/**
 * Tab counts stop past this number ("1,000+"): counting further costs time (a tab of a
 * large agency holds a hundred thousand rows) and tells an officer nothing.
 */
export const COUNT_CAP = 1_000;

/**
 * A tab's count as shown: `n`, or with `more` "at least n" ("1,000+" past the cap, or,
 * under a word search, the matches among the tab's first SEARCH_WALK rows).
 */
export interface TabCount {
  n: number;
  more: boolean;
}
export type TabCounts = Record<Tab, TabCount>;

/**
 * A word search first reads this many rows of the tab in its own order and checks each
 * one's text: a common word fills the page (and counts) from those at once, where the
 * text index would have to gather every one of its tens of thousands of matches first.
 * Only when the rows read hold too few matches does the text index answer.
 */
export const SEARCH_WALK = 1_000;
