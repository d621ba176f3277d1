import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../clock.ts";
import { addWorkingDays, type Calendar } from "../calendar/index.ts";
import type { Db } from "../db.ts";
import { agencies, cities, citizens, complaints, services } from "../../schema/index.ts";
import { checkAttachments, type IncomingFile } from "./attachments.ts";
import { KINDS } from "../directory/schema.ts";
import { fieldErrors } from "../identity/fields.ts";
import { suggest, type RoutingIndex, type Suggestion } from "../routing/suggest.ts";
import { writeComplaint } from "./write.ts";
import { citizenChannel } from "../notify/recipient.ts";
import { searchDocument } from "./search.ts";

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
}

export const submissionSchema = z.object({
  kind: z.enum(KINDS, { error: "kind_invalid" }),
  text: z.string().trim().min(10, "text_too_short").max(5000, "text_too_long"),
  title: z.string().trim().max(200, "too_long").optional().transform((s) => s || undefined),
  city: z.string().trim().min(1, "required").max(64, "too_long"),
  district: z.string().trim().max(100, "too_long").optional().transform((s) => s || undefined),
  lat: z.union([z.literal("").transform(() => undefined), z.coerce.number({ error: "invalid" }).min(-90, "invalid").max(90, "invalid")]).optional(),
  lng: z.union([z.literal("").transform(() => undefined), z.coerce.number({ error: "invalid" }).min(-180, "invalid").max(180, "invalid")]).optional(),
  agencyCode: z.string().trim().max(32).optional().transform((s) => s || undefined),
  serviceCode: z.string().trim().max(64).optional().transform((s) => s || undefined),
  priorReference: z.string().trim().max(64, "too_long").optional().transform((s) => s || undefined),
  notifyBy: z.enum(["sms", "email"], { error: "required" }),
  clientKey: z.string().trim().min(8, "invalid").max(64, "invalid"),
});

export type SubmissionInput = z.input<typeof submissionSchema>;

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
  | { ok: false; error: "invalid"; fields: Record<string, string> };

type ServiceRow = typeof services.$inferSelect;

async function activeService(db: Db, agencyCode: string, serviceCode: string): Promise<ServiceRow | null> {
  const [row] = await db
    .select({ s: services })
    .from(services)
    .innerJoin(agencies, eq(agencies.code, services.agencyCode))
    .where(and(eq(services.agencyCode, agencyCode), eq(services.code, serviceCode), eq(services.active, true), eq(agencies.active, true)));
  return row?.s ?? null;
}

/** The first suggestion whose service takes this kind of submission. */
async function firstAccepting(db: Db, list: Suggestion[], kind: string): Promise<{ s: Suggestion; row: ServiceRow } | null> {
  for (const s of list) {
    const row = await activeService(db, s.agencyCode, s.serviceCode);
    if (row && row.kinds.includes(kind)) return { s, row };
  }
  return null;
}

/**
 * A verified citizen files a submission. Evidence order: the service they chose, then
 * the place (regional agencies), then the text; below the confidence threshold the
 * national unit's triage queue decides. The complaint, its first event and the SMS
 * with the reference are written in one transaction; the same client key returns the
 * complaint already filed instead of a second one.
 */
export async function submitComplaint(deps: IntakeDeps, citizenId: string, raw: unknown, files: IncomingFile[] = []): Promise<SubmitResult> {
  const parsed = submissionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const input = parsed.data;
  const { db } = deps;
  const checked = checkAttachments(files);
  if (!checked.ok) return { ok: false, error: "invalid", fields: { attachments: checked.code } };

  const existing = await findByClientKey(db, citizenId, input.clientKey);
  if (existing) return existing;

  const route = await decideRoute(deps, input);
  if (!route.ok) return route;
  const { target, routedBy } = route;

  const [citizen] = await db.select({ mobile: citizens.mobile, email: citizens.email, lang: citizens.lang, firstName: citizens.firstName, fatherName: citizens.fatherName, grandfatherName: citizens.grandfatherName, familyName: citizens.familyName }).from(citizens).where(eq(citizens.id, citizenId));
  if (!citizen) return { ok: false, error: "invalid", fields: { _form: "invalid" } };
  const now = deps.clock.now();
  const status = target ? ("routed" as const) : ("triage" as const);

  const row = await writeComplaint(
    db,
    {
      values: {
        kind: input.kind,
        status,
        citizenId,
        channel: "portal",
        title: input.title ?? null,
        text: input.text,
        city: input.city,
        district: input.district ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        ...routedValues(route, calendarFor(deps, route.target?.agencyCode), now),
        priorReference: input.priorReference ?? null,
        notifyBy: input.notifyBy,
        clientKey: input.clientKey,
        createdAt: now,
        updatedAt: now,
      },
      files: checked.files,
      actor: { kind: "citizen", id: citizenId },
      notify: citizenChannel(citizen, input.notifyBy),
      search: searchDocument([input.title, input.text, citizen.firstName, citizen.fatherName, citizen.grandfatherName, citizen.familyName]),
    },
    now,
  );
  // Null: the same submission won a race; answer with it.
  if (!row) return (await findByClientKey(db, citizenId, input.clientKey))!;
  return { ok: true, created: true, reference: row.reference, status, agencyCode: target?.agencyCode ?? null, serviceCode: target?.code ?? null, routedBy };
}

/** The routing outcome as complaint columns, classification defaulted from the service. */
export function routedValues(route: Extract<RouteDecision, { ok: true }>, cal: Calendar, now: Date) {
  const { target } = route;
  const decideBy = target ? addWorkingDays(cal, now, target.jurisdictionDays) : null;
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

export interface RouteInput {
  kind: string;
  text: string;
  title?: string | undefined;
  city: string;
  agencyCode?: string | undefined;
  serviceCode?: string | undefined;
  priorReference?: string | undefined;
}

export type RouteDecision =
  | { ok: true; target: ServiceRow | null; routedBy: "citizen" | "location" | "text" | "triage"; score: number | null; suggestions: Suggestion[] }
  | { ok: false; error: "invalid"; fields: Record<string, string> };

/**
 * Where a submission goes. Evidence order: the service chosen (by the citizen or the
 * staff member registering it), then the place (regional agencies), then the text;
 * below the confidence threshold, the national unit's triage queue.
 */
export async function decideRoute(deps: IntakeDeps, input: RouteInput): Promise<RouteDecision> {
  const { db } = deps;
  const [city] = await db.select({ code: cities.code }).from(cities).where(and(eq(cities.code, input.city), eq(cities.active, true)));
  if (!city) return { ok: false, error: "invalid", fields: { city: "city_unknown" } };

  let chosen: ServiceRow | null = null;
  if (input.agencyCode || input.serviceCode) {
    const [agency] = input.agencyCode ? await db.select().from(agencies).where(and(eq(agencies.code, input.agencyCode), eq(agencies.active, true))) : [];
    if (!agency) return { ok: false, error: "invalid", fields: { agencyCode: "agency_unknown" } };
    if (input.serviceCode) {
      chosen = await activeService(db, agency.code, input.serviceCode);
      if (!chosen) return { ok: false, error: "invalid", fields: { serviceCode: "service_unknown" } };
      if (!chosen.kinds.includes(input.kind)) return { ok: false, error: "invalid", fields: { serviceCode: "service_refuses_kind" } };
      if (chosen.priorRefRequired) {
        if (!input.priorReference) return { ok: false, error: "invalid", fields: { priorReference: "prior_reference_required" } };
        if (chosen.priorRefPattern && !new RegExp(chosen.priorRefPattern).test(input.priorReference)) {
          return { ok: false, error: "invalid", fields: { priorReference: "prior_reference_invalid" } };
        }
      }
    }
  }

  const suggestions = suggest(deps.routing, { text: `${input.title ?? ""} ${input.text}`, city: input.city });
  let target: ServiceRow | null = chosen;
  let routedBy: "citizen" | "location" | "text" | "triage" = chosen ? "citizen" : "triage";
  let score: number | null = null;
  if (!chosen) {
    const pool = input.agencyCode ? suggestions.filter((s) => s.agencyCode === input.agencyCode) : suggestions;
    const best = await firstAccepting(db, pool, input.kind);
    // A service that needs the agency's own request number cannot be guessed from text.
    if (best && best.s.score >= deps.routingThreshold && !best.row.priorRefRequired) {
      target = best.row;
      score = best.s.score;
      routedBy = best.s.evidence[0]?.kind === "location" ? "location" : "text";
    }
  }

  return { ok: true, target, routedBy, score, suggestions };
}

async function findByClientKey(db: Db, citizenId: string, clientKey: string): Promise<SubmitResult | null> {
  const [c] = await db.select().from(complaints).where(and(eq(complaints.citizenId, citizenId), eq(complaints.clientKey, clientKey)));
  if (!c) return null;
  return {
    ok: true,
    created: false,
    reference: c.reference,
    status: c.status as "routed" | "triage",
    agencyCode: c.agencyCode,
    serviceCode: c.serviceCode,
    routedBy: c.routedBy,
  };
}
