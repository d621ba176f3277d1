import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FieldError, FormNotice } from "../../components/form.tsx";
import { HxForm, type Errors, type Values } from "./forms.tsx";

export interface AccountData {
  fullName: string;
  nationalIdMasked: string;
  mobileMasked: string;
  email: string;
  notifyBy: "sms" | "email";
  city: string;
  address: string;
}

/** What a form on the page shows after a post: the typed values, their errors, a notice. */
export interface FormState {
  values: Values;
  errors: Errors;
  notice?: string | undefined;
  alert?: string | undefined;
}

// Both forms replace the whole account section, so the summary at the top always
// shows what is saved, with or without JavaScript.
const TARGET = "#account";

export function ProfileForm(props: { t: Messages; state: FormState }) {
  const m = props.t.citizen;
  const { values: v, errors: e } = props.state;
  return (
    <HxForm id="profile-form" action="/account" target={TARGET}>
      <h2>{m.contact}</h2>
      <FormNotice message={props.state.notice} />
      <ErrorSummary
        t={props.t}
        id="profile-errors"
        errors={e}
        alert={props.state.alert}
        links={{ notifyBy: "f-notifyBy-sms" }}
        labels={{ email: m.email, notifyBy: m.notifyBy, city: m.city, address: m.address }}
      />
      <Field name="email" label={m.email} type="email" value={v.email} error={e.email} autocomplete="email" inputmode="email" dir="ltr" />
      <fieldset class="field" data-invalid={e.notifyBy ? "" : undefined} aria-describedby={e.notifyBy ? "f-notifyBy-error" : undefined}>
        <legend>{m.notifyBy}</legend>
        <label class="block" for="f-notifyBy-sms">
          <input id="f-notifyBy-sms" type="radio" name="notifyBy" value="sms" checked={v.notifyBy !== "email"} /> {m.notifySms}
        </label>
        <label class="block" for="f-notifyBy-email">
          <input id="f-notifyBy-email" type="radio" name="notifyBy" value="email" checked={v.notifyBy === "email"} /> {m.notifyEmail}
        </label>
        <FieldError name="notifyBy" error={e.notifyBy} />
      </fieldset>
      <Field name="city" label={m.city} value={v.city} error={e.city} autocomplete="address-level2" required />
      <Field name="address" label={m.address} value={v.address} error={e.address} autocomplete="street-address" required />
      <button class="button" type="submit">
        {m.saveProfile}
      </button>
    </HxForm>
  );
}

export function MobileForm(props: { t: Messages; state: FormState }) {
  const m = props.t.citizen;
  const { values: v, errors: e } = props.state;
  return (
    <HxForm id="mobile-form" action="/account/mobile" target={TARGET}>
      <h2>{m.changeMobileTitle}</h2>
      <p class="muted">{m.changeMobileIntro}</p>
      <ErrorSummary t={props.t} id="mobile-errors" errors={e} alert={props.state.alert} alertLink="f-mobile" />
      <Field
        name="mobile"
        label={m.newMobile}
        type="tel"
        value={v.mobile}
        error={e.mobile}
        autocomplete="tel"
        inputmode="tel"
        dir="ltr"
        required
      />
      <button class="button secondary" type="submit">
        {m.changeMobileSubmit}
      </button>
    </HxForm>
  );
}

/** The way on from a new account: file, or see the requests it already has. */
export function NextSteps(props: { t: Messages; linked: number }) {
  const m = props.t.next;
  return (
    <section class="form next-steps" aria-labelledby="next-h" data-testid="next-steps">
      <h2 id="next-h">{m.title}</h2>
      {props.linked > 0 && <p data-testid="linked">{m.linked(props.linked)}</p>}
      <p class="step-actions">
        <a class="button" href="/complaints/new">
          {m.file}
        </a>
        <a class={props.linked > 0 ? "button" : "button secondary"} href="/complaints">
          {m.mine}
        </a>
      </p>
    </section>
  );
}

export function AccountPage(props: {
  t: Messages;
  data: AccountData;
  notice?: string | undefined;
  next?: { linked: number } | undefined;
  profile?: FormState;
  mobile?: FormState;
}) {
  const m = props.t.citizen;
  const d = props.data;
  const saved = { email: d.email, notifyBy: d.notifyBy, city: d.city, address: d.address };
  return (
    <section id="account" class="account">
      <h1>{m.accountTitle}</h1>
      <FormNotice message={props.notice} />
      {props.next && <NextSteps t={props.t} linked={props.next.linked} />}
      <div class="form">
        <h2>{m.identity}</h2>
        <dl class="summary">
          <dt>{m.fullName}</dt>
          <dd data-testid="citizen-name">{d.fullName}</dd>
          <dt>{m.nationalId}</dt>
          <dd class="code" dir="ltr">
            {d.nationalIdMasked}
          </dd>
          <dt>{m.mobile}</dt>
          <dd class="code" dir="ltr">
            {d.mobileMasked}
          </dd>
          <dt>{m.emailAddress}</dt>
          <dd>
            {d.email ? (
              <span class="code" dir="ltr">
                {d.email}
              </span>
            ) : (
              <span class="muted">{m.notSet}</span>
            )}
          </dd>
          <dt>{m.notifyBy}</dt>
          <dd>{d.notifyBy === "email" ? m.notifyEmail : m.notifySms}</dd>
          <dt>{m.city}</dt>
          <dd>{d.city}</dd>
          <dt>{m.address}</dt>
          <dd>{d.address}</dd>
        </dl>
      </div>
      <ProfileForm t={props.t} state={props.profile ?? { values: saved, errors: {} }} />
      <MobileForm t={props.t} state={props.mobile ?? { values: {}, errors: {} }} />
      <form novalidate class="form" method="post" action="/signout/everywhere">
        <h2>{m.signOutEverywhere}</h2>
        <p class="hint" id="signout-everywhere-hint">
          {m.signOutEverywhereHint}
        </p>
        <button class="button secondary" type="submit" aria-describedby="signout-everywhere-hint">
          {m.signOutEverywhere}
        </button>
      </form>
    </section>
  );
}
