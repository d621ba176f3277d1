import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";

/** A liaison officer's choice of how to hear of new work. */
export function NotifyPreferencesForm(props: {
  t: Messages;
  values: { mobile: string; notifySms: boolean; dailyDigest: boolean; lang: string };
  errors: Record<string, string>;
  alert?: string | undefined;
  notice?: string | undefined;
}) {
  const m = props.t.agency;
  const v = props.values;
  return (
    <form
      novalidate
      id="notify-preferences"
      class="form"
      method="post"
      action="/staff/notifications"
      hx-post="/staff/notifications"
      hx-target="#notify-preferences"
      hx-swap="outerHTML"
    >
      <h1>{m.prefsTitle}</h1>
      <p class="muted">{m.prefsIntro}</p>
      <FormNotice message={props.notice} />
      <ErrorSummary t={props.t} errors={props.errors} alert={props.alert} />
      <Field name="mobile" label={m.prefsMobile} type="tel" hint={m.prefsMobileHint} value={v.mobile} error={props.errors.mobile} />
      <p>
        <label>
          <input type="checkbox" name="notifySms" value="1" checked={v.notifySms} data-testid="pref-sms" /> {m.prefsSms}
        </label>
      </p>
      <p>
        <label>
          <input type="checkbox" name="dailyDigest" value="1" checked={v.dailyDigest} /> {m.prefsDigest}
        </label>
      </p>
      <Field name="lang" label={m.prefsLang} error={props.errors.lang}>
        <select id="f-lang" name="lang">
          <option value="ar" selected={v.lang === "ar"}>
            العربية
          </option>
          <option value="en" selected={v.lang === "en"}>
            English
          </option>
        </select>
      </Field>
      <button class="button" type="submit">
        {m.prefsSave}
      </button>
    </form>
  );
}
