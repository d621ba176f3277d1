import { parseArgs } from "node:util";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { loadCalendar } from "../calendar/holiday-store.ts";
import { forecastSla } from "./forecast.ts";

export const slaUsage = `sla forecast --as-of 2026-12-31T12:00:00+03:00     list, without changing anything, what would be warned, escalated or closed by then`;

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
    const cal = await loadCalendar(database.db, config.calendar, asOf);
    const list = await forecastSla(database.db, cal, config.reopenWindow, asOf);
    io.out(`# ${list.length} SLA event(s) due by ${asOf.toISOString()} (nothing was changed)`);
    for (const f of list) io.out(`${f.at.toISOString()}\t${f.reference}\t${f.agencyCode ?? "-"}\t${f.kind}`);
    return 0;
  } finally {
    await database.close();
  }
}
