import type { Child } from "hono/jsx";

// Pieces shared by the citizen's forms (and the staff pages, which reuse HxForm).

export type Errors = Record<string, string>;
export type Values = Record<string, string>;

/**
 * A form that htmx posts and swaps in place, and that a browser without JavaScript
 * posts normally. htmx 4 swaps 4xx/5xx answers too, so a 422 with field errors
 * replaces the form; `target` lets a form replace a larger block around it.
 */
export function HxForm(props: { id: string; action: string; target?: string; class?: string; children?: Child }) {
  return (
    // novalidate: the server's error summary is the one way errors are shown, in the
    // hub's language (a browser's own bubbles speak the browser's language, and show
    // one field at a time); `required` stays for assistive technology.
    <form
      novalidate
      id={props.id}
      class={props.class ?? "form"}
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target={props.target ?? `#${props.id}`}
      hx-swap="outerHTML"
    >
      {props.children}
    </form>
  );
}

/** aria-describedby for a control that Field does not draw itself (select, checkbox, code). */
export function describedBy(name: string, parts: { hint?: boolean; error?: string | undefined; extra?: string }): string | undefined {
  const ids = [parts.hint ? `f-${name}-hint` : "", parts.error ? `f-${name}-error` : "", parts.extra ?? ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}
