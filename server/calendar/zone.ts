// Time-zone arithmetic with Intl only. Formatters are costly to build and these
// functions run in loops over days, so one formatter per zone is kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timeZone, f);
  }
  return f;
}

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partFormats.set(timeZone, f);
  }
  return f;
}

/** YYYY-MM-DD of an instant in a zone. */
export function zonedDate(timeZone: string, instant: Date): string {
  return dateFormat(timeZone).format(instant);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(timeZone: string, instant: number): number {
  const p: Record<string, number> = {};
  for (const part of partFormat(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local date's midnight begins (on a DST day, the first instant of that date). */
export function zonedMidnight(timeZone: string, date: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when it changes between the guess and the answer.
  let t = wall - offsetAt(timeZone, wall);
  t = wall - offsetAt(timeZone, t);
  // Where midnight itself is skipped by DST, the day starts at the first existing instant.
  if (zonedDate(timeZone, new Date(t)) !== date) {
    while (zonedDate(timeZone, new Date(t)) !== date) t += 15 * 60_000;
  } else {
    while (zonedDate(timeZone, new Date(t - 15 * 60_000)) === date) t -= 15 * 60_000;
  }
  return new Date(t);
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
