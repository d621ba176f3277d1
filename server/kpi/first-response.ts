// First response per channel (issue 14 §8; seeds 000 and 001 give each channel an
// "expected time to respond"), defined once. Pure: the rule, the SQL condition the KPI
// store uses (side by side so they cannot drift, as in first-contact.ts), the measure of
// one complaint and the per-channel figures.
//
// The first response is the first event on the complaint that
//   1. a person at an agency or the national unit made (actor "staff"): the automatic
//      receipt with the reference number (seeds 000/001, "notify the customer of the
//      complaint's number by SMS") goes out for every complaint at the instant it is
//      filed, so counting it would make every channel meet every target and say nothing;
//   2. the citizen sees on their timeline (visible_to_citizen); and
//   3. answers the citizen on the substance: the agency took the complaint on and set
//      its period ("accepted"), asked the citizen for missing details ("info_requested",
//      seeds 000/001's "response" step: check the details and contact the citizen), or
//      closed it with an answer or a result ("closed": an inquiry answered, praise
//      acknowledged, resolved on the call). These three are the staff actions that send
//      the citizen a message. Moves between the unit and the agencies (routed by triage,
//      rejected, transferred, pushed back) only say where the complaint is, so they are
//      not a response; notes and reassignments are not shown to the citizen at all.

import type { Calendar, Weekday } from "../calendar/types.ts";
import { addWorkingDays } from "../calendar/working-days.ts";
import { addDays, weekdayOf, zonedDate, zonedMidnight } from "../calendar/zone.ts";
import { FIRST_RESPONSE_DEFINITION } from "./definitions.ts";
import { CHANNELS, channelOf, type Channel, type ServiceHours } from "../complaints/channels.ts";

export const FIRST_RESPONSE_EVENTS = ["accepted", "info_requested", "closed"] as const;

export interface EventFacts {
  type: string;
  actorKind: "citizen" | "staff" | "system";
  visibleToCitizen: boolean;
}

export function isFirstResponse(e: EventFacts): boolean {
  return e.actorKind === "staff" && e.visibleToCitizen && (FIRST_RESPONSE_EVENTS as readonly string[]).includes(e.type);
}

/** The same rule as a condition on complaint_events alias `e`, for server/kpi/store.ts. */
export function firstResponseSql(e = "e"): string {
  const types = FIRST_RESPONSE_EVENTS.map((t) => `'${t}'`).join(", ");
  return `${e}.actor_kind = 'staff' and ${e}.visible_to_citizen and ${e}.type in (${types})`;
}

const clock = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The first instant at or after `at` when the channel is in service, in the hub's zone:
 * a message left on a closed channel (a WhatsApp at night) waits for it to open, and the
 * target counts from then. Always open, or hours not stated: `at` itself.
 */
export function openingAt(hours: ServiceHours, at: Date, timeZone: string): Date {
  if (hours === null || hours === "24/7" || hours.length === 0) return at;
  const first = zonedDate(timeZone, at);
  for (let i = 0; i <= 7; i++) {
    const day = addDays(first, i);
    const midnight = zonedMidnight(timeZone, day).getTime();
    const opens = hours
      .filter((w) => w.days.includes(weekdayOf(day) as Weekday))
      .map((w) => ({ from: midnight + clock(w.from) * 60_000, to: midnight + clock(w.to) * 60_000 }))
      .filter((w) => w.to > at.getTime())
      .map((w) => Math.max(w.from, at.getTime()));
    if (opens.length) return new Date(Math.min(...opens));
  }
  return at; // windows with no day in them: nothing to wait for
}

export type FirstResponseStatus = "met" | "missed" | "pending" | "no_target";

export interface FirstResponse {
  /** When the channel's clock started: the receipt, or the channel's next opening. */
  start: Date;
  /** Seconds from `start` to the first response; null while there is none. */
  seconds: number | null;
  /** When the first response was due; null for a channel with no target. */
  due: Date | null;
  /** met / missed by the first response; "pending": none yet and not yet due; "missed" also when none came by the deadline. */
  status: FirstResponseStatus;
}

/**
 * A complaint's first-response time against its channel's target. `respondedAt` is the
 * first event `isFirstResponse` accepts (null: none yet); `now` decides whether a
 * complaint with no response is already late. Working-day targets count on `cal`, the
 * hub calendar (the channel is the hub's, whichever agency later holds the complaint).
 */
export function firstResponse(
  channel: Channel | string,
  receivedAt: Date,
  respondedAt: Date | null,
  now: Date,
  cal: Calendar,
): FirstResponse {
  const ch = typeof channel === "string" ? channelOf(channel) : channel;
  const start = openingAt(ch.hours, receivedAt, cal.timeZone);
  const seconds = respondedAt === null ? null : Math.max(0, Math.round((respondedAt.getTime() - start.getTime()) / 1000));
  const t = ch.target;
  const due =
    t === null ? null : "workingDays" in t ? addWorkingDays(cal, start, t.workingDays) : new Date(start.getTime() + t.seconds * 1000);
  let status: FirstResponseStatus;
  if (t === null || due === null) status = "no_target";
  else if (respondedAt === null) status = now > due ? "missed" : "pending";
  // Clock targets in whole seconds, as the time is shown ("instant" = within the same second).
  else if ("seconds" in t) status = seconds! <= t.seconds ? "met" : "missed";
  else status = respondedAt <= due ? "met" : "missed";
  return { start, seconds, due, status };
}

export interface ChannelFigures {
  channel: Channel;
  /** Complaints received on the channel in the period. */
  received: number;
  /** Of those, with a first response. */
  responded: number;
  /** Median first-response time of those (nearest rank), seconds; null when none. */
  medianSeconds: number | null;
  met: number;
  missed: number;
  /** No response yet and not yet due: left out of the share, as the day is not over. */
  pending: number;
  /** met / (met + missed); null when the channel has no target or nothing is decided yet. */
  withinTarget: number | null;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(0.5 * s.length)) - 1]!;
}

/** The per-channel table: one row for every channel that received something, in the table's order. */
export function channelFigures(
  rows: { channel: string; receivedAt: Date; respondedAt: Date | null }[],
  now: Date,
  cal: Calendar,
  table: readonly Channel[] = CHANNELS,
): ChannelFigures[] {
  const by = new Map<string, { ch: Channel; seconds: number[]; received: number; met: number; missed: number; pending: number }>();
  for (const r of rows) {
    const ch = channelOf(r.channel, table);
    const acc = by.get(ch.code) ?? { ch, seconds: [], received: 0, met: 0, missed: 0, pending: 0 };
    const f = firstResponse(ch, r.receivedAt, r.respondedAt, now, cal);
    acc.received++;
    if (f.seconds !== null) acc.seconds.push(f.seconds);
    if (f.status === "met") acc.met++;
    else if (f.status === "missed") acc.missed++;
    else if (f.status === "pending") acc.pending++;
    by.set(ch.code, acc);
  }
  const order = (code: string) => {
    const i = table.findIndex((c) => c.code === code);
    return i < 0 ? table.length : i;
  };
  return [...by.values()]
    .sort((a, b) => order(a.ch.code) - order(b.ch.code) || a.ch.code.localeCompare(b.ch.code))
    .map((a) => ({
      channel: a.ch,
      received: a.received,
      responded: a.seconds.length,
      medianSeconds: median(a.seconds),
      met: a.met,
      missed: a.missed,
      pending: a.pending,
      withinTarget: a.ch.target ? FIRST_RESPONSE_DEFINITION.compute(a.met, a.missed).value : null,
    }));
}
