// What the agency API takes and answers, as zod schemas: the handlers check requests
// with them and the OpenAPI document (openapi.ts) is drawn from them with
// z.toJSONSchema, so the document cannot say one thing while the code does another.
// An action's own fields are the portal's (server/complaints/commands.ts).

import { z } from "zod";
import { STATUSES } from "../complaints/lifecycle.ts";
import { WEBHOOK_EVENTS } from "../webhooks/events.ts";

/** The steps a case system may take: a liaison officer's (transfer and the outlet's reply are the national unit's). */
export const API_ACTIONS = [
  "accept",
  "reject",
  "request_info",
  "close",
  "note",
  "reassign",
  "reclassify",
  "acknowledge",
  "answer_inquiry",
] as const;
export type ApiAction = (typeof API_ACTIONS)[number];

export const LIST_LIMIT = { default: 50, max: 200 } as const;

// --- requests --------------------------------------------------------------------

export const listQuery = z.object({
  cursor: z.string().max(200, "cursor_invalid").optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, "limit_invalid")
    .transform(Number)
    .pipe(z.number().int().min(1, "limit_invalid").max(LIST_LIMIT.max, "limit_invalid"))
    .optional(),
});

/** One file in a JSON body: its name and its bytes in base64 (multipart takes files as they are). */
export const fileInput = z.object({
  filename: z.string({ error: "required" }).min(1, "required").max(200, "too_long"),
  content_base64: z.string({ error: "required" }).min(1, "attachment_empty"),
});

/** The part of an action's body every action has; the rest are the action's fields. */
export const actionHead = z.object({
  action: z.enum(API_ACTIONS, { error: "action_unknown" }),
  /** The complaint's version the caller acted on; a note may leave it out (notes never conflict). */
  version: z.number({ error: "invalid" }).int("invalid").min(1, "invalid").optional(),
  attachments: z.array(fileInput, { error: "invalid" }).max(5, "attachments_too_many").optional(),
});

export const attachmentBody = z.object({
  /** The internal note the files go with; their names when left out. */
  text: z.string({ error: "invalid" }).max(5000, "too_long").optional(),
  attachments: z.array(fileInput, { error: "invalid" }).min(1, "required").max(5, "attachments_too_many"),
});

// --- responses -------------------------------------------------------------------

const at = z.iso.datetime();
const names = z.object({ ar: z.string(), en: z.string() });

export const complaintSummary = z.object({
  reference: z.string(),
  kind: z.string(),
  status: z.enum(STATUSES),
  version: z.number().int(),
  title: z.string().nullable(),
  city: z.string(),
  agencyCode: z.string().nullable(),
  serviceCode: z.string().nullable(),
  createdAt: at,
  /** Moves on every change of state; the list is ordered by it. */
  updatedAt: at,
  acceptedAt: at.nullable(),
  dueAt: at.nullable(),
  closedAt: at.nullable(),
  outcome: z.string().nullable(),
});

export const complaintList = z.object({
  items: z.array(complaintSummary),
  /** Where the next call starts: after the last item, or where this one started when there were none. Keep it and poll with it. */
  next_cursor: z.string(),
  has_more: z.boolean(),
});

export const personalData = z.object({
  name: z.string().nullable(),
  nationalId: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
});

export const attachmentInfo = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** The event it came with (a citizen's filing or answer, an officer's step). */
  eventId: z.number().int().nullable(),
  /** Where to download it with the same key. */
  url: z.string(),
});

export const complaintEvent = z.object({
  id: z.number().int(),
  type: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  at,
  actorKind: z.string(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  visibleToCitizen: z.boolean(),
});

export const complaintDetail = complaintSummary.extend({
  text: z.string(),
  praisedStaff: z.string().nullable(),
  cityName: names,
  district: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  channel: z.string(),
  identityVerified: z.boolean(),
  agency: names.nullable(),
  service: names.nullable(),
  slaDays: z.number().int().nullable(),
  classification: z.object({ complexity: z.string(), importance: z.string(), actionType: z.string() }),
  jurisdictionDueAt: at.nullable(),
  resolutionDays: z.number().int().nullable(),
  extensionReason: z.string().nullable(),
  pausedAt: at.nullable(),
  pausedDays: z.number().int(),
  infoDueAt: at.nullable(),
  resolution: z.string().nullable(),
  reopenUntil: at.nullable(),
  reopenCount: z.number().int(),
  rejectionCount: z.number().int(),
  transferCount: z.number().int(),
  flagged: z.boolean(),
  assignedTo: z.string().nullable(),
  /** The complainant's first name, to address them before jurisdiction is accepted. */
  firstName: z.string().nullable(),
  /** Null until the agency accepted jurisdiction (seed 003); each time it is given, the view is logged. */
  personalData: personalData.nullable(),
  attachments: z.array(attachmentInfo),
  /** The complaint's history, oldest first, internal notes included. */
  events: z.array(complaintEvent),
  /** What this key may do now. */
  actions: z.array(z.enum(API_ACTIONS)),
});

export const actionResult = z.object({
  reference: z.string(),
  status: z.enum(STATUSES),
  version: z.number().int(),
});

export const attachmentResult = actionResult.extend({ attachments: z.array(attachmentInfo) });

export const issue = z.object({ field: z.string(), code: z.string(), message: z.string() });

export const errorBody = z.object({
  error: z.object({
    /** The code to branch on (server/refusals.ts): not_found, conflict, bad_request, … */
    code: z.string(),
    /** The sentence for a person, in the Accept-Language asked (Arabic unless English is). */
    message: z.string(),
    issues: z.array(issue).optional(),
  }),
});

// The agency's own webhook endpoints (issue 18 item 3: "an agency … registers"): the
// same registration as the admin page (server/webhooks/register.ts), for the key's agency.
export const webhookInput = z.object({
  url: z.string({ error: "required" }).trim().min(1, "required").max(2000, "too_long"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: "invalid" }), { error: "required" })
    .min(1, "required")
    .max(WEBHOOK_EVENTS.length),
});

export const webhookInfo = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  created_at: z.string(),
});

/** The endpoint as made, with its signing secret: shown this once. */
export const webhookCreated = webhookInfo.extend({ secret: z.string() });

export const webhookList = z.object({ items: z.array(webhookInfo) });
