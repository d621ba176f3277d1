import type { Context, Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { resendCode, type Failure } from "../../identity/citizens.ts";
import type { Messages } from "../../../views/i18n/index.ts";
import { CodeStep } from "../../../views/pages/citizen/code-step.tsx";
import { redirectTo, respond } from "../respond.tsx";
import { refusalStatus, type RefusalStatus } from "../../refusals.ts";
import { identityDeps, speaker } from "./door.ts";
import { challengeForm, readForm } from "./form-input.ts";

export interface CodeStepConfig {
  /** The verify form's id (the browser tests and htmx targets use it). */
  id: string;
  /** `${base}/verify` shows the step, `${base}/resend` sends a new code; the caller handles POST `${base}/verify`. */
  base: string;
  title: (t: Messages) => string;
  restartHref: string;
  /** The sentence above the code field; it may name the mobile only when the step allows. */
  intro: (c: Context<AppEnv>, challengeId: string) => Promise<string>;
  withPassword?: boolean;
}

interface StepState {
  errors?: Record<string, string>;
  alert?: string | undefined;
  notice?: string | undefined;
}

/**
 * The SMS-code step shared by registration, password reset and mobile change:
 * registers its page and its resend action on `app`, and returns how the caller's
 * verify handler answers a refusal (the same step, with the error in place).
 */
export function codeStep(app: Hono<AppEnv>, step: CodeStepConfig) {
  const render = async (c: Context<AppEnv>, challengeId: string, state: StepState, status: 200 | RefusalStatus = 200) => {
    const { t } = speaker(c);
    return respond(
      c,
      step.title(t),
      <CodeStep
        t={t}
        id={step.id}
        title={step.title(t)}
        intro={await step.intro(c, challengeId)}
        action={`${step.base}/verify`}
        resendAction={`${step.base}/resend`}
        restartHref={step.restartHref}
        challengeId={challengeId}
        errors={state.errors ?? {}}
        alert={state.alert}
        notice={state.notice}
        withPassword={step.withPassword}
      />,
      status,
    );
  };

  app.get(`${step.base}/verify`, async (c) => {
    const challengeId = c.req.query("c") ?? "";
    if (!challengeId) return redirectTo(c, step.restartHref);
    return render(c, challengeId, {});
  });

  app.post(`${step.base}/resend`, async (c) => {
    const s = speaker(c);
    const { challengeId } = await readForm(c, challengeForm);
    const r = await resendCode(identityDeps(c), challengeId, s.lang);
    if (r.ok) return render(c, challengeId, { notice: s.t.citizen.resent });
    return render(c, challengeId, { alert: s.failure(r) }, refusalStatus(r.error));
  });

  /** A wrong code belongs to the code field; every other refusal goes above the form. */
  const refuse = (c: Context<AppEnv>, challengeId: string, f: Failure) => {
    const s = speaker(c);
    if (f.error === "code_wrong") return render(c, challengeId, { errors: { code: s.failure(f) } }, 422);
    return render(c, challengeId, { errors: s.fields(f), alert: s.alert(f) }, refusalStatus(f.error));
  };

  return { refuse };
}
