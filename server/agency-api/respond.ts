import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { apiLang } from "../api/lang.ts";
import { refusal } from "../refusals.ts";
import { messages } from "../../views/i18n/index.ts";
import { errorText, refusalText } from "../../views/i18n/errors.ts";
import type { StaffComplaintView } from "../complaints/staff-view.ts";
import type { z } from "zod";
import type { API_ACTIONS, attachmentInfo, complaintDetail, complaintSummary } from "./schemas.ts";

// The agency API's answers: one error shape, `{ error: { code, message, issues? } }`,
// the message in the caller's language (Accept-Language; Arabic unless English is
// asked), and the complaint as JSON with dates in ISO 8601.

export const API_BASE = "/api/agency/v1";

/** Field codes ({ field: code }) as the list the error carries. */
export type FieldCodes = Record<string, string>;

/** The codes the API answers that are not in the refusal table. */
type OwnCode = "internal";

/** The error's status and body, in the caller's language. */
export function errorParts(
  c: Context<AppEnv>,
  code: string | OwnCode,
  opts: { issues?: FieldCodes; retryAt?: Date; status?: number } = {},
): {
  status: number;
  lang: string;
  body: { error: { code: string; message: string; issues?: { field: string; code: string; message: string }[] } };
} {
  const lang = apiLang(c);
  const t = messages(lang);
  const message =
    code === "internal" ? t.errorTitle : refusalText(t, code, { lang, timeZone: c.var.deps.calendar.timeZone, retryAt: opts.retryAt });
  const issues = opts.issues
    ? Object.entries(opts.issues).map(([field, issue]) => ({ field, code: issue, message: errorText(t, issue) }))
    : undefined;
  const status = opts.status ?? (code === "internal" ? 500 : refusal(code).status);
  return { status, lang, body: { error: { code, message, ...(issues ? { issues } : {}) } } };
}

export function apiError(c: Context<AppEnv>, code: string | OwnCode, opts: Parameters<typeof errorParts>[2] = {}): Response {
  const e = errorParts(c, code, opts);
  c.header("Content-Language", e.lang);
  return c.json(e.body, e.status as 400);
}

/** The error code an answer of this status stands for, when something other than the API answered (a guard, the not-found page). */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "api_key_invalid";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "too_large";
    case 422:
      return "invalid";
    case 429:
      return "throttled";
    case 503:
      return "database_unavailable";
    default:
      return "internal";
  }
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

type Summary = z.input<typeof complaintSummary>;

export function summaryJson(r: {
  reference: string;
  kind: string;
  status: Summary["status"];
  version: number;
  title: string | null;
  city: string;
  agencyCode: string | null;
  serviceCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  acceptedAt: Date | null;
  dueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
}): Summary {
  return {
    reference: r.reference,
    kind: r.kind,
    status: r.status,
    version: r.version,
    title: r.title,
    city: r.city,
    agencyCode: r.agencyCode,
    serviceCode: r.serviceCode,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    acceptedAt: isoOrNull(r.acceptedAt),
    dueAt: isoOrNull(r.dueAt),
    closedAt: isoOrNull(r.closedAt),
    outcome: r.outcome,
  };
}

export function attachmentJson(
  reference: string,
  a: { id: string; filename: string; contentType: string; size: number; eventId: number | null },
): z.input<typeof attachmentInfo> {
  return { ...a, url: `${API_BASE}/complaints/${reference}/attachments/${a.id}` };
}

export function detailJson(v: StaffComplaintView, actions: (typeof API_ACTIONS)[number][]): z.input<typeof complaintDetail> {
  return {
    ...summaryJson(v),
    text: v.text,
    praisedStaff: v.praisedStaff,
    cityName: v.cityName,
    district: v.district,
    lat: v.lat,
    lng: v.lng,
    channel: v.channel,
    identityVerified: v.identityVerified,
    agency: v.agency,
    service: v.service,
    slaDays: v.slaDays,
    classification: v.classification,
    jurisdictionDueAt: isoOrNull(v.jurisdictionDueAt),
    resolutionDays: v.resolutionDays,
    extensionReason: v.extensionReason,
    pausedAt: isoOrNull(v.pausedAt),
    pausedDays: v.pausedDays,
    infoDueAt: isoOrNull(v.infoDueAt),
    resolution: v.resolution,
    reopenUntil: isoOrNull(v.reopenUntil),
    reopenCount: v.reopenCount,
    rejectionCount: v.rejectionCount,
    transferCount: v.transferCount,
    flagged: v.flagged,
    assignedTo: v.assignedTo,
    firstName: v.firstName,
    personalData: v.person,
    attachments: v.attachments.map((a) => attachmentJson(v.reference, a)),
    events: v.timeline.map((e) => ({ ...e, at: iso(e.at) })),
    actions,
  };
}
