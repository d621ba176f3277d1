import { Writable } from "node:stream";
import { createApp } from "../../server/app.tsx";
import type { AppDeps } from "../../server/app-env.ts";
import { SettableClock } from "../../server/clock.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { createLogger } from "../../server/logger.ts";
import type { Database } from "../../server/db.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { dbRegistry } from "../../server/identity/registry.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { DEFAULT_REOPEN_WINDOW } from "../../server/complaints/lifecycle.ts";
import type { SmsGateway, SmsMessage } from "../../server/notify/sms.ts";
import { byteaStorage } from "../../server/attachments/storage.ts";

/** An SMS gateway that keeps what it was asked to send; `fail` makes it refuse. */
export function memorySms(): SmsGateway & { sent: SmsMessage[]; fail: boolean } {
  const g = {
    sent: [] as SmsMessage[],
    fail: false,
    async send(m: SmsMessage) {
      if (g.fail) throw new Error("gateway down");
      g.sent.push(m);
    },
  };
  return g;
}

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
  const sms = memorySms();
  const deps: AppDeps = {
    database,
    db: database.db,
    clock: new SettableClock("2026-11-19T12:00:00+03:00"),
    logger,
    calendar: createCalendar(),
    demo: false,
    secureCookies: false,
    publicUrl: "http://localhost",
    trustProxy: 0,
    registry: dbRegistry(database.db),
    attachments: byteaStorage(),
    sms,
    secretBox: secretBox("test-secret-for-sealing-totp-keys-000"),
    routing: buildIndex([]),
    routingThreshold: 0.15,
    reopenWindow: DEFAULT_REOPEN_WINDOW,
    ...overrides,
  };
  return { app: createApp(deps), deps, logs: lines, sms };
}
