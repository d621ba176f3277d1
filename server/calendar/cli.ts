import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { holidaysFromPackage, IcsParseError, parseIcsHolidays, type Holiday } from "./index.ts";
import { holidayYears, removeHoliday, saveHolidays, storedHolidays } from "./holiday-store.ts";

export const holidaysUsage = [
  `holidays import FILE.ics                          add the all-day events of an ICS file as holidays`,
  `holidays add YYYY-MM-DD [--ar NAME] [--en NAME]   add one holiday by hand`,
  `holidays remove YYYY-MM-DD                        remove a holiday added by hand`,
  `holidays list [--year YYYY]                       list the holidays in force (rules + imported + manual)`,
].join("\n  ");

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function checkDate(s: string | undefined): string {
  if (!s || !DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s) {
    throw new UsageError(`"${s ?? ""}" is not a date in the form YYYY-MM-DD`);
  }
  return s;
}

export async function holidaysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const config = parseConfig(io.env);
  const open = () => openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });

  switch (sub) {
    case "import": {
      const file = rest[0];
      if (!file) throw new UsageError(`holidays import needs a file\n  ${holidaysUsage}`);
      let holidays: Holiday[];
      try {
        holidays = parseIcsHolidays(await readFile(file, "utf8"), { years: holidayYears(new Date()) });
      } catch (e) {
        if (e instanceof IcsParseError) {
          io.err(`${file}: ${e.message}`);
          return 1;
        }
        if ((e as NodeJS.ErrnoException).code === "ENOENT") {
          io.err(`${file}: no such file`);
          return 1;
        }
        throw e;
      }
      const database = await open();
      try {
        const n = await saveHolidays(database.db, holidays, "ics");
        io.out(
          `Imported ${n} holiday date(s) from ${file}. Running hubs apply them within seconds and re-plan the open deadlines they touch.`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case "add": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { ar: { type: "string" }, en: { type: "string" } },
      });
      const date = checkDate(positionals[0]);
      const database = await open();
      try {
        await saveHolidays(database.db, [{ date, source: "manual", nameAr: values.ar, nameEn: values.en }], "manual");
        io.out(`Added ${date}. Running hubs apply it within seconds and re-plan the open deadlines it touches.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case "remove": {
      const date = checkDate(rest[0]);
      const database = await open();
      try {
        const removed = await removeHoliday(database.db, date, "manual");
        if (!removed) {
          io.err(`No holiday added by hand on ${date}.`);
          return 1;
        }
        io.out(`Removed ${date}.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case "list": {
      const { values } = parseArgs({ args: rest, options: { year: { type: "string" } } });
      const year = values.year ? Number(values.year) : new Date().getUTCFullYear();
      if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new UsageError(`"${values.year}" is not a year`);
      const database = await open();
      let own: Holiday[];
      try {
        own = (await storedHolidays(database.db)).filter((h) => h.date.startsWith(`${year}-`));
      } finally {
        await database.close();
      }
      const all = [...holidaysFromPackage(config.calendar.holidayCountry, [year]), ...own].sort((a, b) => a.date.localeCompare(b.date));
      for (const h of all)
        io.out(`${h.date}  ${h.source.padEnd(7)}  ${h.nameAr ?? ""}${h.nameAr && h.nameEn ? " / " : ""}${h.nameEn ?? ""}`);
      io.out(`${all.length} holiday date(s) in ${year} (${config.calendar.holidayCountry}).`);
      return 0;
    }
    default:
      throw new UsageError(`unknown holidays command "${sub ?? ""}"\n  ${holidaysUsage}`);
  }
}
