import { z } from "zod";
import { commandSchema } from "../complaints/commands.ts";
import { OFFICER_FILE_ACTIONS } from "../complaints/attachments.ts";
import { API_BASE } from "./respond.ts";
import {
  actionHead,
  actionResult,
  API_ACTIONS,
  attachmentBody,
  attachmentResult,
  complaintDetail,
  complaintList,
  errorBody,
  fileInput,
  LIST_LIMIT,
  webhookCreated,
  webhookInfo,
  webhookInput,
  webhookList,
} from "./schemas.ts";

// The agency API's OpenAPI 3.1 document (GET /api/agency/openapi.json). Every schema in
// it is drawn from the zod schemas the handlers use (schemas.ts, and the portal's own
// per-action schemas in server/complaints/commands.ts), so what is documented is what
// is checked; test/integration/agency-api.test.ts validates every answer against it.

type JsonSchema = Record<string, unknown>;

function json(s: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** One body per action: `action`, `version` and the action's own fields, as the portal checks them. */
function actionBodies(): JsonSchema[] {
  return API_ACTIONS.map((a) => {
    const own = json(commandSchema(a), "input");
    const head = json(actionHead, "input") as { properties: Record<string, JsonSchema> };
    const files = OFFICER_FILE_ACTIONS.includes(a);
    return {
      title: a,
      type: "object",
      properties: {
        action: { const: a },
        version: { ...head.properties.version, description: "The complaint's version you acted on (409 when it changed since)." },
        ...(files ? { attachments: head.properties.attachments } : {}),
        ...((own.properties as JsonSchema | undefined) ?? {}),
      },
      required: ["action", ...(a === "note" ? [] : ["version"]), ...((own.required as string[] | undefined) ?? [])],
    };
  });
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
const ERRORS = {
  400: errorResponse("The request could not be read: `issues` lists the fields (code and translated message)."),
  401: errorResponse("The key is missing, unknown or revoked (code `api_key_invalid`)."),
  404: errorResponse("No such complaint with the key's agency (another agency's is not found either)."),
  409: errorResponse("The complaint changed since the version sent (`conflict`), or the step does not fit its state now (`not_now`, …)."),
  413: errorResponse("The body is larger than allowed."),
  422: errorResponse(
    "The lifecycle refused the values (`invalid` with issues) or the step for this complaint (`move_cap`, `not_for_kind`, …).",
  ),
  429: errorResponse("The key's requests per minute are used up; `Retry-After` says when to try again (`throttled`)."),
  503: errorResponse("The database or the file store is unavailable; nothing was done. `Retry-After` says when to try again."),
  default: errorResponse("Any other error, in the same shape."),
};
const pick = (...codes: (keyof typeof ERRORS)[]) => Object.fromEntries(codes.map((c) => [String(c), ERRORS[c]]));

const reference = {
  name: "reference",
  in: "path",
  required: true,
  description: "The complaint's reference, e.g. CMP-2026-7K3Q9X.",
  schema: { type: "string", pattern: "^[A-Za-z0-9-]{1,40}$" },
};

export function agencyApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Complaint hub: agency API",
      version: "1.0.0",
      description:
        "For an agency's own case system: poll the agency's new and changed complaints, read one with its history, " +
        "and act on it (accept, reject, request information, close, note, …) through the same rules as the liaison " +
        "officers' portal. A key acts as a liaison officer of its one agency: personal data is given only after the " +
        "agency accepted jurisdiction, and every use of the key is recorded. Errors are " +
        '`{"error": {"code", "message", "issues"?}}` with `message` in the Accept-Language asked (Arabic unless English is). ' +
        "Human-readable documentation: /api/agency/docs.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths: {
      [`${API_BASE}/complaints`]: {
        get: {
          operationId: "listComplaints",
          summary: "New and changed complaints of the key's agency, oldest change first",
          description:
            "Ordered by (updatedAt, reference's internal id). Start without a cursor, keep `next_cursor` and call again with it: " +
            "a complaint that changes again comes back after the cursor. `has_more` says whether to call again at once.",
          parameters: [
            {
              name: "cursor",
              in: "query",
              required: false,
              description: "`next_cursor` of the previous call.",
              schema: { type: "string" },
            },
            {
              name: "limit",
              in: "query",
              required: false,
              description: `How many (default ${LIST_LIMIT.default}).`,
              schema: { type: "integer", minimum: 1, maximum: LIST_LIMIT.max },
            },
          ],
          responses: {
            200: { description: "A page of complaints.", content: { "application/json": { schema: ref("ComplaintList") } } },
            ...pick(400, 401, 429, 503, "default"),
          },
        },
      },
      [`${API_BASE}/complaints/{reference}`]: {
        get: {
          operationId: "getComplaint",
          summary: "One complaint with its attachments, history and the actions the key may take now",
          parameters: [reference],
          responses: {
            200: { description: "The complaint.", content: { "application/json": { schema: ref("ComplaintDetail") } } },
            ...pick(401, 404, 429, 503, "default"),
          },
        },
      },
      [`${API_BASE}/complaints/{reference}/actions`]: {
        post: {
          operationId: "actOnComplaint",
          summary: "Take a step in the complaint's lifecycle",
          description:
            "The same step as the portal's form, with the same checks. `version` is the complaint's version you read; " +
            "when someone changed it since, nothing is done and the answer is 409 `conflict`. Files (base64) go with " +
            `${OFFICER_FILE_ACTIONS.join(", ")}.`,
          parameters: [reference],
          requestBody: { required: true, content: { "application/json": { schema: ref("ActionBody") } } },
          responses: {
            200: {
              description: "Done: the complaint's state and version now.",
              content: { "application/json": { schema: ref("ActionResult") } },
            },
            ...pick(400, 401, 404, 409, 413, 422, 429, 503, "default"),
          },
        },
      },
      [`${API_BASE}/complaints/{reference}/attachments`]: {
        post: {
          operationId: "attachFiles",
          summary: "Attach files (JPEG, PNG, PDF; at most 5 of 10 MB) with an internal note",
          description:
            "Multipart (`attachments` file parts, optional `text`) or JSON with base64 content. The files are checked by content " +
            "and stored as the portal stores an officer's files, on an internal note (the files' names when no text is given).",
          parameters: [reference],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("AttachmentBody") },
              "multipart/form-data": {
                schema: {
                  type: "object",
                  properties: {
                    text: { type: "string", maxLength: 5000 },
                    attachments: { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" }, maxItems: 5 },
                  },
                  required: ["attachments"],
                },
              },
            },
          },
          responses: {
            201: { description: "Attached.", content: { "application/json": { schema: ref("AttachmentResult") } } },
            ...pick(400, 401, 404, 413, 429, 503, "default"),
          },
        },
      },
      [`${API_BASE}/complaints/{reference}/attachments/{id}`]: {
        get: {
          operationId: "downloadAttachment",
          summary: "Download one attachment (always as a download)",
          parameters: [reference, { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            200: {
              description: "The file's bytes.",
              content: {
                "image/jpeg": { schema: { type: "string", contentMediaType: "image/jpeg" } },
                "image/png": { schema: { type: "string", contentMediaType: "image/png" } },
                "application/pdf": { schema: { type: "string", contentMediaType: "application/pdf" } },
              },
            },
            ...pick(401, 404, 429, 503, "default"),
          },
        },
      },
      [`${API_BASE}/webhooks`]: {
        get: {
          operationId: "listWebhooks",
          summary: "The key's agency's webhook endpoints (without their secrets)",
          responses: {
            200: { description: "The endpoints, newest first.", content: { "application/json": { schema: ref("WebhookList") } } },
            ...pick(401, 429, 503, "default"),
          },
        },
        post: {
          operationId: "registerWebhook",
          summary: "Register an HTTPS endpoint for some of the agency's complaint events",
          description:
            "Deliveries are POSTs of `{id, type, at, data}` signed with HMAC-SHA256 over `<timestamp>.<body>` (headers Hub-Webhook-Id, " +
            "Hub-Webhook-Timestamp, Hub-Webhook-Signature: `v1=<hex>`), retried with backoff, each with a stable id. The URL must be " +
            "HTTPS and must not resolve to a private, loopback or link-local address. The secret is in this answer only.",
          requestBody: { required: true, content: { "application/json": { schema: ref("WebhookInput") } } },
          responses: {
            201: {
              description: "Registered; keep `secret` to verify deliveries.",
              content: { "application/json": { schema: ref("WebhookCreated") } },
            },
            ...pick(400, 401, 422, 429, 503, "default"),
          },
        },
      },
      [`${API_BASE}/webhooks/{id}`]: {
        delete: {
          operationId: "disableWebhook",
          summary: "Stop an endpoint: nothing more is delivered to it",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            200: { description: "Stopped.", content: { "application/json": { schema: ref("Webhook") } } },
            ...pick(401, 404, 429, 503, "default"),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An agency key (hub_ag_…), made by an administrator at /admin/api-keys and shown once.",
        },
      },
      schemas: {
        ComplaintList: json(complaintList, "output"),
        ComplaintDetail: json(complaintDetail, "output"),
        ActionBody: { oneOf: actionBodies(), discriminator: { propertyName: "action" } },
        ActionResult: json(actionResult, "output"),
        AttachmentBody: json(attachmentBody, "input"),
        FileInput: json(fileInput, "input"),
        AttachmentResult: json(attachmentResult, "output"),
        Error: json(errorBody, "output"),
        WebhookInput: json(webhookInput, "input"),
        Webhook: json(webhookInfo, "output"),
        WebhookCreated: json(webhookCreated, "output"),
        WebhookList: json(webhookList, "output"),
      },
    },
  };
}
