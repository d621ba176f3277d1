// Carries out one lifecycle action: the rule check (lifecycle.ts), the complaint's new
// columns, the append-only event, any attachments and the citizen's notification, all
// in one transaction. The version check in the UPDATE makes two people acting on the
// same complaint at once produce one change and one "conflict".

import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import type { CheckedFile } from "./attachments.ts";
import { storeFiles, type AttachmentStorage } from "../attachments/storage.ts";
import type { Command } from "./commands.ts";
import { slaPolicyOf, type SlaPolicy } from "../sla/policy.ts";
import { decide, moveCheck, type Actor, type Refusal, type ReopenWindow, type Status } from "./lifecycle.ts";
import { effectsOf } from "./effects.ts";
import { directoryNames } from "../directory/names.ts";
import { complaintByReference, outletAnsweredThisClosure, persistTransition, transitionFacts } from "./store.ts";

// Callers import these by this module's name (the agency's pages, the jobs).
export { agencyStaff, recipient, servicePolicy } from "./store.ts";
export type { ServicePolicy } from "./effects.ts";

export interface LifecycleDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  /** Each agency's own calendar (issue 17); without it every agency uses `calendar`. */
  calendars?: CalendarBook;
  reopenWindow: ReopenWindow;
  /** For links in SMS texts (the closing message's "read the answer"); absent in jobs' tests. */
  publicUrl?: string;
  /** The SLA policy; the SLA job passes its own, so both plan alike (server/sla/policy.ts). */
  policy?: SlaPolicy;
  /** Where a step's files go (AppDeps.attachments); the rows' bytea when absent. */
  attachments?: AttachmentStorage;
}

export type TransitionResult =
  | { ok: true; reference: string; status: Status; version: number }
  | { ok: false; error: Refusal | "not_found" | "conflict" | "attachments_unavailable" }
  | { ok: false; error: "invalid"; fields: Record<string, string> };

/**
 * Takes `cmd` on the complaint `reference` as `actor`. `version` is the version the
 * actor saw; null for the deadline jobs, which act on whatever is current. Notes
 * change nothing another person could overwrite, so they skip the version check.
 * Load (store.ts) → decide (lifecycle.ts, effects.ts) → persist, in one transaction.
 */
export async function act(
  deps: LifecycleDeps,
  actor: Actor,
  reference: string,
  version: number | null,
  cmd: Command,
  files: CheckedFile[] = [],
): Promise<TransitionResult> {
  const now = deps.clock.now();
  // Before the transaction: the directory in memory is held per database handle (and a
  // first load must not wait behind the transaction on a one-connection PGlite).
  const names = await directoryNames(deps.db);
  // The step's files are stored before the transaction that names them (an upload must
  // not hold it open). A step refused afterwards leaves orphan objects, never a row
  // without its bytes.
  const stored = await storeFiles(deps.attachments, files);
  if (!stored.ok) return stored;
  return deps.db.transaction(async (tx): Promise<TransitionResult> => {
    const c = await complaintByReference(tx, reference);
    if (!c) return { ok: false, error: "not_found" };
    // Read only for the step it decides: has the outlet heard since the last close?
    const outletAnswered =
      cmd.action === "answer_outlet" && c.channel === "media" && c.status === "closed" ? await outletAnsweredThisClosure(tx, c.id) : false;
    const d = decide(
      {
        status: c.status,
        agencyCode: c.agencyCode,
        citizenId: c.citizenId,
        outcome: c.outcome,
        reopenUntil: c.reopenUntil,
        infoDueAt: c.infoDueAt,
        moves: c.rejectionCount + c.transferCount,
        kind: c.kind,
        channel: c.channel,
        outletAnswered,
      },
      cmd.action,
      actor,
      now,
    );
    // Acting on a version that is no longer current is a conflict, even when the state
    // it moved to no longer allows the action (the other officer's close won): the
    // person is told it changed, not that it was never possible. Who you are still
    // comes first: an outsider learns nothing from a stale version.
    const stale = cmd.action !== "note" && version !== null && version !== c.version;
    if (!d.ok) return stale && d.error !== "forbidden" ? { ok: false, error: "conflict" } : d;
    if (cmd.action === "transfer") {
      const m = moveCheck(c.rejectionCount + c.transferCount, actor, cmd.override);
      if (!m.ok) return stale ? { ok: false, error: "conflict" } : m;
    }
    if (stale) return { ok: false, error: "conflict" };
    const facts = await transitionFacts(tx, c, cmd, deps.reopenWindow, names);
    const eff = effectsOf(cmd, actor, d.to, facts, now, {
      calendarOf: (code) => calendarFor(deps, code),
      publicUrl: deps.publicUrl,
      slaPolicy: slaPolicyOf(deps),
    });
    if (!eff.ok) return { ok: false, error: "invalid", fields: eff.fields };
    const w = await persistTransition(tx, c, eff, actor, stored.files, now, names);
    if (w === "conflict") return { ok: false, error: "conflict" };
    return { ok: true, reference: c.reference, status: d.to, version: w.version };
  });
}
