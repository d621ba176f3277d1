import ical from "node-ical";
import type { Holiday } from "./types.ts";
import { addDays } from "./zone.ts";

export class IcsParseError extends Error {
  override name = "IcsParseError";
}

function icsDate(value: string, line: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) throw new IcsParseError(`line ${line}: "${value}" is not a date (YYYYMMDD)`);
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    throw new IcsParseError(`line ${line}: ${date} does not exist`);
  return date;
}

/**
 * node-ical is lenient: a calendar with an impossible date or an unclosed event parses
 * "successfully" into something else. An operator importing a holiday file needs the
 * line that is wrong, so the structure is checked here first, and the meaning (RRULE,
 * EXDATE, DURATION, STATUS) is left to the maintained parser.
 */
function checkStructure(text: string): number {
  const raw = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const lines: { text: string; no: number }[] = [];
  raw.forEach((l, i) => {
    if (/^[ \t]/.test(l) && lines.length) lines[lines.length - 1]!.text += l.slice(1);
    else if (l.trim()) lines.push({ text: l, no: i + 1 });
  });
  if (!lines.length || lines[0]!.text.trim().toUpperCase() !== "BEGIN:VCALENDAR") {
    throw new IcsParseError("not an iCalendar file (it must start with BEGIN:VCALENDAR)");
  }
  let open: number | null = null;
  let minYear = Infinity;
  for (const { text: l, no } of lines) {
    const colon = l.indexOf(":");
    if (colon < 0) throw new IcsParseError(`line ${no}: expected NAME:VALUE`);
    const [name, ...params] = l.slice(0, colon).toUpperCase().split(";");
    const value = l.slice(colon + 1).trim();
    if (name === "BEGIN" && value.toUpperCase() === "VEVENT") open = no;
    else if (name === "END" && value.toUpperCase() === "VEVENT") {
      if (open === null) throw new IcsParseError(`line ${no}: END:VEVENT without BEGIN:VEVENT`);
      open = null;
    } else if (open !== null && (name === "DTSTART" || name === "DTEND")) {
      const isDate = params.includes("VALUE=DATE") || /^\d{8}$/.test(value);
      if (isDate) {
        const d = icsDate(value, no);
        if (name === "DTSTART") minYear = Math.min(minYear, Number(d.slice(0, 4)));
      } else if (!/^\d{8}T\d{6}Z?$/.test(value)) throw new IcsParseError(`line ${no}: "${value}" is not a date or date-time`);
    }
  }
  if (open !== null) throw new IcsParseError(`line ${open}: event not closed with END:VEVENT`);
  return minYear;
}

/** A date-only value as node-ical builds it (local midnight of the process) → YYYY-MM-DD. */
function dayOf(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const day = String(d.getDate()).padStart(2, "0");
  return `${y}-${m}-${day}`;
}

function summaryOf(s: unknown): string | undefined {
  const v = typeof s === "string" ? s : s && typeof s === "object" && "val" in s ? String((s as { val: unknown }).val) : undefined;
  const t = v?.replace(/\s+/g, " ").trim();
  return t || undefined;
}

/**
 * All-day events of an iCalendar file as holidays, through node-ical: repeating events
 * (RRULE) give one holiday per occurrence within `years`, EXDATE removes occurrences,
 * DTEND (exclusive, RFC 5545) or DURATION give every day of a long closure, and a
 * cancelled event (STATUS:CANCELLED) is no day off. Timed events are skipped: a holiday
 * is a whole day off, and a two-hour closure does not move a deadline. Without `years`
 * a repeating event is expanded over its first year and the two after it.
 */
export function parseIcsHolidays(text: string, opts: { years?: number[] } = {}): Holiday[] {
  const firstYear = checkStructure(text);
  let parsed: ReturnType<typeof ical.sync.parseICS>;
  try {
    parsed = ical.sync.parseICS(text);
  } catch (e) {
    throw new IcsParseError(`not a readable iCalendar file: ${(e as Error).message}`);
  }
  const years = opts.years?.length ? opts.years : Number.isFinite(firstYear) ? [firstYear, firstYear + 2] : [new Date().getUTCFullYear()];
  const from = new Date(Math.min(...years), 0, 1);
  const to = new Date(Math.max(...years), 11, 31, 23, 59, 59);
  const out = new Map<string, Holiday>();
  for (const item of Object.values(parsed)) {
    if (!item || item.type !== "VEVENT") continue;
    const ev = item as ical.VEvent;
    if (String(ev.status ?? "").toUpperCase() === "CANCELLED") continue;
    const fullDay = ev.datetype === "date" || Boolean(ev.start?.dateOnly);
    if (!fullDay || !ev.start) continue;
    const name = summaryOf(ev.summary);
    for (const inst of ical.expandRecurringEvent(ev, { from, to })) {
      // A cancelled occurrence (RECURRENCE-ID override with STATUS:CANCELLED) is skipped too.
      if (String((inst as { event?: { status?: string } }).event?.status ?? "").toUpperCase() === "CANCELLED") continue;
      const first = dayOf(inst.start);
      const end = inst.end ? dayOf(inst.end) : addDays(first, 1);
      const last = end > first ? end : addDays(first, 1);
      for (let d = first; d < last; d = addDays(d, 1)) {
        if (!out.has(d)) out.set(d, { date: d, source: "ics", ...(name ? { nameAr: name, nameEn: name } : {}) });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
}
