import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { ScrollRegion } from "../../components/table.tsx";
import type { DateText } from "../../../server/web/dates.ts";
import { WEBHOOK_EVENTS } from "../../../server/webhooks/events.ts";

// The webhooks admin page (issue 18 item 3): endpoints per agency (made with a secret
// shown once, disabled, pinged) and the recent deliveries, dead letters with "send
// again". One section that every form swaps whole (htmx), or the page without JavaScript.

export interface EndpointView {
  id: string;
  agencyCode: string;
  agencyName: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
}

export interface DeliveryView {
  id: number;
  endpointUrl: string;
  type: string;
  status: "pending" | "sent" | "dead";
  attempts: number;
  createdAt: Date;
  reference: string | null;
  /** The endpoint is still active: a dead letter may be sent again. */
  resendable: boolean;
}

export interface WebhooksPageProps {
  t: Messages;
  agencies: { code: string; name: string }[];
  endpoints: EndpointView[];
  deliveries: DeliveryView[];
  dates: DateText;
  values?: { agency?: string; url?: string; events?: string[] };
  errors?: Record<string, string>;
  alert?: string | undefined;
  notice?: string | undefined;
  /** The new endpoint's secret, shown this once. */
  secret?: string | undefined;
}

const swap = (action: string) => ({ method: "post" as const, action, "hx-post": action, "hx-target": "#webhooks", "hx-swap": "outerHTML" });

export function WebhooksPage(p: WebhooksPageProps) {
  const m = p.t.webhooksAdmin;
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const eventName = (type: string) => (m.eventNames as Record<string, string>)[type] ?? type;
  const byAgency = new Map<string, EndpointView[]>();
  for (const x of p.endpoints) byAgency.set(x.agencyCode, [...(byAgency.get(x.agencyCode) ?? []), x]);
  return (
    <section id="webhooks">
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      <FormNotice message={p.notice} />
      {p.secret && (
        <div class="alert alert-ok" role="status" data-testid="webhook-secret">
          <p>{m.created}</p>
          <p class="code" dir="ltr">
            <code>{p.secret}</code>
          </p>
        </div>
      )}

      <h2>{m.createTitle}</h2>
      <ErrorSummary t={p.t} errors={e} alert={p.alert} links={{ events: `f-events-${WEBHOOK_EVENTS[0]}` }} />
      <form novalidate {...swap("/admin/webhooks")}>
        <Field name="agency" label={m.agency} error={e.agency} required>
          <select id="f-agency" name="agency" required aria-invalid={e.agency ? "true" : undefined}>
            <option value="">{m.chooseAgency}</option>
            {p.agencies.map((a) => (
              <option value={a.code} selected={v.agency === a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="url" label={m.url} value={v.url ?? ""} error={e.url} hint={m.urlHint} dir="ltr" type="url" required />
        <fieldset class="field" data-invalid={e.events ? "" : undefined} aria-describedby={e.events ? "f-events-error" : undefined}>
          <legend>{m.events}</legend>
          {e.events && (
            <span class="error" id="f-events-error">
              {e.events}
            </span>
          )}
          {WEBHOOK_EVENTS.map((type) => (
            <label class="choice">
              <input
                type="checkbox"
                id={`f-events-${type}`}
                name="events"
                value={type}
                checked={v.events ? v.events.includes(type) : true}
              />{" "}
              {eventName(type)} <code dir="ltr">{type}</code>
            </label>
          ))}
        </fieldset>
        <button class="button" type="submit">
          {m.create}
        </button>
      </form>

      <h2>{m.endpointsTitle}</h2>
      {p.endpoints.length === 0 ? (
        <p data-testid="no-endpoints">{m.none}</p>
      ) : (
        [...byAgency.entries()].map(([code, list]) => (
          <>
            <h3>{list[0]!.agencyName}</h3>
            <ScrollRegion label={`${m.endpointsTitle}: ${list[0]!.agencyName}`}>
              <table class="list" data-testid={`endpoints-${code}`}>
                <thead>
                  <tr>
                    <th>{m.url}</th>
                    <th>{m.events}</th>
                    <th>{m.status}</th>
                    <th>{m.createdAt}</th>
                    <th>{p.t.agency.actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((x) => (
                    <tr data-endpoint={x.id}>
                      <td dir="ltr" class="code">
                        {x.url}
                      </td>
                      <td>{x.events.map(eventName).join("، ")}</td>
                      <td>{x.active ? m.active : m.disabled}</td>
                      <td>{p.dates.at(x.createdAt)}</td>
                      <td>
                        {x.active && (
                          <>
                            <form novalidate {...swap(`/admin/webhooks/${x.id}/ping`)}>
                              <button class="button secondary" type="submit">
                                {m.ping}
                              </button>
                            </form>
                            <form novalidate {...swap(`/admin/webhooks/${x.id}/disable`)}>
                              <button class="button secondary" type="submit">
                                {m.disable}
                              </button>
                            </form>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        ))
      )}

      <h2>{m.deliveriesTitle}</h2>
      {p.deliveries.length === 0 ? (
        <p data-testid="no-deliveries">{m.noDeliveries}</p>
      ) : (
        <ScrollRegion label={m.deliveriesTitle}>
          <table class="list" data-testid="deliveries">
            <thead>
              <tr>
                <th>{m.createdAt}</th>
                <th>{m.endpoint}</th>
                <th>{m.type}</th>
                <th>{m.reference}</th>
                <th>{m.status}</th>
                <th>{m.attempts}</th>
                <th>{p.t.agency.actions}</th>
              </tr>
            </thead>
            <tbody>
              {p.deliveries.map((d) => (
                <tr data-delivery={d.id} data-status={d.status}>
                  <td>{p.dates.at(d.createdAt)}</td>
                  <td dir="ltr" class="code">
                    {d.endpointUrl}
                  </td>
                  <td>{eventName(d.type)}</td>
                  <td class="code" dir="ltr">
                    {d.reference ?? ""}
                  </td>
                  <td>{m.deliveryStatus[d.status]}</td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.status === "dead" && d.resendable && (
                      <form novalidate {...swap(`/admin/webhooks/deliveries/${d.id}/resend`)}>
                        <button class="button secondary" type="submit">
                          {m.resend}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
