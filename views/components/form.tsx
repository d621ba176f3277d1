import type { Child } from "hono/jsx";
import type { Messages } from "../i18n/index.ts";

// Moved to views/i18n/errors.ts (no JSX, so the tRPC layer can import it); re-exported
// for the pages that still import it from here.
export { errorText } from "../i18n/errors.ts";

export function Field(props: {
  /** Names the control's id (`f-<name>`) and, unless `inputName` says otherwise, the form field. */
  name: string;
  /** The form field's name where two forms on one page share it (an "answer" in each). */
  inputName?: string;
  label: string;
  type?: string;
  value?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: "numeric" | "tel" | "email" | "text";
  dir?: "ltr" | "rtl" | "auto";
  /** A multi-line text box of this many rows instead of a one-line input. */
  rows?: number;
  /** Further attributes for the control, such as htmx's. */
  attrs?: Record<string, string>;
  children?: Child;
}) {
  const id = `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  // The same links to hint and error on either kind of control, so a screen reader
  // announces what is wrong with a text box as it does with an input.
  const common = {
    id,
    name: props.inputName ?? props.name,
    required: props.required,
    dir: props.dir,
    "aria-invalid": props.error ? "true" : undefined,
    "aria-describedby": described,
    ...props.attrs,
  };
  const control =
    props.children ??
    (props.rows ? (
      <textarea {...common} rows={props.rows}>
        {props.value ?? ""}
      </textarea>
    ) : (
      <input
        {...common}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
      />
    ));
  return (
    <div class="field" data-invalid={props.error ? "" : undefined}>
      <label for={id}>{props.label}</label>
      {control}
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      <FieldError name={props.name} error={props.error} />
    </div>
  );
}

/**
 * A field's own message, linked from the control by aria-describedby. It is not a
 * live region: the error summary is the one announcement after a failed submit, so
 * an empty form no longer fires one alert per field.
 */
export function FieldError(props: { name: string; error?: string | undefined }) {
  if (!props.error) return null;
  return (
    <span class="error" id={`f-${props.name}-error`}>
      {props.error}
    </span>
  );
}

/** Marks the page as one with form errors: respond() prefixes the title when it sees this. */
export const ERROR_SUMMARY_MARK = "data-error-summary";

/**
 * The GOV.UK error summary: at the top of the form, a heading and one link per
 * invalid field (to the control's id, so following it puts the cursor there), and
 * the form-level refusal, if any, first. It is the single role=alert of the form;
 * `autofocus` (whole pages) and public/static/app.js (htmx swaps) move focus to it.
 *
 * `errors` is keyed by field name; `links` names the control where it is not
 * `f-<name>` (a radio group's first option, a field drawn under another name);
 * `labels` prefixes each message with its field's label where the message alone
 * would not say which field it is about ("This field is required.").
 */
export function ErrorSummary(props: {
  t: Messages;
  errors?: Record<string, string | undefined> | undefined;
  alert?: string | undefined;
  /** Where the form-level message should lead, e.g. the first field of a sign-in form. */
  alertLink?: string;
  links?: Record<string, string>;
  labels?: Record<string, string>;
  id?: string;
}) {
  const entries = Object.entries(props.errors ?? {}).filter((e): e is [string, string] => !!e[1]);
  if (!entries.length && !props.alert) return null;
  const id = props.id ?? "error-summary";
  return (
    <div class="error-summary" id={id} role="alert" tabindex={-1} autofocus aria-labelledby={`${id}-title`} data-error-summary="">
      <h2 id={`${id}-title`}>{props.t.errorSummaryTitle}</h2>
      <ul>
        {props.alert && <li>{props.alertLink ? <a href={`#${props.alertLink}`}>{props.alert}</a> : props.alert}</li>}
        {entries.map(([name, message]) => {
          const label = props.labels?.[name];
          return (
            <li>
              <a href={`#${props.links?.[name] ?? `f-${name}`}`}>{label && !message.includes(label) ? `${label}: ${message}` : message}</a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A confirmation at the top of a form ("saved", "code sent"), announced politely. Errors go in ErrorSummary. */
export function FormNotice(props: { message?: string | undefined }) {
  if (!props.message) return null;
  return (
    <div class="alert alert-ok" role="status">
      {props.message}
    </div>
  );
}
