import type { Messages } from "../../i18n/index.ts";
import { ScrollRegion } from "../../components/table.tsx";
import { FormNotice } from "../../components/form.tsx";
import type { DateText } from "../../../server/web/dates.ts";

export interface DeadRow {
  id: number;
  channel: string;
  recipient: string;
  template: string;
  attempts: number;
  createdAt: Date;
  reference: string | null;
}

/** Only the end of an address: enough to recognise it, not to harvest it. */
const masked = (s: string) => (s.length > 4 ? `…${s.slice(-4)}` : s);

export function DeadLettersPage(props: { t: Messages; rows: DeadRow[]; total: number; dates: DateText; notice?: string | undefined }) {
  const m = props.t.outboxAdmin;
  return (
    <section id="dead-letters">
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      <FormNotice message={props.notice} />
      {props.rows.length === 0 ? (
        <p data-testid="no-dead">{m.none}</p>
      ) : (
        <>
          <form
            novalidate
            method="post"
            action="/admin/outbox/retry"
            hx-post="/admin/outbox/retry"
            hx-target="#dead-letters"
            hx-swap="outerHTML"
          >
            <button class="button" type="submit">
              {m.retryAll(props.total)}
            </button>
          </form>
          <ScrollRegion label={m.title}>
            <table class="list" data-testid="dead">
              <thead>
                <tr>
                  <th>{m.created}</th>
                  <th>{m.channel}</th>
                  <th>{m.recipient}</th>
                  <th>{m.template}</th>
                  <th>{m.reference}</th>
                  <th>{m.attempts}</th>
                  <th>{props.t.agency.actions}</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    <td>{props.dates.at(r.createdAt)}</td>
                    <td>{r.channel === "sms" ? m.sms : r.channel === "webhook" ? props.t.webhooksAdmin.link : m.email}</td>
                    <td dir="ltr">{masked(r.recipient)}</td>
                    <td>{r.template}</td>
                    <td class="code" dir="ltr">
                      {r.reference ?? ""}
                    </td>
                    <td>{r.attempts}</td>
                    <td>
                      <form
                        novalidate
                        method="post"
                        action={`/admin/outbox/${r.id}/retry`}
                        hx-post={`/admin/outbox/${r.id}/retry`}
                        hx-target="#dead-letters"
                        hx-swap="outerHTML"
                      >
                        <button class="button secondary" type="submit">
                          {m.retry}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </section>
  );
}
