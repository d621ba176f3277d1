import type { Messages } from "../../i18n/index.ts";
import type { Ground } from "../../../server/reports/eligibility.ts";

/** What server/reports/eligibility.ts said, ready to show: now (and why), from a day, or nothing. */
export type EscalationView = { ok: true; ground: Ground } | { ok: false; from: string } | undefined;

/**
 * The one statement of when a complaint can be escalated, on the complaint's page and
 * after a rating alike, so the two can never disagree (issue 11 found "escalate now"
 * on one and "from 8 Dec" on the other).
 */
export function EscalationNote(props: { t: Messages; reference: string; e: EscalationView; testid?: string }) {
  const { t, e } = props;
  if (!e) return null;
  if (!e.ok) {
    return (
      <p class="muted" data-testid="escalate-from">
        {t.reports.eligibleFrom(e.from)}
      </p>
    );
  }
  return (
    <section class="form" aria-labelledby="escalate-h" data-testid={props.testid ?? "escalate"}>
      <h2 id="escalate-h">{t.escalation.title}</h2>
      <p>
        {t.reports.grounds[e.ground]}. {t.escalation.now}
      </p>
      <a class="button" href={`/reports/new?complaint=${props.reference}`}>
        {t.reports.escalateLink}
      </a>
    </section>
  );
}
