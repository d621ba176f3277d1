// The SLA job: every tick, on every hub instance, it claims the complaints whose next
// deadline has come (FOR UPDATE SKIP LOCKED: two instances never take the same one)
// and fires each due event once (sla_events' unique key: even a retried transaction
// cannot fire it twice). A hub that was down over a deadline fires it on its first tick.
//
// Load → decide → persist: the SQL is in server/sla/store.ts, what is due in
// server/sla/rules.ts and what each event does in server/sla/effects.ts.

import { randomToken } from "../auth/tokens.ts";
import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { act } from "../complaints/transition.ts";
import type { ReopenWindow } from "../calendar/window.ts";
import { mergeEffects, slaEffects, type EffectFacts, type SlaEffects } from "../sla/effects.ts";
import { dueEvents, nextCheck, slaDecision, slaSchedule, type SlaEvent, type SlaKind, type SlaPolicy } from "../sla/rules.ts";
import { slaPolicyOf } from "../sla/policy.ts";
import { slaStateOf } from "../sla/state.ts";
import {
  claimDueComplaints,
  claimEvents,
  complaintById,
  firedKeysOf,
  hoursIn,
  loadPeople,
  loadSlaDirectory,
  persistEffects,
  type ComplaintRow,
  type ComplaintUpdate,
  type PeopleFacts,
  type SlaDirectory,
} from "../sla/store.ts";

export interface SlaDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  /** Each agency's calendar: a complaint's events fall on its agency's working time. */
  calendars?: CalendarBook;
  reopenWindow: ReopenWindow;
  /** Links in messages (the satisfaction form). */
  publicUrl: string;
  policy?: SlaPolicy;
}

export { SATISFACTION_DAYS } from "../policy.ts";

const CITIZEN_KINDS: SlaKind[] = ["info_reminder", "satisfaction_invite", "beyond_agency", "escalation_1", "jurisdiction_overdue"];

function factsOf(deps: SlaDeps, dir: SlaDirectory, people: PeopleFacts, c: ComplaintRow): EffectFacts {
  return {
    complaint: c,
    agency: c.agencyCode ? (dir.agency.get(c.agencyCode) ?? null) : null,
    person: people.person(c),
    officers: people.officers(c),
    // Each complaint on the calendar of the agency holding it (issue 17).
    calendar: calendarFor(deps, c.agencyCode),
    escalationHours: hoursIn(dir, c),
    unitCalendar: deps.calendar,
    publicUrl: deps.publicUrl,
    newToken: randomToken,
  };
}

const needing = (acting: { c: ComplaintRow; events: SlaEvent[] }[], kinds: SlaKind[]) =>
  acting.filter((a) => a.events.some((e) => kinds.includes(e.kind))).map((a) => a.c);

/**
 * A complaint one of whose due events changes its state (no answer: the lifecycle
 * closes it, which schedules a satisfaction invitation): its events are fired in
 * order, the lifecycle acts in between, and what is due is worked out again.
 */
async function oneByOne(
  deps: SlaDeps,
  tx: Db,
  dir: SlaDirectory,
  row: ComplaintRow,
  done: Set<string>,
  now: Date,
  fired: Record<string, number>,
) {
  let c = row;
  const policy = slaPolicyOf(deps);
  const hours = hoursIn(dir, c);
  for (let round = 0; round < 5; round++) {
    const due = dueEvents(slaSchedule(slaStateOf(c, hours), calendarFor(deps, c.agencyCode), policy), done, now);
    if (!due.length) break;
    for (const e of due) done.add(e.key);
    const claimed = await claimEvents(
      tx,
      due.map((e) => ({ c, e })),
      now,
    );
    // Fired already (by another instance, or before a crash) are skipped.
    const mine = due.filter((e) => claimed.has(`${c.id} ${e.key}`));
    for (const e of mine) fired[e.kind] = (fired[e.kind] ?? 0) + 1;
    let pending: SlaEvent[] = [];
    const flush = async () => {
      if (!pending.length) return;
      const people = await loadPeople(
        tx,
        needing([{ c, events: pending }], CITIZEN_KINDS),
        needing([{ c, events: pending }], ["resolution_warning"]),
      );
      const fx = slaEffects(pending, factsOf(deps, dir, people, c), now);
      await persistEffects(tx, fx, [{ id: c.id, ...fx.update }], now);
      pending = [];
    };
    for (const e of mine) {
      if (e.kind !== "info_expired") {
        pending.push(e);
        continue;
      }
      await flush();
      // The rule and the state change live with the lifecycle; the job only says when.
      const r = await act({ ...deps, db: tx }, { kind: "system" }, c.reference, null, { action: "auto_close" });
      if (r.ok) c = (await complaintById(tx, c.id)) ?? c;
    }
    await flush();
  }
  const next = nextCheck(slaSchedule(slaStateOf(c, hours), calendarFor(deps, c.agencyCode), policy), done);
  await persistEffects(tx, { events: [], messages: [], invites: [] }, [{ id: c.id, level: 0, beyond: false, next }], now);
}

// --- the set-based sweep --------------------------------------------------------------
//
// A day's deadlines end at the same local midnight, so thousands fall due together.
// Each batch is a handful of statements whatever its size: claim the due complaints,
// read what they need in bulk, decide each with the pure rules, then write the
// sla_events claims, timeline events, messages and invitations as multi-row inserts.
// Exactly once is still the sla_events unique key: only the events whose claim row was
// inserted here (RETURNING) are acted on.

async function sweepBatch(
  deps: SlaDeps,
  tx: Db,
  dir: SlaDirectory,
  now: Date,
  batch: number,
  fired: Record<string, number>,
): Promise<number> {
  const rows = await claimDueComplaints(tx, now, batch);
  if (!rows.length) return 0;
  const doneBy = await firedKeysOf(
    tx,
    rows.map((r) => r.id),
  );

  const policy = slaPolicyOf(deps);
  const fast: { c: ComplaintRow; due: SlaEvent[]; next: Date | null }[] = [];
  for (const c of rows) {
    const done = doneBy.get(c.id) ?? new Set<string>();
    const d = slaDecision(slaStateOf(c, hoursIn(dir, c)), done, now, calendarFor(deps, c.agencyCode), policy);
    if (d.changesState) await oneByOne(deps, tx, dir, c, done, now, fired);
    else fast.push({ c, ...d });
  }

  const claimed = await claimEvents(
    tx,
    fast.flatMap(({ c, due }) => due.map((e) => ({ c, e }))),
    now,
  );
  const acting = fast.map(({ c, due, next }) => ({ c, next, events: due.filter((e) => claimed.has(`${c.id} ${e.key}`)) }));
  const people = await loadPeople(tx, needing(acting, CITIZEN_KINDS), needing(acting, ["resolution_warning"]));

  const effects: SlaEffects[] = [];
  const updates: ComplaintUpdate[] = [];
  for (const { c, next, events } of acting) {
    for (const e of events) fired[e.kind] = (fired[e.kind] ?? 0) + 1;
    const fx = slaEffects(events, factsOf(deps, dir, people, c), now);
    effects.push(fx);
    updates.push({ id: c.id, ...fx.update, next });
  }
  await persistEffects(tx, mergeEffects(effects), updates, now);
  return rows.length;
}

/** One tick of the SLA job. Safe to run on any number of instances at once. */
export async function runSla(
  deps: SlaDeps,
  opts: { batch?: number } = {},
): Promise<{ complaints: number; fired: Partial<Record<SlaKind, number>> }> {
  const batch = opts.batch ?? 500;
  const now = deps.clock.now();
  const fired: Record<string, number> = {};
  // Loaded before any transaction: on PGlite's single connection a read outside the
  // transaction would wait behind it.
  const dir = await loadSlaDirectory(deps.db);
  let seen = 0;
  for (;;) {
    const n = await deps.db.transaction((tx) => sweepBatch(deps, tx as unknown as Db, dir, now, batch, fired));
    seen += n;
    if (n < batch) break;
  }
  return { complaints: seen, fired };
}
