import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import { z } from "zod";
import type { Clock } from "../clock.ts";
import { addWorkingDays, type Calendar } from "../calendar/index.ts";
import type { Db } from "../db.ts";
import { directoryFacts, factsFor, forgetDirectoryFacts, loadFacts, type DirectoryFacts } from "../directory/facts.ts";
import { checkAttachments, type IncomingFile } from "./attachments.ts";
import { storeFiles, type AttachmentStorage } from "../attachments/storage.ts";
import { KINDS } from "../directory/schema.ts";
import { fieldErrors } from "../fields.ts";
import type { RoutingIndex } from "../routing/suggest.ts";
import { routeWith, type RouteDecision, type RouteInput } from "../routing/decide.ts";
import { citizenAndPrior, writeComplaint, type CitizenAndPrior, type WriteGuard, type WriteResult, type WriteSpec } from "./store.ts";
import { citizenChannel } from "../notify/recipient.ts";
import { searchDocument } from "./search.ts";
import { hasDeadlines } from "./lifecycle.ts";
import { staffConcernedKey } from "./staff-concerned.ts";

export interface IntakeDeps {
  db: Db;
  clock: Clock;
  /** Working-day deadlines: the agency's time to decide on jurisdiction. */
  calendar: Calendar;
  /** Each agency's own calendar (issue 17); without it every agency uses `calendar`. */
  calendars?: CalendarBook;
  routing: RoutingIndex;
  /** Below this score the national unit's triage decides. */
  routingThreshold: number;
  /** Where the files' bytes go (AppDeps.attachments); the rows' bytea when absent. */
  attachments?: AttachmentStorage;
}

export const submissionSchema = z
  .object({
    kind: z.enum(KINDS, { error: "kind_invalid" }),
    text: z.string().trim().min(10, "text_too_short").max(5000, "text_too_long"),
    title: z
      .string()
      .trim()
      .max(200, "too_long")
      .optional()
      .transform((s) => s || undefined),
    city: z.string().trim().min(1, "required").max(64, "too_long"),
    district: z
      .string()
      .trim()
      .max(100, "too_long")
      .optional()
      .transform((s) => s || undefined),
    lat: z
      .union([z.literal("").transform(() => undefined), z.coerce.number({ error: "invalid" }).min(-90, "invalid").max(90, "invalid")])
      .optional(),
    lng: z
      .union([z.literal("").transform(() => undefined), z.coerce.number({ error: "invalid" }).min(-180, "invalid").max(180, "invalid")])
      .optional(),
    agencyCode: z
      .string()
      .trim()
      .max(32)
      .optional()
      .transform((s) => s || undefined),
    serviceCode: z
      .string()
      .trim()
      .max(64)
      .optional()
      .transform((s) => s || undefined),
    priorReference: z
      .string()
      .trim()
      .max(64, "too_long")
      .optional()
      .transform((s) => s || undefined),
    notifyBy: z.enum(["sms", "email"], { error: "required" }),
    clientKey: z.string().trim().min(8, "invalid").max(64, "invalid"),
    // Praise (seed 002 §5.1): the staff member thanked, and the agency they work for when
    // no service names it; the praise goes to that agency.
    praisedStaff: z
      .string()
      .trim()
      .max(200, "too_long")
      .optional()
      .transform((s) => s || undefined),
    praisedAgency: z
      .string()
      .trim()
      .max(32, "too_long")
      .optional()
      .transform((s) => s || undefined),
    // A complaint about one staff member: their name or post as the citizen knows it.
    staffConcerned: z
      .string()
      .trim()
      .max(200, "too_long")
      .optional()
      .transform((s) => s || undefined),
  })
  .superRefine((v, ctx) => {
    const refuse = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.staffConcerned && v.kind !== "complaint") refuse("staffConcerned", "staff_concerned_complaint_only");
    if (v.kind !== "praise") {
      // A name with a complaint would be an accusation the hub has no process for here.
      if (v.praisedStaff || v.praisedAgency) refuse("praisedStaff", "praised_staff_praise_only");
      return;
    }
    if (v.praisedStaff && !v.praisedAgency && !v.agencyCode) refuse("praisedAgency", "praised_agency_required");
    if (v.praisedAgency && v.agencyCode && v.praisedAgency !== v.agencyCode) refuse("praisedAgency", "praised_agency_mismatch");
  })
  // The agency the praise names routes it like an agency chosen without a service.
  .transform(({ praisedAgency, ...v }) => ({ ...v, agencyCode: v.agencyCode ?? praisedAgency }));

export type SubmissionInput = z.input<typeof submissionSchema>;

/**
 * Someone the hub has not verified, filing through a partner's system (Open311). The
 * hub knows its citizens by a national number checked with the civil registry; a
 * partner's user has only what the partner passes on. Rather than invent a citizen
 * account (which would let a later sign-in with that number see the complaint, or make
 * an unverified person look verified), the complaint is filed with no account, the
 * contact details as given, identity_verified = false and its own channel: the same
 * shape as a media item the national unit registers, which staff already handle.
 */
export interface UnverifiedFiler {
  channel: "open311";
  contact: { name?: string; mobile?: string; email?: string; lang: "ar" | "en" };
}

export type SubmitResult =
  | {
      ok: true;
      created: boolean;
      reference: string;
      status: "routed" | "triage";
      agencyCode: string | null;
      serviceCode: string | null;
      routedBy: "citizen" | "location" | "text" | "triage";
    }
  | { ok: false; error: "invalid"; fields: Record<string, string> }
  // The object store did not take the files: nothing was filed, the citizen sends again.
  | { ok: false; error: "attachments_unavailable" };

/**
 * A verified citizen files a submission. Evidence order: the service they chose, then
 * the place (regional agencies), then the text; below the confidence threshold the
 * national unit's triage queue decides. The complaint, its first event and the SMS
 * with the reference are written in one transaction; the same client key returns the
 * complaint already filed instead of a second one.
 */
/**
 * `filer`: the signed-in citizen's id, or an unverified filer (a partner's user).
 * `channel`: "app" for the mobile API (tRPC and its multipart upload), "portal" for the
 * web; an unverified filer brings its own.
 */
export async function submitComplaint(
  deps: IntakeDeps,
  filer: string | UnverifiedFiler,
  raw: unknown,
  files: IncomingFile[] = [],
  channel: "portal" | "app" = "portal",
): Promise<SubmitResult> {
  const parsed = submissionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const input = parsed.data;
  const { db } = deps;
  const checked = checkAttachments(files);
  if (!checked.ok) return { ok: false, error: "invalid", fields: { attachments: checked.code } };

  // Round trip 1: who files (for the message and the search) and whether this client
  // key already filed it. Routing then decides from the directory held in memory.
  const unverified = typeof filer === "string" ? null : filer;
  const citizenId = typeof filer === "string" ? filer : null;
  const who = citizenId ? await citizenAndPrior(db, citizenId, input.clientKey) : null;
  if (citizenId && !who) return { ok: false, error: "invalid", fields: { _form: "invalid" } };
  if (who?.reference) return priorResult(who);
  // The files are stored before the complaint that names them is written (an object
  // store's upload; nothing to do for bytea). A store that fails ends the filing here.
  const stored = await storeFiles(deps.attachments, checked.files);
  if (!stored.ok) return stored;

  const notify = who
    ? citizenChannel({ mobile: who.mobile, email: who.email, lang: who.lang }, input.notifyBy)
    : unverifiedChannel(unverified!, input.notifyBy);
  const search = searchDocument([
    input.title,
    input.text,
    ...(who ? [who.first_name, who.father_name, who.grandfather_name, who.family_name] : [unverified!.contact.name]),
    input.praisedStaff,
  ]);
  // Round trip 2: the complaint, its event and its message in one statement. Only when
  // the directory changed under the facts in memory does it take more.
  for (let attempt = 0; ; attempt++) {
    const route = await decideRoute(deps, input, attempt > 0);
    if (!route.ok) return route;
    const { target, routedBy } = route;
    const now = deps.clock.now();
    const status = target ? ("routed" as const) : ("triage" as const);
    const row: WriteResult = await writeComplaint(
      db,
      {
        values: {
          kind: input.kind,
          status,
          citizenId,
          channel: unverified?.channel ?? channel,
          ...(unverified ? { identityVerified: false, contact: unverified.contact } : {}),
          title: input.title ?? null,
          praisedStaff: input.praisedStaff ?? null,
          staffConcerned: input.staffConcerned ?? null,
          staffConcernedKey: staffConcernedKey(input.staffConcerned),
          text: input.text,
          city: input.city,
          district: input.district ?? null,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          ...routedValues(route, calendarFor(deps, route.target?.agencyCode), now, input.kind),
          priorReference: input.priorReference ?? null,
          notifyBy: input.notifyBy,
          clientKey: input.clientKey,
          createdAt: now,
          updatedAt: now,
        },
        files: stored.files,
        // A partner's filing is nobody's act the hub can name: the system's, on its channel.
        actor: citizenId ? { kind: "citizen", id: citizenId } : { kind: "system", id: null },
        notify,
        search,
        guard: routeGuard(input, route),
      },
      now,
    );
    if (row === "guard_failed") {
      forgetDirectoryFacts(db);
      // Twice in a row means the database refuses what it just told us: decide no more.
      if (attempt >= 1) return { ok: false, error: "invalid", fields: { _form: "invalid" } };
      continue;
    }
    // Null: the same submission won a race; answer with it. (An unverified filer has no
    // account for its client key to be unique in, so its filing never lands here.)
    if (!row) {
      if (!citizenId) return { ok: false, error: "invalid", fields: { _form: "invalid" } };
      return priorResult((await citizenAndPrior(db, citizenId, input.clientKey))!);
    }
    return {
      ok: true,
      created: true,
      reference: row.reference,
      status,
      agencyCode: target?.agencyCode ?? null,
      serviceCode: target?.code ?? null,
      routedBy,
    };
  }
}

/** What the write relies on: the city, and the chosen service as it was decided from. */
export function routeGuard(input: { city: string; kind: string }, route: Extract<RouteDecision, { ok: true }>): WriteGuard {
  const t = route.target;
  return { city: input.city, service: t ? { id: t.id, kind: input.kind, jurisdictionDays: t.jurisdictionDays } : null };
}

/** The routing outcome as complaint columns, classification defaulted from the service. */
export function routedValues(route: Extract<RouteDecision, { ok: true }>, cal: Calendar, now: Date, kind = "complaint") {
  const { target } = route;
  // Praise is passed on, not decided on: no deadline for the agency, so nothing escalates.
  const decideBy = target && hasDeadlines(kind) ? addWorkingDays(cal, now, target.jurisdictionDays) : null;
  return {
    jurisdictionDueAt: decideBy,
    actionDueAt: decideBy,
    slaNextAt: decideBy,
    routedAt: target ? now : null,
    agencyCode: target?.agencyCode ?? null,
    serviceCode: target?.code ?? null,
    routedBy: route.routedBy,
    routingScore: route.score,
    suggestions: route.suggestions.map(({ agencyCode, serviceCode, score }) => ({ agencyCode, serviceCode, score })),
    complexity: target?.complexity ?? "routine",
    importance: target?.importance ?? "medium",
    actionType: target?.actionType ?? "process",
  };
}

export type { RouteDecision, RouteInput };

/**
 * Where a submission goes. Evidence order: the service chosen (by the citizen or the
 * staff member registering it), then the place (regional agencies), then the text;
 * below the confidence threshold, the national unit's triage queue.
 */
export async function decideRoute(deps: IntakeDeps, input: RouteInput, fresh = false): Promise<RouteDecision> {
  const held = fresh ? await loadFacts(deps.db) : await directoryFacts(deps.db);
  const decision = decideRouteWith(deps, held, input);
  if (decision.ok || fresh) return decision;
  // Refused from memory: ask the database about just these names before saying no,
  // in case they were added after the facts were loaded.
  const exact = decideRouteWith(deps, await factsFor(deps.db, input), input);
  if (exact.ok || JSON.stringify(exact.fields) !== JSON.stringify(decision.fields)) forgetDirectoryFacts(deps.db);
  return exact.ok ? decideRoute(deps, input, true) : exact;
}

/** The routing decision itself, over loaded directory facts (no I/O): server/routing/decide.ts. */
export function decideRouteWith(
  deps: Pick<IntakeDeps, "routing" | "routingThreshold">,
  facts: DirectoryFacts,
  input: RouteInput,
): RouteDecision {
  return routeWith(deps.routing, deps.routingThreshold, facts, input);
}

/** Where an unverified filer hears of it: the channel asked for if given, else the other one. */
function unverifiedChannel(f: UnverifiedFiler, notifyBy: "sms" | "email"): WriteSpec["notify"] {
  const { mobile, email, lang } = f.contact;
  if (notifyBy === "email" && email) return { channel: "email", recipient: email, lang };
  if (mobile) return { channel: "sms", recipient: mobile, lang };
  return email ? { channel: "email", recipient: email, lang } : null;
}

function priorResult(c: CitizenAndPrior): SubmitResult {
  return {
    ok: true,
    created: false,
    reference: c.reference!,
    status: c.status as "routed" | "triage",
    agencyCode: c.agency_code,
    serviceCode: c.service_code,
    routedBy: c.routed_by!,
  };
}
