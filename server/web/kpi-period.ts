// The figures pages' shared pieces: the period a page asks for, and who counts as the
// national unit. Apart from server/web/kpi.tsx so the breakdowns and the quality audit
// pages can use them without an import circle.

import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { complaintScope } from "../auth/roles.ts";
import { localDate } from "../calendar/index.ts";
import type { Period } from "../kpi/compute.ts";

const DAY = /^\d{4}-\d\d-\d\d$/;

/** The page's period from ?from&to (local dates), by default this quarter to today. */
export function periodOf(c: Context<AppEnv>): { period: Period; error: boolean } {
  const today = localDate(c.var.deps.calendar, c.var.deps.clock.now());
  const [y, m] = today.split("-").map(Number) as [number, number];
  const quarterStart = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  const from = c.req.query("from") || quarterStart;
  const to = c.req.query("to") || today;
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to)
    return { period: { from: quarterStart, to: today }, error: true };
  return { period: { from, to }, error: false };
}

// The national unit's case workers and analysts (complaintScope "all"); administrators manage users, not complaints.
export const isNational = (c: Context<AppEnv>) => !!c.var.staff && complaintScope(c.var.staff).kind === "all";
