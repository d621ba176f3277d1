import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { describedBy, HxForm, type Errors } from "./forms.tsx";

export interface CodeStepProps {
  t: Messages;
  /** The verify form's id; the whole step is `${id}-step`. */
  id: string;
  title: string;
  intro: string;
  action: string;
  resendAction: string;
  /** Where to begin again once a code is locked, used or unknown. */
  restartHref: string;
  challengeId: string;
  errors: Errors;
  alert?: string | undefined;
  notice?: string | undefined;
  /** The password reset asks for the new password on the same form as the code. */
  withPassword?: boolean;
}

/**
 * The SMS-code step shared by registration, password reset and mobile change. Both
 * forms replace the whole step, so a resend's notice and a wrong code's error land
 * in the same place and the step never nests inside itself.
 */
export function CodeStep(props: CodeStepProps) {
  const { t, errors: e } = props;
  const m = t.citizen;
  const step = `${props.id}-step`;
  return (
    <section id={step} class="code-step">
      <HxForm id={props.id} action={props.action} target={`#${step}`}>
        <h1>{props.title}</h1>
        <p>{props.intro}</p>
        <FormNotice message={props.notice} />
        <ErrorSummary
          t={t}
          errors={e}
          alert={props.alert}
          alertLink="f-code"
          labels={{ password: m.newPassword, passwordConfirm: m.passwordConfirm }}
        />
        <input type="hidden" name="challengeId" value={props.challengeId} />
        <Field name="code" label={m.code} error={e.code} hint={m.codeHint}>
          <input
            id="f-code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength={5}
            dir="ltr"
            class="otp"
            required
            aria-invalid={e.code ? "true" : undefined}
            aria-describedby={describedBy("code", { hint: true, error: e.code })}
          />
        </Field>
        {props.withPassword && (
          <div class="row">
            <Field
              name="password"
              label={m.newPassword}
              type="password"
              error={e.password}
              hint={m.passwordHint}
              autocomplete="new-password"
              required
            />
            <Field
              name="passwordConfirm"
              label={m.passwordConfirm}
              type="password"
              error={e.passwordConfirm}
              autocomplete="new-password"
              required
            />
          </div>
        )}
        <button class="button" type="submit">
          {props.withPassword ? m.resetSubmit : m.verifySubmit}
        </button>
      </HxForm>
      <div class="step-actions">
        <HxForm id={`${props.id}-resend`} action={props.resendAction} target={`#${step}`} class="inline">
          <input type="hidden" name="challengeId" value={props.challengeId} />
          <button class="button secondary" type="submit">
            {m.resend}
          </button>
        </HxForm>
        <a href={props.restartHref}>{m.startAgain}</a>
      </div>
    </section>
  );
}
