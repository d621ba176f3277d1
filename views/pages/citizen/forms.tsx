import type { Messages } from "../../i18n/index.ts";
import { Field, FormAlert } from "../../components/form.tsx";

export type Errors = Record<string, string>;
export type Values = Record<string, string>;

/** A form that htmx posts and swaps in place, and that a browser without JavaScript posts normally. */
export function HxForm(props: { id: string; action: string; children?: unknown }) {
  return (
    <form id={props.id} class="form" method="post" action={props.action} hx-post={props.action} hx-target={`#${props.id}`} hx-swap="outerHTML">
      {props.children as never}
    </form>
  );
}

const NATIONALITIES: [string, string, string][] = [
  ["SA", "السعودية", "Saudi Arabia"],
  ["OM", "عُمان", "Oman"],
  ["JO", "الأردن", "Jordan"],
  ["AE", "الإمارات", "United Arab Emirates"],
  ["KW", "الكويت", "Kuwait"],
  ["BH", "البحرين", "Bahrain"],
  ["QA", "قطر", "Qatar"],
  ["EG", "مصر", "Egypt"],
  ["YE", "اليمن", "Yemen"],
  ["SD", "السودان", "Sudan"],
];

function CountrySelect(props: { name: string; value?: string; lang: "ar" | "en" }) {
  return (
    <select id={`f-${props.name}`} name={props.name} required>
      {NATIONALITIES.map(([code, ar, en]) => (
        <option value={code} selected={(props.value ?? "SA") === code}>
          {props.lang === "ar" ? ar : en}
        </option>
      ))}
    </select>
  );
}

export function RegisterForm(props: { t: Messages; lang: "ar" | "en"; values: Values; errors: Errors; alert?: string | undefined }) {
  const { t, values: v, errors: e } = props;
  const m = t.citizen;
  return (
    <HxForm id="register-form" action="/register">
      <h1>{m.registerTitle}</h1>
      <p class="muted">{m.registerIntro}</p>
      <FormAlert message={props.alert} />
      <div class="row">
        <Field name="nationalId" label={m.nationalId} value={v.nationalId} error={e.nationalId} inputmode="numeric" dir="ltr" required />
        <Field name="nationality" label={m.nationality} error={e.nationality}>
          <CountrySelect name="nationality" value={v.nationality} lang={props.lang} />
        </Field>
      </div>
      <div class="row">
        <Field name="firstName" label={m.firstName} value={v.firstName} error={e.firstName} required />
        <Field name="fatherName" label={m.fatherName} value={v.fatherName} error={e.fatherName} required />
        <Field name="grandfatherName" label={m.grandfatherName} value={v.grandfatherName} error={e.grandfatherName} required />
        <Field name="familyName" label={m.familyName} value={v.familyName} error={e.familyName} required />
      </div>
      <p class="hint">{m.nameHint}</p>
      <Field name="dateOfBirth" label={m.dateOfBirth} type="date" value={v.dateOfBirth} error={e.dateOfBirth} required />
      <div class="row">
        <Field name="mobile" label={m.mobile} type="tel" value={v.mobile} error={e.mobile} hint={m.mobileHint} autocomplete="tel" dir="ltr" required />
        <Field name="email" label={m.email} type="email" value={v.email} error={e.email} autocomplete="email" dir="ltr" />
      </div>
      <div class="row">
        <Field name="country" label={m.country} error={e.country}>
          <CountrySelect name="country" value={v.country} lang={props.lang} />
        </Field>
        <Field name="city" label={m.city} value={v.city} error={e.city} required />
      </div>
      <Field name="address" label={m.address} value={v.address} error={e.address} required />
      <div class="row">
        <Field name="password" label={m.password} type="password" error={e.password} hint={m.passwordHint} autocomplete="new-password" required />
        <Field name="passwordConfirm" label={m.passwordConfirm} type="password" error={e.passwordConfirm} autocomplete="new-password" required />
      </div>
      <div class="field" data-invalid={e.acceptPolicy ? "" : undefined}>
        <label>
          <input type="checkbox" name="acceptPolicy" value="on" checked={v.acceptPolicy === "on"} /> {m.acceptPolicy}
        </label>
        <a href="/privacy" target="_blank">
          {m.privacyLink}
        </a>
        {e.acceptPolicy && (
          <span class="error" role="alert">
            {e.acceptPolicy}
          </span>
        )}
      </div>
      <button class="button" type="submit">
        {m.registerSubmit}
      </button>
    </HxForm>
  );
}

/** The code step shared by registration, password reset and mobile change. */
export function CodeForm(props: {
  t: Messages;
  id: string;
  action: string;
  resendAction: string;
  intro: string;
  challengeId: string;
  errors: Errors;
  alert?: string | undefined;
  notice?: string | undefined;
  withPassword?: boolean;
}) {
  const { t, errors: e } = props;
  const m = t.citizen;
  return (
    <div id={`${props.id}-wrap`}>
      <HxForm id={props.id} action={props.action}>
        <h1>{props.withPassword ? m.forgotTitle : m.verifyTitle}</h1>
        <p>{props.intro}</p>
        <FormAlert message={props.notice} kind="ok" />
        <FormAlert message={props.alert} />
        <input type="hidden" name="challengeId" value={props.challengeId} />
        <Field name="code" label={m.code} error={e.code} inputmode="numeric" autocomplete="one-time-code" dir="ltr" required />
        {props.withPassword && (
          <div class="row">
            <Field name="password" label={m.newPassword} type="password" error={e.password} hint={m.passwordHint} autocomplete="new-password" required />
            <Field name="passwordConfirm" label={m.passwordConfirm} type="password" error={e.passwordConfirm} autocomplete="new-password" required />
          </div>
        )}
        <button class="button" type="submit">
          {props.withPassword ? m.resetSubmit : m.verifySubmit}
        </button>
      </HxForm>
      <form method="post" action={props.resendAction} hx-post={props.resendAction} hx-target={`#${props.id}-wrap`} hx-swap="outerHTML">
        <input type="hidden" name="challengeId" value={props.challengeId} />
        <button class="button secondary" type="submit">
          {m.resend}
        </button>
      </form>
    </div>
  );
}

export function SigninForm(props: { t: Messages; values: Values; alert?: string | undefined; notice?: string | undefined; next: string }) {
  const m = props.t.citizen;
  return (
    <HxForm id="signin-form" action={`/signin?next=${encodeURIComponent(props.next)}`}>
      <h1>{m.signinTitle}</h1>
      <FormAlert message={props.notice} kind="ok" />
      <FormAlert message={props.alert} />
      <Field name="nationalId" label={m.nationalId} value={props.values.nationalId} inputmode="numeric" autocomplete="username" dir="ltr" required />
      <Field name="password" label={m.password} type="password" autocomplete="current-password" required />
      <button class="button" type="submit">
        {m.signinSubmit}
      </button>
      <p>
        <a href="/forgot">{m.forgot}</a> · <a href="/register">{m.noAccount}</a>
      </p>
    </HxForm>
  );
}

export function ForgotForm(props: { t: Messages; values: Values; errors: Errors; alert?: string | undefined }) {
  const m = props.t.citizen;
  return (
    <HxForm id="forgot-form" action="/forgot">
      <h1>{m.forgotTitle}</h1>
      <p class="muted">{m.forgotIntro}</p>
      <FormAlert message={props.alert} />
      <Field name="nationalId" label={m.nationalId} value={props.values.nationalId} error={props.errors.nationalId} inputmode="numeric" dir="ltr" required />
      <Field name="dateOfBirth" label={m.dateOfBirth} type="date" value={props.values.dateOfBirth} required />
      <button class="button" type="submit">
        {m.forgotSubmit}
      </button>
    </HxForm>
  );
}

export function PrivacyPage(props: { t: Messages }) {
  const m = props.t.citizen;
  return (
    <section class="message">
      <h1>{m.privacyTitle}</h1>
      {m.privacyBody.map((p) => (
        <p>{p}</p>
      ))}
    </section>
  );
}
