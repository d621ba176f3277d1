import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import {
  adminAudit,
  agencies,
  calendarChanges,
  calendarHolidays,
  hubVersions,
  staffUsers,
  type AgencyCalendarColumn,
} from "../../schema/index.ts";
import type { Calendar, Holiday } from "./index.ts";
import { buildCalendarBook, type AgencyCalendarSettings, type CalendarBook, type CalendarSettings, type StoredHoliday } from "./book.ts";

// The database side of the calendars, kept apart from the pure arithmetic in the other
// files of this folder. Every change to a calendar (a holiday added or removed, an
// agency's calendar edited) does three things in its transaction: it bumps the
// "calendar" version (every instance reloads its calendars), queues a calendar change
// (the re-planning job moves the open deadlines it touches) and, from the admin pages,
// writes an audit row.

export type { CalendarSettings } from "./book.ts";

/** The years whose rule-based holidays are computed: enough for any deadline the hub sets. */
export function holidayYears(now: Date): number[] {
  const y = now.getUTCFullYear();
  return [y - 1, y, y + 1, y + 2];
}

export async function storedHolidays(db: Db, scope?: string): Promise<StoredHoliday[]> {
  const rows = await db
    .select()
    .from(calendarHolidays)
    .where(scope === undefined ? undefined : eq(calendarHolidays.scope, scope))
    .orderBy(asc(calendarHolidays.date));
  return rows.map((r) => ({
    date: r.date,
    source: r.source,
    scope: r.scope,
    ...(r.nameAr ? { nameAr: r.nameAr } : {}),
    ...(r.nameEn ? { nameEn: r.nameEn } : {}),
  }));
}

/** Every agency's calendar and the hub's, from the settings, the agencies table and the stored days. */
export async function loadCalendarBook(db: Db, settings: CalendarSettings, now: Date): Promise<CalendarBook> {
  const rows = await db.select({ code: agencies.code, calendar: agencies.calendar }).from(agencies);
  const byAgency: Record<string, AgencyCalendarSettings | null> = {};
  for (const r of rows) byAgency[r.code] = r.calendar ?? null;
  return buildCalendarBook(settings, byAgency, await storedHolidays(db), holidayYears(now));
}

/** The hub's own calendar (the national unit's): country rules plus the unit's entries. */
export async function loadCalendar(db: Db, settings: CalendarSettings, now: Date): Promise<Calendar> {
  return (await loadCalendarBook(db, settings, now)).hub;
}

export async function configVersion(db: Db, name: string): Promise<number> {
  const [r] = await db.select({ v: hubVersions.version }).from(hubVersions).where(eq(hubVersions.name, name));
  return r?.v ?? 0;
}

export async function bumpVersion(db: Db, name: string): Promise<void> {
  await db
    .insert(hubVersions)
    .values({ name, version: 1 })
    .onConflictDoUpdate({ target: hubVersions.name, set: { version: sql`${hubVersions.version} + 1`, updatedAt: sql`now()` } });
}

export interface CalendarChangeReason {
  kind: "holiday_added" | "holiday_removed" | "calendar_changed";
  date?: string;
  nameAr?: string;
  nameEn?: string;
}

/** Queues the re-planning of open deadlines on the calendars `scope` reaches, and tells every instance. */
export async function calendarChanged(db: Db, scope: string, reason: CalendarChangeReason, now: Date): Promise<void> {
  await db.insert(calendarChanges).values({ scope, reason, createdAt: now });
  await bumpVersion(db, "calendar");
}

export interface AuditEntry {
  actorId: string | null;
  entity: string;
  key: string;
  before: unknown;
  after: unknown;
}

export async function audit(db: Db, e: AuditEntry, now: Date): Promise<void> {
  await db
    .insert(adminAudit)
    .values({ actorId: e.actorId, at: now, entity: e.entity, key: e.key, before: e.before ?? null, after: e.after ?? null });
}

/** A holiday as the audit keeps it before and after: the same fields on both sides, so the diff shows only what changed. */
function holidayRecord(r: typeof calendarHolidays.$inferSelect) {
  return { date: r.date, source: r.source, scope: r.scope, nameAr: r.nameAr, nameEn: r.nameEn };
}

/** Adds or renames holidays; one row per date, source and scope, so re-importing a file changes nothing. */
export async function saveHolidays(
  db: Db,
  holidays: Holiday[],
  source: "ics" | "manual",
  opts: { scope?: string; now?: Date; actorId?: string | null } = {},
): Promise<number> {
  if (!holidays.length) return 0;
  const scope = opts.scope ?? "";
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    for (const h of holidays) {
      const names = { nameAr: h.nameAr ?? null, nameEn: h.nameEn ?? null };
      const [before] = await t
        .select()
        .from(calendarHolidays)
        .where(and(eq(calendarHolidays.date, h.date), eq(calendarHolidays.source, source), eq(calendarHolidays.scope, scope)));
      await t
        .insert(calendarHolidays)
        .values({ date: h.date, source, scope, ...names })
        .onConflictDoUpdate({ target: [calendarHolidays.date, calendarHolidays.source, calendarHolidays.scope], set: names });
      if (!before)
        await calendarChanged(
          t,
          scope,
          { kind: "holiday_added", date: h.date, ...(h.nameAr ? { nameAr: h.nameAr } : {}), ...(h.nameEn ? { nameEn: h.nameEn } : {}) },
          now,
        );
      if (opts.actorId !== undefined)
        await audit(
          t,
          {
            actorId: opts.actorId,
            entity: "holiday",
            key: `${scope}|${h.date}|${source}`,
            before: before ? holidayRecord(before) : null,
            after: { date: h.date, source, scope, ...names },
          },
          now,
        );
    }
    return holidays.length;
  });
}

export async function removeHoliday(
  db: Db,
  date: string,
  source: "ics" | "manual",
  opts: { scope?: string; now?: Date; actorId?: string | null } = {},
): Promise<boolean> {
  const scope = opts.scope ?? "";
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const r = await t
      .delete(calendarHolidays)
      .where(and(eq(calendarHolidays.date, date), eq(calendarHolidays.source, source), eq(calendarHolidays.scope, scope)))
      .returning();
    if (!r.length) return false;
    await calendarChanged(
      t,
      scope,
      {
        kind: "holiday_removed",
        date,
        ...(r[0]!.nameAr ? { nameAr: r[0]!.nameAr } : {}),
        ...(r[0]!.nameEn ? { nameEn: r[0]!.nameEn } : {}),
      },
      now,
    );
    if (opts.actorId !== undefined)
      await audit(
        t,
        { actorId: opts.actorId, entity: "holiday", key: `${scope}|${date}|${source}`, before: holidayRecord(r[0]!), after: null },
        now,
      );
    return true;
  });
}

/**
 * The calendars a running instance uses, reloaded when the "calendar" version moved:
 * `refresh()` costs one indexed read and is called per request and per job tick, so an
 * admin change on one instance reaches the others without a restart.
 */
export class LiveCalendars implements CalendarBook {
  private book: CalendarBook;
  private version: number;
  private loading: Promise<void> | null = null;
  private constructor(
    private readonly db: Db,
    private readonly settings: CalendarSettings,
    private readonly now: () => Date,
    book: CalendarBook,
    version: number,
  ) {
    this.book = book;
    this.version = version;
  }

  static async open(db: Db, settings: CalendarSettings, now: () => Date): Promise<LiveCalendars> {
    const version = await configVersion(db, "calendar");
    return new LiveCalendars(db, settings, now, await loadCalendarBook(db, settings, now()), version);
  }

  get hub(): Calendar {
    return this.book.hub;
  }

  of(agencyCode: string | null | undefined): Calendar {
    return this.book.of(agencyCode);
  }

  /**
   * Reloads when another instance (or this one) changed a calendar. Inside a transaction
   * pass its handle: PGlite has one connection, and the transaction holds it.
   */
  async refresh(db: Db = this.db): Promise<void> {
    if (db !== this.db) return this.reload(db);
    if (this.loading) return this.loading;
    this.loading = this.reload(db).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async reload(db: Db): Promise<void> {
    const v = await configVersion(db, "calendar");
    if (v !== this.version) {
      this.book = await loadCalendarBook(db, this.settings, this.now());
      this.version = v;
    }
  }
}

/** An agency's own calendar as stored (null: it follows the hub's); null when no such agency. */
export async function agencyCalendar(db: Db, code: string): Promise<{ calendar: AgencyCalendarColumn | null } | null> {
  const [a] = await db.select({ calendar: agencies.calendar }).from(agencies).where(eq(agencies.code, code));
  return a ?? null;
}

/** The agencies that set their own calendar. */
export async function ownCalendars(db: Db): Promise<Set<string>> {
  const rows = await db.select({ code: agencies.code, calendar: agencies.calendar }).from(agencies);
  return new Set(rows.filter((r) => !!r.calendar).map((r) => r.code));
}

/**
 * Sets an agency's calendar from the admin page: audited with what it replaces, queued
 * for re-planning its open deadlines, and announced to every instance.
 */
export async function saveAgencyCalendar(
  db: Db,
  code: string,
  calendar: AgencyCalendarColumn,
  before: AgencyCalendarColumn | null,
  actorId: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.update(agencies).set({ calendar, updatedAt: now }).where(eq(agencies.code, code));
    await audit(t, { actorId, entity: "calendar", key: code, before, after: calendar }, now);
    await calendarChanged(t, `agency:${code}`, { kind: "calendar_changed" }, now);
    await bumpVersion(t, "directory");
  });
}

export interface AuditRecord {
  at: Date;
  entity: string;
  key: string;
  /** null: not a staff account, e.g. the command line. */
  who: string | null;
  before: unknown;
  after: unknown;
}

/** The latest admin changes, newest first, with who made them and the record before and after. */
export async function recentAudit(db: Db, limit: number): Promise<AuditRecord[]> {
  return db
    .select({
      at: adminAudit.at,
      entity: adminAudit.entity,
      key: adminAudit.key,
      who: staffUsers.fullName,
      before: adminAudit.before,
      after: adminAudit.after,
    })
    .from(adminAudit)
    .leftJoin(staffUsers, eq(staffUsers.id, adminAudit.actorId))
    .orderBy(desc(adminAudit.id))
    .limit(limit);
}
