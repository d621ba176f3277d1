import { Writable } from "node:stream";
import { createApp, type AppDeps } from "../../server/app.tsx";
import { SettableClock } from "../../server/clock.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { createLogger } from "../../server/logger.ts";
import type { Database } from "../../server/db.ts";

/** Collects log lines so tests can assert what was (and was not) logged. */
export function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { logger: createLogger("debug", stream), lines };
}

export function testApp(database: Database, overrides: Partial<AppDeps> = {}) {
  const { logger, lines } = memoryLogger();
  const deps: AppDeps = {
    database,
    db: database.db,
    clock: new SettableClock("2026-11-19T12:00:00+03:00"),
    logger,
    calendar: createCalendar(),
    demo: false,
    secureCookies: false,
    ...overrides,
  };
  return { app: createApp(deps), deps, logs: lines };
}
