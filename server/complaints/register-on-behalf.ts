import { calendarFor } from "../calendar/book.ts";
import { STAFF_CHANNELS } from "./channels.ts";
import { z } from "zod";
import { hasRole, type StaffActor } from "../auth/roles.ts";
import { COMPLEXITY, IMPORTANCE, ACTION_TYPES, KINDS } from "../directory/schema.ts";
import { fieldErrors, mobileField, nationalIdField } from "../fields.ts";
import { RegistryUnavailableError, type CivilRegistry } from "../identity/registry.ts";
import { checkAttachments, type IncomingFile } from "./attachments.ts";
import { storeFiles } from "../attachments/storage.ts";
import { decideRoute, routedValues, routeGuard, type IntakeDeps } from "./submit.ts";
import { forgetDirectoryFacts } from "../directory/facts.ts";
import { searchDocument } from "./search.ts";
import { citizenIdByNationalId, recordFirstContactClose, staffRegistrationByFormKey, writeComplaint } from "./store.ts";
import { DEFAULT_REOPEN_WINDOW, lastDay, reopenDeadline } from "./lifecycle.ts";

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .optional()
    .transform((s) => s || undefined);

export const staffRegistrationSchema = z
  .object({
    channel: z.enum(STAFF_CHANNELS, { error: "required" }),
    kind: z.enum(KINDS, { error: "kind_invalid" }),
    text: z.string().trim().min(10, "text_too_short").max(5000, "text_too_long"),
    title: optional(200),
    city: z.string().trim().min(1, "required").max(64),
    district: optional(100),
    agencyCode: optional(32),
    serviceCode: optional(64),
    priorReference: optional(64),
    complexity: z
      .enum(COMPLEXITY)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    importance: z
      .enum(IMPORTANCE)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    actionType: z
      .enum(ACTION_TYPES)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    nationalId: z
      .string()
      .optional()
      .transform((s) => s?.trim() || undefined),
    dateOfBirth: optional(10),
    contactName: optional(200),
    contactMobile: z
      .string()
      .optional()
      .transform((s) => s?.trim() || undefined),
    mediaOutlet: optional(200),
    mediaLink: z
      .union([z.literal(""), z.url({ protocol: /^https?$/, error: "invalid" })])
      .optional()
      .transform((s) => s || undefined),
    mediaClipping: optional(5000),
    mediaPublishedOn: optional(10),
    // Seed 002 §5.1.9: resolved at the first contact: register, resolve, close in one step.
    resolvedNow: z.preprocess((v) => v === "1" || v === "on" || v === true, z.boolean()).default(false),
    resolution: optional(5000),
    // The form's random key (views/pages/staff/triage.tsx): the same form sent twice is
    // one complaint. Optional, so callers without a form register as before.
    formKey: z
      .string()
      .trim()
      .min(8, "invalid")
      .max(64, "invalid")
      .optional()
      .or(z.literal("").transform(() => undefined)),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message = "required") => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.channel === "media") {
      if (!v.mediaOutlet) need("mediaOutlet");
      if (!v.mediaPublishedOn || !/^\d{4}-\d{2}-\d{2}$/.test(v.mediaPublishedOn)) need("mediaPublishedOn", "date_invalid");
      if (!v.mediaLink && !v.mediaClipping) need("mediaLink");
    } else {
      if (!v.nationalId || !nationalIdField.safeParse(v.nationalId).success) need("nationalId", "national_id_invalid");
      if (!v.dateOfBirth) need("dateOfBirth", "date_invalid");
    }
    if (v.contactMobile && !mobileField.safeParse(v.contactMobile).success) need("contactMobile", "mobile_invalid");
    if (v.resolvedNow && (!v.resolution || v.resolution.length < 5)) need("resolution", "too_short");
  });

export type StaffRegistrationResult =
  | { ok: true; reference: string; status: "routed" | "triage" | "closed"; identityVerified: boolean; agencyCode: string | null }
  | { ok: false; error: "invalid"; fields: Record<string, string> }
  | { ok: false; error: "forbidden" | "identity_mismatch" | "registry_unavailable" | "attachments_unavailable" };

export async function registerOnBehalf(
  deps: IntakeDeps & { registry: CivilRegistry },
  actor: StaffActor,
  raw: unknown,
  files: IncomingFile[] = [],
): Promise<StaffRegistrationResult> {
  if (!hasRole(actor, "triage")) return { ok: false, error: "forbidden" };
  const parsed = staffRegistrationSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const v = parsed.data;
  const checked = checkAttachments(files);
  if (!checked.ok) return { ok: false, error: "invalid", fields: { attachments: checked.code } };
  // A form already sent (a double click, a resend): answer with what it registered.
  const already = () => (v.formKey ? staffRegistrationByFormKey(deps.db, actor.id, v.formKey) : Promise.resolve(null));
  const prior = await already();
  if (prior) return { ok: true, ...prior };

  // The caller's identity is checked with the registry by national number and birth
  // date; a media item may name nobody and is marked "identity not verified".
  let identityVerified = false;
  let citizenId: string | null = null;
  const nationalId = v.nationalId ? nationalIdField.parse(v.nationalId) : undefined;
  if (nationalId) {
    let record;
    try {
      record = await deps.registry.lookup(nationalId);
    } catch (e) {
      if (e instanceof RegistryUnavailableError) return { ok: false, error: "registry_unavailable" };
      throw e;
    }
    if (!record || record.dateOfBirth !== v.dateOfBirth) {
      if (v.channel !== "media") return { ok: false, error: "identity_mismatch" };
    } else {
      identityVerified = true;
      citizenId = await citizenIdByNationalId(deps.db, nationalId);
    }
  }

  // The files are stored before the rows that name them (see server/attachments/storage.ts).
  const stored = await storeFiles(deps.attachments, checked.files);
  if (!stored.ok) return stored;

  // Decided from the directory in memory; a guard failure (changed meanwhile) decides again.
  for (let attempt = 0; ; attempt++) {
    const route = await decideRoute(deps, v, attempt > 0);
    if (!route.ok) return route;
    const now = deps.clock.now();
    // Resolved on the call: it needs an agency to be charged to, and closes at once.
    if (v.resolvedNow && !route.target) return { ok: false, error: "invalid", fields: { serviceCode: "first_contact_needs_service" } };
    const firstContact = v.resolvedNow
      ? { resolution: v.resolution!, reopenUntil: reopenDeadline(deps.calendar, now, DEFAULT_REOPEN_WINDOW) }
      : null;
    const status = firstContact ? ("closed" as const) : route.target ? ("routed" as const) : ("triage" as const);
    const mobile = v.contactMobile ? mobileField.parse(v.contactMobile) : undefined;
    const defaults = routedValues(route, calendarFor(deps, route.target?.agencyCode), now, v.kind);
    // The registration and, resolved on the call, its close are one transaction: the
    // caller is told "resolved" only about a complaint stored resolved, and a failure of
    // either step leaves nothing (no complaint, no message) for the officer to resend.
    const row = await deps.db.transaction(async (tx) => {
      const written = await writeComplaint(
        tx,
        {
          values: {
            kind: v.kind,
            status,
            citizenId,
            registeredBy: actor.id,
            channel: v.channel,
            identityVerified,
            contact: {
              ...(nationalId ? { nationalId } : {}),
              ...(v.contactName ? { name: v.contactName } : {}),
              ...(mobile ? { mobile } : {}),
            },
            media:
              v.channel === "media"
                ? {
                    outlet: v.mediaOutlet!,
                    publishedOn: v.mediaPublishedOn!,
                    ...(v.mediaLink ? { link: v.mediaLink } : {}),
                    ...(v.mediaClipping ? { clipping: v.mediaClipping } : {}),
                  }
                : null,
            title: v.title ?? null,
            text: v.text,
            city: v.city,
            district: v.district ?? null,
            ...defaults,
            // Staff classify at registration; the service's defaults fill what they leave.
            complexity: v.complexity ?? defaults.complexity,
            importance: v.importance ?? defaults.importance,
            actionType: firstContact ? "first_contact" : (v.actionType ?? defaults.actionType),
            ...(firstContact ? { jurisdictionDueAt: null, actionDueAt: null, slaNextAt: null } : {}),
            priorReference: v.priorReference ?? null,
            notifyBy: "sms",
            clientKey: v.formKey ?? null,
            createdAt: now,
            updatedAt: now,
          },
          files: stored.files,
          actor: { kind: "staff", id: actor.id },
          // Resolved at first contact: the one message (with the result) follows the close below.
          notify: mobile && !firstContact ? { channel: "sms", recipient: mobile, lang: "ar" } : null,
          search: searchDocument([v.title, v.text, v.contactName]),
          guard: routeGuard(v, route),
          sameAs: "staff_form",
        },
        now,
      );
      if (firstContact && written && written !== "guard_failed") {
        await recordFirstContactClose(
          tx,
          written,
          {
            resolution: firstContact.resolution,
            reopenUntil: firstContact.reopenUntil,
            reopenUntilDay: lastDay(deps.calendar, firstContact.reopenUntil),
            agencyCode: route.target?.agencyCode ?? null,
            actor: { kind: "staff", id: actor.id },
          },
          mobile ? { channel: "sms", recipient: mobile, lang: "ar" } : null,
          now,
        );
      }
      return written;
    });
    if (row === "guard_failed") {
      forgetDirectoryFacts(deps.db);
      if (attempt >= 1) return { ok: false, error: "invalid", fields: { _form: "invalid" } };
      continue;
    }
    // Null: the same form was registered meanwhile (sent twice at once); answer with that one.
    if (!row) {
      const same = await already();
      if (same) return { ok: true, ...same };
      return { ok: false, error: "invalid", fields: { _form: "invalid" } };
    }
    return { ok: true, reference: row.reference, status, identityVerified, agencyCode: route.target?.agencyCode ?? null };
  }
}
