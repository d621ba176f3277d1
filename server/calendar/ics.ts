import type { Holiday } from "./types.ts";
import { addDays } from "./zone.ts";

export class IcsParseError extends Error {
  override name = "IcsParseError";
}

function unescape(text: string): string {
  return text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? " " : c)).trim();
}

function icsDate(value: string, line: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) throw new IcsParseError(`line ${line}: "${value}" is not a date (YYYYMMDD)`);
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) throw new IcsParseError(`line ${line}: ${date} does not exist`);
  return date;
}

/**
 * All-day events of an iCalendar file as holidays (DTEND is exclusive, as RFC 5545
 * says). Timed events are skipped: a holiday is a whole day off, and a two-hour
 * closure does not move a deadline.
 */
export function parseIcsHolidays(text: string): Holiday[] {
  // Unfold: a line starting with a space or tab continues the previous one.
  const raw = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const lines: { text: string; no: number }[] = [];
  raw.forEach((l, i) => {
    if (/^[ \t]/.test(l) && lines.length) lines[lines.length - 1]!.text += l.slice(1);
    else if (l.trim()) lines.push({ text: l, no: i + 1 });
  });
  if (!lines.length || lines[0]!.text.trim().toUpperCase() !== "BEGIN:VCALENDAR") {
    throw new IcsParseError("not an iCalendar file (it must start with BEGIN:VCALENDAR)");
  }
  const out: Holiday[] = [];
  let ev: { start?: string; end?: string; timed?: boolean; summary?: string; line: number } | null = null;
  for (const { text: l, no } of lines) {
    const colon = l.indexOf(":");
    if (colon < 0) throw new IcsParseError(`line ${no}: expected NAME:VALUE`);
    const [name, ...params] = l.slice(0, colon).toUpperCase().split(";");
    const value = l.slice(colon + 1);
    if (name === "BEGIN" && value.toUpperCase() === "VEVENT") {
      ev = { line: no };
    } else if (name === "END" && value.toUpperCase() === "VEVENT") {
      if (!ev) throw new IcsParseError(`line ${no}: END:VEVENT without BEGIN:VEVENT`);
      if (!ev.start && !ev.timed) throw new IcsParseError(`line ${ev.line}: event without DTSTART`);
      if (!ev.timed && ev.start) {
        const end = ev.end ?? addDays(ev.start, 1);
        if (end <= ev.start) throw new IcsParseError(`line ${ev.line}: the event ends before it starts`);
        for (let d = ev.start; d < end; d = addDays(d, 1)) {
          out.push({ date: d, source: "ics", ...(ev.summary ? { nameAr: ev.summary, nameEn: ev.summary } : {}) });
        }
      }
      ev = null;
    } else if (ev && (name === "DTSTART" || name === "DTEND")) {
      const isDate = params.includes("VALUE=DATE") || /^\d{8}$/.test(value.trim());
      if (!isDate) {
        if (!/^\d{8}T\d{6}Z?$/.test(value.trim())) throw new IcsParseError(`line ${no}: "${value}" is not a date or date-time`);
        ev.timed = true;
      } else if (name === "DTSTART") ev.start = icsDate(value, no);
      else ev.end = icsDate(value, no);
    } else if (ev && name === "SUMMARY") {
      ev.summary = unescape(value);
    }
  }
  if (ev) throw new IcsParseError(`line ${ev.line}: event not closed with END:VEVENT`);
  return out;
}
