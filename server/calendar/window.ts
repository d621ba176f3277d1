import type { Calendar } from "./types.ts";
import { addHours, addWorkingDays } from "./working-days.ts";

// A window counted on a calendar: n working days or n hours. The reopen window is one
// (HUB_REOPEN_WINDOW, per agency in the directory); config, the lifecycle, the SLA
// forecast and the jobs all read it, so it lives here rather than in any of them.

export type ReopenWindow = { unit: "working_days" | "hours"; n: number };

/** "3wd" or "48h", as written in HUB_REOPEN_WINDOW. */
export function parseReopenWindow(text: string): ReopenWindow | null {
  const m = /^(\d{1,3})\s*(wd|h)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) return null;
  return { unit: m[2] === "h" ? "hours" : "working_days", n: Number(m[1]) };
}

export function reopenDeadline(cal: Calendar, closedAt: Date, w: ReopenWindow): Date {
  return w.unit === "hours" ? addHours(closedAt, w.n) : addWorkingDays(cal, closedAt, w.n);
}
