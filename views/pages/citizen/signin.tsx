import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { HxForm, type Errors, type Values } from "./forms.tsx";

/** One generic alert for every refusal: the form never says which of the two fields was wrong. */
export function SigninForm(props: { t: Messages; values: Values; next: string; alert?: string | undefined; notice?: string | undefined }) {
  const m = props.t.citizen;
  return (
    <HxForm id="signin-form" action={`/signin?next=${encodeURIComponent(props.next)}`}>
      <h1>{m.signinTitle}</h1>
      <FormNotice message={props.notice} />
      <ErrorSummary t={props.t} alert={props.alert} alertLink="f-nationalId" />
      <Field
        name="nationalId"
        label={m.nationalId}
        value={props.values.nationalId}
        inputmode="numeric"
        autocomplete="username"
        dir="ltr"
        required
      />
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

/** Asks for what only the account holder should know; the next page reads the same whatever matched. */
export function ForgotForm(props: { t: Messages; values: Values; errors: Errors; alert?: string | undefined }) {
  const m = props.t.citizen;
  const { values: v, errors: e } = props;
  return (
    <HxForm id="forgot-form" action="/forgot">
      <h1>{m.forgotTitle}</h1>
      <p class="muted">{m.forgotIntro}</p>
      <ErrorSummary
        t={props.t}
        errors={e}
        alert={props.alert}
        alertLink="f-nationalId"
        labels={{ nationalId: m.nationalId, dateOfBirth: m.dateOfBirth }}
      />
      <Field
        name="nationalId"
        label={m.nationalId}
        value={v.nationalId}
        error={e.nationalId}
        inputmode="numeric"
        autocomplete="username"
        dir="ltr"
        required
      />
      <Field
        name="dateOfBirth"
        label={m.dateOfBirth}
        type="date"
        value={v.dateOfBirth}
        error={e.dateOfBirth}
        autocomplete="bday"
        required
      />
      <button class="button" type="submit">
        {m.forgotSubmit}
      </button>
      <p>
        <a href="/signin">{m.signinTitle}</a>
      </p>
    </HxForm>
  );
}
