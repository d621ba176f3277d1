import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FieldError } from "../../components/form.tsx";
import { EscalationNote, type EscalationView } from "./escalation.tsx";

/**
 * The rating questions, on the link's own page (`/rate/:token`) or inside the
 * complaint's page (`embedded`: a section heading, and htmx replaces the whole page
 * section so the escalation statement below it is redrawn from the new rating).
 */
export function RatingForm(props: {
  t: Messages;
  action: string;
  reference: string;
  agency: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string | undefined;
  embedded?: { id: string; target: string };
}) {
  const m = props.t.rating;
  const { values: v, errors: e } = props;
  const id = props.embedded?.id ?? "rating";
  return (
    <form
      novalidate
      id={id}
      class="form"
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target={props.embedded?.target ?? "#rating"}
      hx-swap="outerHTML"
      aria-labelledby={`${id}-h`}
    >
      {props.embedded ? <h2 id={`${id}-h`}>{m.title}</h2> : <h1 id={`${id}-h`}>{m.title}</h1>}
      <p>{m.intro(props.reference, props.agency)}</p>
      <ErrorSummary
        t={props.t}
        errors={e}
        alert={props.alert}
        links={{ resolved: "f-resolved-yes", stars: "f-stars-1" }}
        labels={{ resolved: m.resolved, stars: m.stars }}
      />
      <fieldset class="field" data-invalid={e.resolved ? "" : undefined} aria-describedby={e.resolved ? "f-resolved-error" : undefined}>
        <legend>{m.resolved}</legend>
        {(["yes", "partly", "no"] as const).map((o) => (
          <label class="block">
            <input
              id={`f-resolved-${o}`}
              type="radio"
              name="resolved"
              value={o}
              checked={v.resolved === o}
              required
              aria-invalid={e.resolved ? "true" : undefined}
            />{" "}
            {m.resolvedOptions[o]}
          </label>
        ))}
        <FieldError name="resolved" error={e.resolved} />
      </fieldset>
      <fieldset class="field" data-invalid={e.stars ? "" : undefined} aria-describedby={e.stars ? "f-stars-error" : undefined}>
        <legend>{m.stars}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label>
            <input
              id={`f-stars-${n}`}
              type="radio"
              name="stars"
              value={String(n)}
              checked={v.stars === String(n)}
              required
              aria-label={m.starLabel(n)}
              aria-invalid={e.stars ? "true" : undefined}
            />{" "}
            {"★".repeat(n)}{" "}
          </label>
        ))}
        <FieldError name="stars" error={e.stars} />
      </fieldset>
      <Field name="comment" label={m.comment} error={e.comment} rows={3} value={v.comment ?? ""} />
      <button class="button" type="submit">
        {m.submit}
      </button>
    </form>
  );
}

/** After the link's rating: what the complaint's page would now say about escalating. */
export function RatingThanks(props: { t: Messages; reference: string; escalation: EscalationView }) {
  const m = props.t.rating;
  return (
    <section id="rating" class="message">
      <h1>{m.thanks}</h1>
      <EscalationNote t={props.t} reference={props.reference} e={props.escalation} testid="escalate-offer" />
      <p>
        <a href={`/complaints/${props.reference}`}>{props.t.complaints.myComplaints}</a>
      </p>
    </section>
  );
}

export function RatingLinkInvalid(props: { t: Messages }) {
  return (
    <section id="rating" class="message">
      <h1>{props.t.rating.invalidTitle}</h1>
      <p>{props.t.rating.invalid}</p>
      <p>
        <a href="/complaints">{props.t.complaints.myComplaints}</a>
      </p>
    </section>
  );
}
