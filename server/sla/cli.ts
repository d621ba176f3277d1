import { parseArgs } from "node:util";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { loadCalendarBook } from "../calendar/holiday-store.ts";
import { clockText, weekendNames } from "../calendar/book.ts";
import { forecastSla } from "./forecast.ts";

export const slaUsage = `sla forecast --as-of 2026-12-31T12:00:00+03:00     list, without changing anything, what would be warned, escalated or closed by then, each on its agency's calendar`;

export async function slaCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "forecast") throw new UsageError(`unknown sla command "${sub ?? ""}"\n  ${slaUsage}`);
  const { values } = parseArgs({ args: rest, options: { "as-of": { type: "string" } }, strict: true });
  const text = values["as-of"];
  const asOf = text ? new Date(text) : null;
  if (!text || !asOf || Number.isNaN(asOf.getTime()) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text)) {
    throw new UsageError(`--as-of needs an instant such as 2026-12-31T12:00:00+03:00`);
  }
  const config = parseConfig(io.env);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    // Each complaint on its agency's calendar, as the job counts it.
    const book = await loadCalendarBook(database.db, config.calendar, asOf);
    const list = await forecastSla(database.db, book, config.reopenWindow, asOf);
    io.out(`# ${list.length} SLA event(s) due by ${asOf.toISOString()} (nothing was changed)`);
    for (const f of list) io.out(`${f.at.toISOString()}\t${f.reference}\t${f.agencyCode ?? "-"}\t${f.kind}\t${f.calendar}`);
    // What each calendar named above is: country (holiday rules), zone, weekend, working hours.
    const used = new Map(list.map((f) => [f.calendar, f.agencyCode]));
    for (const [key, agency] of used) {
      const cal = key === "hub" ? book.hub : book.of(agency);
      const hours = `${clockText(cal.workingHours.start)}-${clockText(cal.workingHours.end)}`;
      io.out(`# calendar ${key}: ${cal.country} ${cal.timeZone}, weekend ${weekendNames(cal.weekend).join(",")}, ${hours}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
