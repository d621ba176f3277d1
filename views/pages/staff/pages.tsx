import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { ScrollRegion } from "../../components/table.tsx";
import { HxForm } from "../citizen/forms.tsx";
import { ROLES, type RoleGrant } from "../../../server/auth/roles.ts";

export interface AgencyOption {
  code: string;
  name: string;
}

export function StaffSigninForm(props: { t: Messages; email?: string; alert?: string | undefined; next: string }) {
  const m = props.t.staff;
  return (
    <HxForm id="staff-signin" action={`/staff/signin?next=${encodeURIComponent(props.next)}`}>
      <h1>{m.signinTitle}</h1>
      <ErrorSummary t={props.t} alert={props.alert} alertLink="f-email" />
      <Field name="email" label={m.email} type="email" value={props.email} autocomplete="username" dir="ltr" required />
      <Field name="password" label={m.password} type="password" autocomplete="current-password" required />
      <Field name="totp" label={m.totp} hint={m.totpHint} inputmode="numeric" autocomplete="one-time-code" dir="ltr" />
      <button class="button" type="submit">
        {m.signinSubmit}
      </button>
    </HxForm>
  );
}

export function SetPasswordForm(props: {
  t: Messages;
  token: string;
  email: string;
  errors: Record<string, string>;
  alert?: string | undefined;
}) {
  const m = props.t.staff;
  return (
    <HxForm id="set-password" action={`/staff/set-password/${props.token}`}>
      <h1>{m.setPasswordTitle}</h1>
      <p>{m.setPasswordIntro(props.email)}</p>
      <ErrorSummary
        t={props.t}
        errors={props.errors}
        alert={props.alert}
        labels={{ password: m.password, passwordConfirm: m.passwordConfirm, totp: m.totp }}
      />
      <Field name="password" label={m.password} type="password" error={props.errors.password} autocomplete="new-password" required />
      <Field
        name="passwordConfirm"
        label={m.passwordConfirm}
        type="password"
        error={props.errors.passwordConfirm}
        autocomplete="new-password"
        required
      />
      <button class="button" type="submit">
        {m.setPasswordSubmit}
      </button>
    </HxForm>
  );
}

export function PasswordSetPage(props: { t: Messages; totpKey?: string; totpUri?: string }) {
  const m = props.t.staff;
  return (
    <section class="message" id="set-password">
      <FormNotice message={m.passwordSet} />
      {props.totpKey && (
        <>
          <h2>{m.totpSetupTitle}</h2>
          <p>{m.totpSetupIntro}</p>
          <p>
            {m.totpKey}:{" "}
            <strong class="code" dir="ltr" data-testid="totp-key">
              {props.totpKey}
            </strong>
          </p>
          <p>
            {m.totpUri}:{" "}
            <span class="code" dir="ltr">
              {props.totpUri}
            </span>
          </p>
        </>
      )}
      <p>
        <a class="button" href="/staff/signin">
          {m.goToSignin}
        </a>
      </p>
    </section>
  );
}

export function RoleList(props: { t: Messages; roles: RoleGrant[]; agencyName: (code: string) => string }) {
  const m = props.t.staff;
  return (
    <ul class="roles">
      {props.roles.map((g) => (
        <li>
          {m.roles[g.role]}
          {g.agencyCode ? ` — ${props.agencyName(g.agencyCode)}` : ""}
        </li>
      ))}
    </ul>
  );
}

export function StaffHome(props: {
  t: Messages;
  fullName: string;
  roles: RoleGrant[];
  agencyName: (code: string) => string;
  isAdmin: boolean;
}) {
  const m = props.t.staff;
  return (
    <section>
      <h1>{m.portalTitle}</h1>
      <p data-testid="staff-name">{props.fullName}</p>
      <h2>{m.yourRoles}</h2>
      <RoleList t={props.t} roles={props.roles} agencyName={props.agencyName} />
      {props.roles.some((g) => g.role === "liaison" || g.role === "agency_supervisor") && (
        <p>
          <a href="/agency" data-testid="inbox-link">
            {props.t.agency.inboxLink}
          </a>
          {props.roles.some((g) => g.role === "liaison") && (
            <>
              {" · "}
              <a href="/staff/notifications" data-testid="prefs-link">
                {props.t.agency.prefsTitle}
              </a>
            </>
          )}
        </p>
      )}
      {props.roles.some((g) => g.role === "reviewer") && (
        <p>
          <a href="/review">{props.t.reports.reviewLink}</a>
        </p>
      )}
      {props.roles.some((g) => g.role === "liaison" || g.role === "agency_supervisor") && (
        <p>
          <a href="/agency/followups">{props.t.reports.followupsTitle}</a>
        </p>
      )}
      {props.roles.some((g) => g.role === "triage" || g.role === "reviewer" || g.role === "analyst") && (
        <p>
          <a href="/national/sla">{props.t.agency.slaLink}</a> · <a href="/national/kpi">{props.t.kpi.link}</a> ·{" "}
          <a href="/national/kpi/trend">{props.t.kpi.trendLink}</a> · <a href="/national/reports">{props.t.kpi.quarterly}</a> ·{" "}
          <a href="/national/reports/recurring">{props.t.kpi.recurringLink}</a> · <a href="/national/voice">{props.t.voice.link}</a> ·{" "}
          <a href="/national/media" data-testid="media-list-link">
            {props.t.media.listLink}
          </a>
        </p>
      )}
      {props.roles.some((g) => g.role === "agency_supervisor") && (
        <p>
          <a href="/agency/workload">{props.t.agency.workloadLink}</a> · <a href="/agency/kpi">{props.t.kpi.title}</a>
        </p>
      )}
      {props.roles.some((g) => g.role === "triage") && (
        <p>
          <a href="/triage">{m.triageLink}</a>
        </p>
      )}
      {props.isAdmin && (
        <p>
          <a href="/admin/staff">{m.adminLink}</a> · <a href="/admin/outbox">{props.t.outboxAdmin.link}</a> ·{" "}
          <a href="/admin/webhooks">{props.t.webhooksAdmin.link}</a>
          <a href="/admin/api-keys">{props.t.apiKeys.link}</a>
        </p>
      )}
      <form novalidate method="post" action="/staff/signout">
        <button class="button secondary" type="submit">
          {m.signOut}
        </button>
      </form>
    </section>
  );
}

/** `label` names a select that has no visible label of its own (one per row of the staff list). */
function RoleSelect(props: { t: Messages; name: string; id?: string; label?: string }) {
  return (
    <select name={props.name} id={props.id ?? `f-${props.name}`} aria-label={props.label}>
      <option value="">—</option>
      {ROLES.map((r) => (
        <option value={r}>{props.t.staff.roles[r]}</option>
      ))}
    </select>
  );
}

function AgencySelect(props: { t: Messages; name: string; agencies: AgencyOption[]; id?: string; label?: string }) {
  return (
    <select name={props.name} id={props.id ?? `f-${props.name}`} aria-label={props.label}>
      <option value="">{props.t.staff.noAgency}</option>
      {props.agencies.map((a) => (
        <option value={a.code}>{a.name}</option>
      ))}
    </select>
  );
}

export interface StaffRowData {
  id: string;
  email: string;
  fullName: string;
  active: boolean;
  hasTotp: boolean;
  roles: RoleGrant[];
}

/** One row of the admin list; htmx actions swap just this row. */
export function StaffRow(props: {
  t: Messages;
  s: StaffRowData;
  agencies: AgencyOption[];
  notice?: string | undefined;
  link?: string | undefined;
  alert?: string | undefined;
}) {
  const { t, s } = props;
  const m = t.staff;
  const name = (code: string) => props.agencies.find((a) => a.code === code)?.name ?? code;
  const rowId = `staff-${s.id}`;
  const action = (path: string, label: string, cls = "button secondary") => (
    <form novalidate method="post" action={path} hx-post={path} hx-target={`#${rowId}`} hx-swap="outerHTML" class="inline">
      <button class={cls} type="submit">
        {label}
      </button>
    </form>
  );
  return (
    <tr id={rowId} data-email={s.email}>
      <td>
        <span class="code" dir="ltr">
          {s.email}
        </span>
        <br />
        {s.fullName}
        {props.link && (
          <div class="alert alert-ok" role="status">
            {m.newLinkFor(s.email)}{" "}
            <span class="code" dir="ltr" data-testid="invite-link">
              {props.link}
            </span>
          </div>
        )}
        <FormNotice message={props.notice} />
        <ErrorSummary t={t} id={`${rowId}-errors`} alert={props.alert} />
      </td>
      <td>
        <form
          novalidate
          method="post"
          action={`/admin/staff/${s.id}/roles`}
          hx-post={`/admin/staff/${s.id}/roles`}
          hx-target={`#${rowId}`}
          hx-swap="outerHTML"
        >
          {s.roles.map((g) => (
            <label class="block">
              <input type="checkbox" name="keep" value={`${g.role}:${g.agencyCode ?? ""}`} checked /> {m.roles[g.role]}
              {g.agencyCode ? ` — ${name(g.agencyCode)}` : ""}
            </label>
          ))}
          <div class="row">
            <RoleSelect t={t} name="addRole" id={`${rowId}-role`} label={`${m.role} — ${s.email}`} />
            <AgencySelect t={t} name="addAgency" id={`${rowId}-agency`} label={`${m.agency} — ${s.email}`} agencies={props.agencies} />
          </div>
          <button class="button secondary" type="submit">
            {m.saveRoles}
          </button>
        </form>
      </td>
      <td>
        {s.active ? m.active : m.inactive}
        <br />
        {m.secondFactor}: {s.hasTotp ? m.yes : m.no}
      </td>
      <td>
        {action(`/admin/staff/${s.id}/${s.active ? "deactivate" : "reactivate"}`, s.active ? m.deactivate : m.reactivate)}
        {action(`/admin/staff/${s.id}/link`, m.newLink)}
      </td>
    </tr>
  );
}

export function CreateStaffForm(props: {
  t: Messages;
  agencies: AgencyOption[];
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string | undefined;
  created?: { email: string; link: string } | undefined;
}) {
  const m = props.t.staff;
  return (
    <HxForm id="create-staff" action="/admin/staff">
      <h2>{m.createStaff}</h2>
      {props.created && (
        <div class="alert alert-ok" role="status">
          {m.created(props.created.email)}{" "}
          <span class="code" dir="ltr" data-testid="invite-link">
            {props.created.link}
          </span>
        </div>
      )}
      <ErrorSummary
        t={props.t}
        errors={props.errors}
        alert={props.alert}
        links={{ roles: "f-role" }}
        labels={{ email: m.email, fullName: m.fullName, roles: m.role }}
      />
      <div class="row">
        <Field name="email" label={m.email} type="email" value={props.values.email} error={props.errors.email} dir="ltr" required />
        <Field name="fullName" label={m.fullName} value={props.values.fullName} error={props.errors.fullName} required />
      </div>
      <div class="row">
        <Field name="role" label={m.role} error={props.errors.roles}>
          <RoleSelect t={props.t} name="role" />
        </Field>
        <Field name="agency" label={m.agency}>
          <AgencySelect t={props.t} name="agency" agencies={props.agencies} />
        </Field>
      </div>
      <button class="button" type="submit">
        {m.createSubmit}
      </button>
    </HxForm>
  );
}

export function AdminStaffPage(props: { t: Messages; agencies: AgencyOption[]; staff: StaffRowData[] }) {
  const m = props.t.staff;
  return (
    <section>
      <h1>{m.adminStaffTitle}</h1>
      <CreateStaffForm t={props.t} agencies={props.agencies} values={{}} errors={{}} />
      <ScrollRegion label={m.adminStaffTitle}>
        <table class="list" data-testid="staff-table">
          <thead>
            <tr>
              <th>{m.email}</th>
              <th>{m.yourRoles}</th>
              <th>{m.status}</th>
              <th>{props.t.agency.actions}</th>
            </tr>
          </thead>
          <tbody>
            {props.staff.map((s) => (
              <StaffRow t={props.t} s={s} agencies={props.agencies} />
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

export function DemoPage(props: {
  t: Messages;
  password: string;
  accounts: { email: string; roles: RoleGrant[]; totp: boolean }[];
  citizens: { nationalId: string; name: string; dateOfBirth: string }[];
}) {
  const m = props.t.staff;
  return (
    <section>
      <h1>{m.demoTitle}</h1>
      <p>{m.demoIntro(props.password)}</p>
      <p class="muted">{m.demoTotp}</p>
      <ScrollRegion label={m.demoTitle}>
        <table class="list">
          <tbody>
            {props.accounts.map((a) => (
              <tr>
                <td class="code" dir="ltr">
                  {a.email}
                </td>
                <td>{a.roles.map((g) => m.roles[g.role] + (g.agencyCode ? ` (${g.agencyCode})` : "")).join("، ")}</td>
                <td>{a.totp ? "TOTP" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>{m.demoCitizens}</h2>
      <ScrollRegion label={m.demoCitizens}>
        <table class="list">
          <tbody>
            {props.citizens.map((c) => (
              <tr>
                <td class="code" dir="ltr">
                  {c.nationalId}
                </td>
                <td>{c.name}</td>
                <td class="code" dir="ltr">
                  {c.dateOfBirth}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
