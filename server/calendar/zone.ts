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
  // Where midnight itself is skipped by DST, the day starts at the first existing
  // instant; where the whole day is skipped (Samoa, 30 December 2011) it "starts" where
  // the next existing day does, so deadlines still end. Both searches are bounded.
  const STEP = 15 * 60_000;
  for (let i = 0; i < 4 * 48 && zonedDate(timeZone, new Date(t)) < date; i++) t += STEP;
  for (let i = 0; i < 4 * 48 && zonedDate(timeZone, new Date(t - STEP)) >= date; i++) t -= STEP;
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

const skippedCache = new Map<string, ReadonlySet<string>>();

/**
 * Local dates a zone never had in a year (Samoa skipped 30 December 2011 moving across
 * the date line). Found once per zone and year by sampling every 6 hours: no real day
 * is shorter, so every date that existed is seen.
 */
export function skippedDates(timeZone: string, year: number): ReadonlySet<string> {
  const key = `${timeZone}|${year}`;
  let s = skippedCache.get(key);
  if (!s) {
    const seen = new Set<string>();
    for (let t = Date.UTC(year, 0, 1) - 86_400_000; t <= Date.UTC(year + 1, 0, 1) + 86_400_000; t += 6 * 3600_000)
      seen.add(zonedDate(timeZone, new Date(t)));
    const out = new Set<string>();
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) if (!seen.has(d)) out.add(d);
    s = out;
    skippedCache.set(key, s);
  }
  return s;
}
