import type { Child } from "hono/jsx";
import type { Lang, Messages } from "../i18n/index.ts";

/** Turns a use-case error code (with its parameters) into the user's language. */
export function errorText(t: Messages, code: string, params: { retryAt?: Date; attemptsLeft?: number; lang?: Lang; timeZone?: string } = {}): string {
  const template = (t.errors as Record<string, string>)[code] ?? t.errors.invalid;
  const time = params.retryAt
    ? params.retryAt.toLocaleTimeString(params.lang === "en" ? "en-GB" : "ar-SA", { hour: "2-digit", minute: "2-digit", timeZone: params.timeZone ?? "Asia/Riyadh" })
    : "";
  return template.replace("{time}", time).replace("{n}", String(params.attemptsLeft ?? ""));
}

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
      <input {...common} type={props.type ?? "text"} value={props.value ?? ""} autocomplete={props.autocomplete} inputmode={props.inputmode} />
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
      {props.error && (
        <span class="error" id={`${id}-error`} role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A form-level error at the top of a form, announced to screen readers. */
export function FormAlert(props: { message?: string | undefined; kind?: "error" | "ok" }) {
  if (!props.message) return null;
  return (
    <div class={`alert alert-${props.kind ?? "error"}`} role={props.kind === "ok" ? "status" : "alert"}>
      {props.message}
    </div>
  );
}
