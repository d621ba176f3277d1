import type { Context } from "hono";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { hasRole } from "../../auth/roles.ts";
import { explainDeadline } from "../../calendar/index.ts";
import { calendarFor } from "../../calendar/book.ts";
import { servicePolicy } from "../../complaints/transition.ts";
import { resolutionStart } from "../../sla/rules.ts";
import { parseCommand, type CommandAction } from "../../complaints/commands.ts";
import { available, extensionNeedsReason, type Action } from "../../complaints/lifecycle.ts";
import { personalDataLog, staffAttachment, staffComplaint, type StaffComplaintView } from "../../complaints/staff-view.ts";
import { act, agencyStaff } from "../../complaints/transition.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { refusalStatus, type RefusalStatus } from "../../refusals.ts";
import { messages } from "../../../views/i18n/index.ts";
import { StaffComplaintPage, type ActionForms, type Explained } from "../../../views/pages/agency/complaint.tsx";
import { langOf } from "../context.ts";
import { dateText } from "../dates.ts";
import { formOptions } from "../options.ts";
import { redirectTo, respond } from "../respond.tsx";
import { attachmentResponse, multipartFields, tooLarge, UPLOAD_LIMIT } from "../uploads.ts";
import { checkAttachments, OFFICER_FILE_ACTIONS } from "../../complaints/attachments.ts";
import { bodyLimit } from "hono/body-limit";
import { requireStaff } from "../staff/guard.ts";

type StaffAction = Extract<
  CommandAction,
  | "accept"
  | "reject"
  | "request_info"
  | "close"
  | "note"
  | "reassign"
  | "reclassify"
  | "transfer"
  | "acknowledge"
  | "answer_inquiry"
  | "answer_outlet"
>;

// Each form names its fields apart from the others on the same page (the ids must be
// unique); this maps the command's fields to the form's.
const FORM_FIELDS: Record<StaffAction, Record<string, string>> = {
  accept: { days: "days", reason: "extensionReason" },
  reject: { reason: "rejectReason", suggested: "suggested" },
  request_info: { message: "message" },
  close: { outcome: "outcome", resolution: "resolution" },
  note: { text: "note" },
  reassign: { to: "to" },
  reclassify: { complexity: "complexity", importance: "importance", actionType: "actionType", reason: "reclassifyReason" },
  transfer: { to: "transferTo", reason: "transferReason", override: "override" },
  acknowledge: { note: "ackNote" },
  answer_inquiry: { answer: "inquiryAnswer" },
  answer_outlet: { repliedOn: "outletRepliedOn", means: "outletMeans", text: "outletText" },
};
const STAFF_ACTIONS = Object.keys(FORM_FIELDS) as StaffAction[];

function commandInput(action: StaffAction, form: Record<string, string>) {
  return Object.fromEntries(Object.entries(FORM_FIELDS[action]).map(([key, field]) => [key, form[field]]));
}

/** The deadlines with the day-by-day working that produced them. */
function explanations(c: Context<AppEnv>, v: StaffComplaintView): { jurisdiction: Explained | null; resolution: Explained | null } {
  // On the calendar of the agency holding it, and from where the service's clock starts.
  const cal = calendarFor(c.var.deps, v.agencyCode);
  const lastEvent = (types: string[]) => [...v.timeline].reverse().find((e) => types.includes(e.type));
  const routedAt = lastEvent(["submitted", "routed_by_triage"])?.at;
  const started = lastEvent(["accepted", "reopened", "pushed_back"]);
  const data = (started as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const from = typeof data.dueFrom === "string" ? new Date(data.dueFrom) : started?.at;
  const clockStart =
    started?.type === "accepted" && (data.clockStart === "receipt" || data.clockStart === "acceptance") ? data.clockStart : undefined;
  return {
    jurisdiction:
      v.status === "routed" && routedAt && v.jurisdictionDays !== null ? explainDeadline(cal, routedAt, v.jurisdictionDays) : null,
    resolution:
      from && v.resolutionDays ? { ...explainDeadline(cal, from, v.resolutionDays), ...(clockStart ? { clockStart } : {}) } : null,
  };
}

async function page(c: Context<AppEnv>, reference: string, forms: ActionForms, status: 200 | RefusalStatus = 200, notice?: string) {
  const lang = langOf(c);
  const t = messages(lang);
  const actor = c.var.staff!;
  const now = c.var.deps.clock.now();
  const v = await staffComplaint(c.var.deps.db, actor, reference, now);
  if (!v) return c.notFound();
  const allowed = available(
    {
      status: v.status,
      agencyCode: v.agencyCode,
      citizenId: v.citizenId,
      outcome: v.outcome,
      reopenUntil: v.reopenUntil,
      infoDueAt: v.infoDueAt,
      moves: v.rejectionCount + v.transferCount,
      kind: v.kind,
      channel: v.channel,
      outletAnswered: v.outletReply !== null,
    },
    { kind: "staff", staff: actor },
    now,
  ).filter((a): a is StaffAction => (STAFF_ACTIONS as Action[]).includes(a));
  const supervisor = v.agencyCode !== null && hasRole(actor, "agency_supervisor", v.agencyCode);
  const [options, colleagues, viewLog] = await Promise.all([
    allowed.includes("reject") || allowed.includes("transfer") ? formOptions(c) : Promise.resolve({ services: [] }),
    allowed.includes("reassign") && v.agencyCode ? agencyStaff(c.var.deps.db, v.agencyCode) : Promise.resolve([]),
    supervisor ? personalDataLog(c.var.deps.db, v.id) : Promise.resolve(undefined),
  ]);
  return respond(
    c,
    t.agency.complaintTitle(v.reference),
    <StaffComplaintPage
      t={t}
      lang={lang}
      c={v}
      dates={dateText(c.var.deps.calendar, lang)}
      allowed={allowed}
      services={options.services}
      colleagues={colleagues}
      explain={explanations(c, v)}
      forms={forms}
      notice={notice}
      viewLog={viewLog}
    />,
    status,
  );
}

export function staffComplaintRoutes() {
  const app = createRouter();
  app.use("/staff/complaints/*", requireStaff);

  app.get("/staff/complaints/:reference", async (c) => {
    const t = messages(langOf(c));
    const done = c.req.query("done");
    const notice = done && Object.hasOwn(t.agency.done, done) ? t.agency.done[done as keyof typeof t.agency.done] : undefined;
    return page(c, c.req.param("reference").toUpperCase(), {}, 200, notice);
  });

  app.get("/staff/complaints/:reference/attachments/:id{[0-9a-f-]{36}}", async (c) => {
    const file = await staffAttachment(c.var.deps.db, c.var.staff!, c.req.param("reference").toUpperCase(), c.req.param("id"));
    if (!file) return c.notFound();
    return attachmentResponse(c, file);
  });

  app.post(
    `/staff/complaints/:reference/:action{${STAFF_ACTIONS.join("|")}}`,
    bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLarge(c) }),
    async (c) => {
      const lang = langOf(c);
      const t = messages(lang);
      const reference = c.req.param("reference").toUpperCase();
      const action = c.req.param("action") as StaffAction;
      // Multipart or urlencoded alike: the close form carries files (it once dropped them).
      const { form, files } = await multipartFields(c);
      const values = form;
      const toForm = (fields: Record<string, string>) =>
        Object.fromEntries(Object.entries(fields).map(([k, code]) => [FORM_FIELDS[action][k] ?? "_form", errorText(t, code)]));

      const parsed = parseCommand(action, commandInput(action, form));
      if (!parsed.ok) return page(c, reference, { action, errors: toForm(parsed.fields), values }, 422);

      // Accepting shows the computed due date first; the officer confirms it.
      if (parsed.command.action === "accept" && form.step !== "confirm") {
        const now = c.var.deps.clock.now();
        const v = await staffComplaint(c.var.deps.db, c.var.staff!, reference, now);
        if (!v) return c.notFound();
        const { days, reason } = parsed.command;
        // The service's own window (or the hub's default), as the accept use case reads it.
        const policy = await servicePolicy(c.var.deps.db, v);
        if (extensionNeedsReason(days, policy.sla) && !reason) {
          return page(c, reference, { action, errors: toForm({ reason: "extension_reason_required" }), values }, 422);
        }
        const from = resolutionStart(policy.clockStart, v.createdAt, now);
        return page(c, reference, {
          action,
          preview: {
            days,
            reason,
            explained: { ...explainDeadline(calendarFor(c.var.deps, v.agencyCode), from, days), clockStart: policy.clockStart },
          },
          values,
        });
      }

      // Same checks as the citizen's files: by content, at most 5 of 10 MB each.
      const checked = OFFICER_FILE_ACTIONS.includes(action)
        ? checkAttachments(files)
        : files.length > 0
          ? { ok: false as const, code: "attachments_not_here" }
          : { ok: true as const, files: [] };
      if (!checked.ok) return page(c, reference, { action, errors: { attachments: errorText(t, checked.code) }, values }, 422);

      const version = Number(form.version);
      const r = await act(
        c.var.deps,
        { kind: "staff", staff: c.var.staff! },
        reference,
        Number.isInteger(version) ? version : -1,
        parsed.command,
        checked.files,
      );
      if (r.ok) return redirectTo(c, `/staff/complaints/${r.reference}?done=${action}`);
      switch (r.error) {
        case "not_found":
        case "forbidden":
          return c.notFound();
        case "invalid":
          return page(c, reference, { action, errors: toForm(r.fields), values }, 422);
        default:
          // Shown above the actions (the refused form may no longer be offered at all):
          // 422 for a step refused whatever the state (move_cap, not_for_kind), 409 when a
          // colleague or a job got there first (server/refusals.ts).
          return page(c, reference, { alert: errorText(t, r.error) }, refusalStatus(r.error));
      }
    },
  );
  return app;
}
