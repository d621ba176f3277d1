import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { ServiceSelect, type ServiceGroup } from "../citizen/complaints.tsx";
import type { StaffComplaintView } from "../../../server/complaints/staff-view.ts";
import type { Action } from "../../../server/complaints/lifecycle.ts";
import { OUTLET_REPLY_MEANS, STAFF_OUTCOMES } from "../../../server/complaints/lifecycle.ts";
import { MediaItemBlock } from "../staff/media.tsx";
import type { DateText } from "../../../server/web/dates.ts";

/** A deadline worked out day by day, so anyone can check it (seeds 000/001). */
export interface Explained {
  /** The calendar it was counted on (issue 17: each agency's own). */
  calendar?: { key: string; country: string; timeZone: string };
  /** Where a resolution window counts from, per the service's policy. */
  clockStart?: "receipt" | "acceptance";
  due: Date;
  workingDays: string[];
  skipped: { date: string; reason: "weekend" | "holiday"; holidayName?: { ar?: string; en?: string } }[];
}

export interface ActionForms {
  /** Which form an error belongs to, its field errors and its form-level message. */
  action?: Action | undefined;
  errors?: Record<string, string>;
  alert?: string | undefined;
  values?: Record<string, string>;
  /** The accept form's confirmation step: the due date to confirm. */
  preview?: { days: number; reason?: string | undefined; explained: Explained } | undefined;
}

export interface StaffComplaintProps {
  t: Messages;
  lang: Lang;
  c: StaffComplaintView;
  dates: DateText;
  allowed: Action[];
  services: ServiceGroup[];
  colleagues: { id: string; fullName: string }[];
  explain: { jurisdiction: Explained | null; resolution: Explained | null };
  forms: ActionForms;
  notice?: string | undefined;
  viewLog?: { at: Date; fields: string[]; fullName: string }[] | undefined;
}

function Explanation(props: { t: Messages; lang: Lang; e: Explained; dates: DateText }) {
  const m = props.t.agency;
  return (
    <details>
      <summary>{m.howCounted}</summary>
      <p class="muted">{m.countedRule}</p>
      {props.e.calendar && (
        <p data-testid="calendar-used">{props.t.calendarName(props.e.calendar.key, props.e.calendar.country, props.e.calendar.timeZone)}</p>
      )}
      {props.e.clockStart && <p data-testid="clock-start">{props.t.clockStart[props.e.clockStart]}</p>}
      <p>
        {m.counted}: {props.e.workingDays.map((d) => props.dates.date(d)).join("، ")}
      </p>
      {props.e.skipped.length > 0 && (
        <p>
          {m.skipped}:{" "}
          {props.e.skipped
            .map(
              (s) =>
                `${props.dates.date(s.date)} (${s.reason === "holiday" ? ((props.lang === "ar" ? s.holidayName?.ar : s.holidayName?.en) ?? m.holiday) : m.weekend})`,
            )
            .join("، ")}
        </p>
      )}
    </details>
  );
}

function Deadlines(props: StaffComplaintProps) {
  const { t, c, dates } = props;
  const m = t.agency;
  return (
    <section aria-labelledby="deadlines-h">
      <h2 id="deadlines-h">{m.deadlines}</h2>
      <dl class="summary">
        {c.status === "routed" && c.jurisdictionDueAt && (
          <>
            <dt>{m.jurisdictionDue}</dt>
            <dd data-testid="jurisdiction-due">
              {m.endOf(dates.deadline(c.jurisdictionDueAt))}
              {props.explain.jurisdiction && <Explanation t={t} lang={props.lang} e={props.explain.jurisdiction} dates={dates} />}
            </dd>
          </>
        )}
        {c.dueAt && c.status !== "closed" && c.status !== "withdrawn" && (
          <>
            <dt>{m.resolutionDue}</dt>
            <dd data-testid="resolution-due">
              {m.endOf(dates.deadline(c.dueAt))} — {m.windowText(c.resolutionDays ?? 0, c.slaDays)}
              {c.pausedDays > 0 && <div>{m.pausedText(c.pausedDays)}</div>}
              {c.status === "awaiting_citizen" && <div>{m.pausedNow}</div>}
              {c.extensionReason && (
                <div>
                  {m.extensionReason}: {c.extensionReason}
                </div>
              )}
              {props.explain.resolution && <Explanation t={t} lang={props.lang} e={props.explain.resolution} dates={dates} />}
            </dd>
          </>
        )}
        {c.status === "awaiting_citizen" && c.infoDueAt && (
          <>
            <dt>{m.infoDue}</dt>
            <dd data-testid="info-due">{m.endOf(dates.deadline(c.infoDueAt))}</dd>
          </>
        )}
        {c.status === "closed" && c.reopenUntil && (
          <>
            <dt>{m.reopenUntil}</dt>
            <dd>{m.endOf(dates.deadline(c.reopenUntil))}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

const PERSONAL_FIELDS = ["name", "nationalId", "mobile", "email", "address"] as const;

function Complainant(props: StaffComplaintProps) {
  const { t, c } = props;
  const m = t.agency;
  return (
    <section aria-labelledby="complainant-h">
      <h2 id="complainant-h">{m.complainant}</h2>
      {!c.identityVerified && <p class="alert">{m.notVerified}</p>}
      {c.person ? (
        <>
          <dl class="summary" data-testid="personal-data">
            {PERSONAL_FIELDS.filter((f) => c.person![f]).map((f) => (
              <>
                <dt>{m[f]}</dt>
                {/* Numbers and addresses in Latin script read left to right even in Arabic pages. */}
                <dd dir={f === "name" || f === "address" ? undefined : "ltr"}>{c.person![f]}</dd>
              </>
            ))}
          </dl>
          <p class="muted">{m.viewLogged}</p>
        </>
      ) : (
        <>
          {c.firstName && (
            <p>
              {m.firstName}: {c.firstName}
            </p>
          )}
          <p class="muted" data-testid="personal-hidden">
            {m.hiddenUntilAccepted}
          </p>
        </>
      )}
    </section>
  );
}

function ActionForm(props: {
  p: StaffComplaintProps;
  action: Action;
  title: string;
  submit: string;
  children: unknown;
  extra?: Record<string, string>;
  files?: boolean;
}) {
  const { p, action } = props;
  const mine = p.forms.action === action;
  const m = p.t.agency;
  return (
    <form
      novalidate
      class="form"
      id={`act-${action}`}
      method="post"
      action={`/staff/complaints/${p.c.reference}/${action}`}
      hx-post={`/staff/complaints/${p.c.reference}/${action}`}
      hx-target="#complaint"
      hx-swap="outerHTML"
      {...(props.files ? { enctype: "multipart/form-data", "hx-encoding": "multipart/form-data" } : {})}
    >
      <h3>{props.title}</h3>
      {mine && <ErrorSummary t={p.t} errors={p.forms.errors} alert={p.forms.alert} />}
      <input type="hidden" name="version" value={String(p.c.version)} />
      {Object.entries(props.extra ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      {props.children as never}
      {props.files && (
        <Field
          name={`${action}-attachments`}
          label={m.attachFiles}
          hint={m.attachHint}
          error={mine ? p.forms.errors?.attachments : undefined}
        >
          <input
            id={`f-${action}-attachments`}
            type="file"
            name="attachments"
            multiple
            accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            aria-describedby={`f-${action}-attachments-hint`}
          />
        </Field>
      )}
      <button class="button" type="submit">
        {props.submit}
      </button>
    </form>
  );
}

function Actions(props: StaffComplaintProps) {
  const { t, c, forms } = props;
  const m = t.agency;
  const err = (action: Action, f: string) => (forms.action === action ? forms.errors?.[f] : undefined);
  const val = (action: Action, f: string, fallback = "") => (forms.action === action ? (forms.values?.[f] ?? fallback) : fallback);
  const can = (a: Action) => props.allowed.includes(a);
  return (
    <section aria-labelledby="actions-h" class="actions">
      <h2 id="actions-h">{m.actions}</h2>
      {forms.action === undefined && <ErrorSummary t={t} alert={forms.alert} />}
      {can("answer_inquiry") && (
        <ActionForm p={props} action="answer_inquiry" title={m.inquiryTitle} submit={m.inquirySubmit} files>
          <Field
            name="inquiryAnswer"
            label={m.inquiryAnswer}
            hint={m.inquiryHint}
            error={err("answer_inquiry", "inquiryAnswer")}
            rows={4}
            required
            value={val("answer_inquiry", "inquiryAnswer")}
          />
        </ActionForm>
      )}
      {can("acknowledge") && (
        <ActionForm p={props} action="acknowledge" title={m.ackTitle} submit={m.ackSubmit}>
          <p class="muted">{m.ackHint}</p>
          <Field name="ackNote" label={m.ackNote} error={err("acknowledge", "ackNote")} rows={2} value={val("acknowledge", "ackNote")} />
        </ActionForm>
      )}
      {can("accept") &&
        (forms.preview ? (
          <ActionForm
            p={props}
            action="accept"
            title={m.acceptTitle}
            submit={m.confirmAccept}
            extra={{ step: "confirm", days: String(forms.preview.days), extensionReason: forms.preview.reason ?? "" }}
          >
            <p role="status" data-testid="accept-preview">
              {m.previewText(forms.preview.days, props.dates.deadline(forms.preview.explained.due))}
            </p>
            <Explanation t={t} lang={props.lang} e={forms.preview.explained} dates={props.dates} />
            <p>
              <a href={`/staff/complaints/${c.reference}`}>{m.changeDays}</a>
            </p>
          </ActionForm>
        ) : (
          <ActionForm p={props} action="accept" title={m.acceptTitle} submit={m.preview} extra={{ step: "preview" }}>
            <Field
              name="days"
              label={m.days}
              type="number"
              inputmode="numeric"
              value={val("accept", "days", String(c.slaDays ?? 10))}
              error={err("accept", "days")}
              hint={m.daysHint(c.slaDays ?? 10)}
              required
            />
            <Field
              name="extensionReason"
              label={m.reason}
              value={val("accept", "extensionReason")}
              error={err("accept", "extensionReason")}
            />
          </ActionForm>
        ))}
      {can("reject") && (
        <ActionForm p={props} action="reject" title={m.rejectTitle} submit={m.rejectSubmit}>
          <Field
            name="rejectReason"
            label={m.rejectReason}
            error={err("reject", "rejectReason")}
            rows={3}
            required
            value={val("reject", "rejectReason")}
          />
          <Field name="suggested" label={m.suggest} error={err("reject", "suggested")}>
            <ServiceSelect
              id="f-suggested"
              name="suggested"
              services={props.services}
              selected={val("reject", "suggested")}
              emptyLabel={m.suggestNone}
            />
          </Field>
        </ActionForm>
      )}
      {can("request_info") && (
        <ActionForm p={props} action="request_info" title={m.requestTitle} submit={m.requestSubmit} files>
          <Field
            name="message"
            label={m.requestMessage}
            hint={m.requestHint}
            error={err("request_info", "message")}
            rows={3}
            required
            value={val("request_info", "message")}
          />
        </ActionForm>
      )}
      {can("close") && (
        <ActionForm p={props} action="close" title={m.closeTitle} submit={m.closeSubmit} files>
          <Field name="outcome" label={m.outcome} error={err("close", "outcome")}>
            <select
              id="f-outcome"
              name="outcome"
              required
              aria-invalid={err("close", "outcome") ? "true" : undefined}
              aria-describedby={err("close", "outcome") ? "f-outcome-error" : undefined}
            >
              <option value="">—</option>
              {STAFF_OUTCOMES.map((o) => (
                <option value={o} selected={val("close", "outcome") === o}>
                  {m.outcomes[o]}
                </option>
              ))}
            </select>
          </Field>
          <Field
            name="resolution"
            label={m.resolution}
            error={err("close", "resolution")}
            rows={4}
            required
            value={val("close", "resolution")}
          />
        </ActionForm>
      )}
      {can("reassign") && props.colleagues.length > 0 && (
        <ActionForm p={props} action="reassign" title={m.reassignTitle} submit={m.reassignSubmit}>
          <Field name="to" label={m.assigned} error={err("reassign", "to")}>
            <select id="f-to" name="to">
              {props.colleagues.map((s) => (
                <option value={s.id} selected={s.id === c.assignedTo}>
                  {s.fullName}
                </option>
              ))}
            </select>
          </Field>
        </ActionForm>
      )}
      {can("reclassify") && (
        <ActionForm p={props} action="reclassify" title={m.reclassifyTitle} submit={m.reclassifySubmit}>
          {(
            [
              ["complexity", ["routine", "complex", "critical"]],
              ["importance", ["high", "medium", "low"]],
              ["actionType", ["first_contact", "process", "third_party"]],
            ] as const
          ).map(([field, options]) => (
            <Field name={field} label={m.classifyLabels[field]} error={err("reclassify", field)}>
              <select id={`f-${field}`} name={field}>
                {options.map((o) => (
                  <option value={o} selected={val("reclassify", field, c.classification[field]) === o}>
                    {t.staff.levels[o as keyof typeof t.staff.levels] ?? o}
                  </option>
                ))}
              </select>
            </Field>
          ))}
          <Field
            name="reclassifyReason"
            label={m.reclassifyReason}
            error={err("reclassify", "reclassifyReason")}
            value={val("reclassify", "reclassifyReason")}
          />
        </ActionForm>
      )}
      {can("transfer") && (
        <ActionForm p={props} action="transfer" title={m.transferTitle} submit={m.transferSubmit}>
          {c.rejectionCount + c.transferCount >= 3 && (
            <p class="alert" data-testid="move-cap">
              {m.moveCapText}
            </p>
          )}
          <Field name="transferTo" label={m.transferTo} error={err("transfer", "transferTo")}>
            <ServiceSelect
              id="f-transferTo"
              name="transferTo"
              services={props.services}
              selected={val("transfer", "transferTo")}
              emptyLabel="—"
            />
          </Field>
          <Field
            name="transferReason"
            label={m.transferReason}
            error={err("transfer", "transferReason")}
            rows={2}
            required
            value={val("transfer", "transferReason")}
          />
          {c.rejectionCount + c.transferCount >= 3 && (
            <p>
              <label>
                <input type="checkbox" name="override" value="1" /> {m.overrideLabel}
              </label>
            </p>
          )}
        </ActionForm>
      )}
      {can("answer_outlet") && (
        <ActionForm p={props} action="answer_outlet" title={t.media.formTitle} submit={t.media.submit}>
          <p class="muted">{t.media.formHint}</p>
          <Field
            name="outletRepliedOn"
            label={t.media.repliedOn}
            hint={t.media.repliedOnHint}
            type="date"
            dir="ltr"
            error={err("answer_outlet", "outletRepliedOn")}
            required
            value={val("answer_outlet", "outletRepliedOn")}
          />
          <Field name="outletMeans" label={t.media.means} error={err("answer_outlet", "outletMeans")}>
            <select
              id="f-outletMeans"
              name="outletMeans"
              required
              aria-invalid={err("answer_outlet", "outletMeans") ? "true" : undefined}
              aria-describedby={err("answer_outlet", "outletMeans") ? "f-outletMeans-error" : undefined}
            >
              <option value="">—</option>
              {OUTLET_REPLY_MEANS.map((o) => (
                <option value={o} selected={val("answer_outlet", "outletMeans") === o}>
                  {t.media.meansNames[o]}
                </option>
              ))}
            </select>
          </Field>
          <Field
            name="outletText"
            label={t.media.text}
            hint={t.media.textHint}
            error={err("answer_outlet", "outletText")}
            rows={3}
            required
            value={val("answer_outlet", "outletText")}
          />
        </ActionForm>
      )}
      {can("note") && (
        <ActionForm p={props} action="note" title={m.noteTitle} submit={m.noteSubmit} files>
          <Field
            name="note"
            label={m.noteTitle}
            hint={m.noteHint}
            error={err("note", "note")}
            rows={2}
            required
            value={val("note", "note")}
          />
        </ActionForm>
      )}
    </section>
  );
}

function eventDetail(t: Messages, e: StaffComplaintView["timeline"][number], dates: DateText): string {
  const m = t.agency;
  const d = e.data;
  const s = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : "");
  switch (e.type) {
    case "accepted":
      return `${m.windowText(Number(d.days), Number(d.slaDays))}${s("reason") ? ` — ${s("reason")}` : ""}`;
    case "rejected":
      return `${s("agencyCode")}: ${s("reason")}`;
    case "info_requested":
      return s("message");
    case "answered":
      return s("text");
    case "closed":
      return `${m.outcomes[s("outcome") as keyof typeof m.outcomes] ?? s("outcome")}${s("resolution") ? ` — ${s("resolution")}` : ""}`;
    case "reopened":
    case "pushed_back": {
      const why = s(e.type === "reopened" ? "reason" : "note");
      return s("assignedName") ? `${why} — ${m.secondLook(s("assignedName"))}` : why;
    }
    case "withdrawn":
      return s("reason");
    case "note":
      return s("text");
    case "reassigned":
      return s("toName");
    case "transferred": {
      const o = d.override as { name?: string } | null | undefined;
      const w = d.infoRequestWithdrawn ? ` — ${m.infoWithdrawn}` : "";
      return `${s("fromAgency")} → ${s("agencyCode")}: ${s("reason")}${o ? ` — ${m.overrideBy(o.name ?? "")}` : ""}${w}`;
    }
    case "outlet_answered": {
      const means = t.media.meansNames[s("means") as keyof typeof t.media.meansNames] ?? s("means");
      return `${s("outlet")} — ${s("repliedOn") ? dates.date(s("repliedOn")) : ""} — ${means}: ${s("text")}`;
    }
    case "reclassified": {
      const a = (d.after ?? {}) as Record<string, string>;
      const lv = (k: string) => t.staff.levels[k as keyof typeof t.staff.levels] ?? k;
      return `${[a.complexity, a.importance, a.actionType].map((k) => lv(k ?? "")).join(" · ")}${s("reason") ? ` — ${s("reason")}` : ""}`;
    }
    default:
      return s("dueAt") ? dates.at(new Date(s("dueAt"))) : "";
  }
}

export function StaffComplaintPage(props: StaffComplaintProps) {
  const { t, c, lang, dates } = props;
  const m = t.agency;
  const name = (x: { ar: string; en: string } | null) => (x ? (lang === "ar" ? x.ar : x.en) : "—");
  return (
    <section id="complaint" class="complaint">
      <h1>
        {m.complaintTitle(c.reference)}{" "}
        <span class="badge" data-testid="status">
          {t.complaints.status[c.status]}
        </span>
        {c.reopenCount > 0 && <span class="badge warn">{m.reopenedBadge(c.reopenCount)}</span>}
        {c.flagged ? (
          <span class="badge warn">{m.flaggedBadge}</span>
        ) : (
          c.rejectionCount > 0 && <span class="badge">{m.rejectedBadge(c.rejectionCount)}</span>
        )}
      </h1>
      <FormNotice message={props.notice} />
      <div class="columns">
        <div>
          <section aria-labelledby="details-h">
            <h2 id="details-h">{m.details}</h2>
            {c.title && <h3>{c.title}</h3>}
            <p class="pre" data-testid="complaint-text">
              {c.text}
            </p>
            <dl class="summary">
              <dt>{m.kind}</dt>
              <dd>{t.kinds[c.kind as keyof typeof t.kinds]}</dd>
              {c.praisedStaff && (
                <>
                  <dt>{m.praisedStaff}</dt>
                  <dd data-testid="praised-staff">{c.praisedStaff}</dd>
                </>
              )}
              {c.staffConcerned && (
                <>
                  <dt>{m.staffConcerned}</dt>
                  <dd data-testid="staff-concerned">{c.staffConcerned}</dd>
                </>
              )}
              <dt>{m.agency}</dt>
              <dd>{name(c.agency)}</dd>
              <dt>{m.serviceLabel}</dt>
              <dd>{name(c.service)}</dd>
              <dt>{m.location}</dt>
              <dd>
                {lang === "ar" ? c.cityName.ar : c.cityName.en}
                {c.district ? ` — ${c.district}` : ""}
                {c.lat !== null && c.lng !== null && (
                  <span dir="ltr">
                    {" "}
                    ({c.lat.toFixed(5)}, {c.lng.toFixed(5)})
                  </span>
                )}
              </dd>
              <dt>{m.channel}</dt>
              <dd>
                {c.channel === "portal"
                  ? m.portal
                  : c.channel === "app"
                    ? m.appChannel
                    : (t.staff.channels[c.channel as keyof typeof t.staff.channels] ?? c.channel)}
              </dd>
              <dt>{m.filed}</dt>
              <dd>{dates.at(c.createdAt)}</dd>
              <dt>{m.classification}</dt>
              <dd>
                {[c.classification.complexity, c.classification.importance, c.classification.actionType]
                  .map((k) => t.staff.levels[k as keyof typeof t.staff.levels] ?? k)
                  .join(" · ")}
              </dd>
            </dl>
            {c.attachments.length > 0 && (
              <>
                <h3>{m.attachments}</h3>
                <ul>
                  {c.attachments.map((a) => (
                    <li>
                      <a href={`/staff/complaints/${c.reference}/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          {c.media && <MediaItemBlock t={t} media={c.media} dates={dates} reply={{ status: c.status, answer: c.outletReply }} />}
          <Complainant {...props} />
          <Deadlines {...props} />
          {c.status === "closed" && c.resolution && (
            <section>
              <h2>{m.closeTitle}</h2>
              <p>
                {m.outcome}: {m.outcomes[c.outcome as keyof typeof m.outcomes] ?? c.outcome}
              </p>
              <p class="pre">{c.resolution}</p>
            </section>
          )}
        </div>
        <div>
          {props.allowed.length > 0 && <Actions {...props} />}
          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{m.timeline}</h2>
            <ol class="timeline" data-testid="timeline">
              {c.timeline.map((e) => (
                <li data-event={e.type}>
                  <strong>{m.events[e.type as keyof typeof m.events] ?? e.type}</strong>
                  {!e.visibleToCitizen && <span class="badge">{m.internal}</span>} —{" "}
                  <time datetime={e.at.toISOString()}>{dates.at(e.at)}</time> —{" "}
                  {e.actorKind === "citizen" ? m.byCitizen : e.actorKind === "system" ? m.bySystem : (e.actorName ?? "")}
                  {eventDetail(t, e, dates) && <div class="pre">{eventDetail(t, e, dates)}</div>}
                </li>
              ))}
            </ol>
          </section>
          {props.viewLog && props.viewLog.length > 0 && (
            <section>
              <h2>{m.viewLog}</h2>
              <ul>
                {props.viewLog.map((v) => (
                  <li>
                    {v.fullName} — {dates.at(v.at)} — {v.fields.map((f) => m.fields[f as keyof typeof m.fields] ?? f).join("، ")}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </section>
  );
}
