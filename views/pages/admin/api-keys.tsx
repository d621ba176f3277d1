import type { Messages } from "../../i18n/index.ts";
import { ScrollRegion } from "../../components/table.tsx";
import { Field, FormNotice } from "../../components/form.tsx";
import type { DateText } from "../../../server/web/dates.ts";

export interface KeyRow {
  id: string;
  prefix: string;
  name: string;
  agencyCode: string | null;
  agencyName: string;
  rateLimit: number;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface UseRow {
  id: number;
  prefix: string;
  method: string;
  path: string;
  status: number;
  at: Date;
}

/** The admin's page of agency API keys: make one (shown once), list them, revoke one, and the latest uses. */
export function ApiKeysPage(props: {
  t: Messages;
  agencies: { code: string; name: string }[];
  keys: KeyRow[];
  uses: UseRow[];
  dates: DateText;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: string | undefined;
  alert?: string | undefined;
  /** The new key's text, shown this once. */
  created?: { name: string; key: string } | undefined;
}) {
  const m = props.t.apiKeys;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <section id="api-keys">
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      <p>
        <a href="/api/agency/docs">{m.docsLink}</a>
      </p>
      <FormNotice message={props.notice} />
      {props.alert && (
        <div class="alert alert-error" role="alert">
          {props.alert}
        </div>
      )}
      {props.created && (
        <div class="alert alert-ok" role="status" data-testid="new-key">
          <p>{m.created(props.created.name)}</p>
          <p>
            {m.keyLabel}:{" "}
            <code dir="ltr" class="code" data-testid="key-text">
              {props.created.key}
            </code>
          </p>
        </div>
      )}
      <h2>{m.createTitle}</h2>
      <form novalidate method="post" action="/admin/api-keys" hx-post="/admin/api-keys" hx-target="#api-keys" hx-swap="outerHTML">
        <Field name="agency" label={m.agency} error={e.agency}>
          <select name="agency" id="f-agency" aria-invalid={e.agency ? "true" : undefined}>
            <option value="">—</option>
            {props.agencies.map((a) => (
              <option value={a.code} selected={v.agency === a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="name" label={m.name} hint={m.nameHint} value={v.name} error={e.name} />
        <Field name="rateLimit" label={m.rateLimit} inputmode="numeric" dir="ltr" value={v.rateLimit ?? "120"} error={e.rateLimit} />
        <button class="button" type="submit">
          {m.create}
        </button>
      </form>

      <h2>{m.listTitle}</h2>
      {props.keys.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ScrollRegion label={m.listTitle}>
          <table class="list" data-testid="keys">
            <thead>
              <tr>
                <th>{m.prefix}</th>
                <th>{m.name}</th>
                <th>{m.agency}</th>
                <th>{m.rateLimit}</th>
                <th>{m.createdAt}</th>
                <th>{m.lastUsed}</th>
                <th>{m.state}</th>
                <th>{props.t.agency.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.keys.map((k) => (
                <tr data-testid={`key-${k.prefix}`}>
                  <td class="code" dir="ltr">
                    {k.prefix}…
                  </td>
                  <td>{k.name}</td>
                  <td>{k.agencyName}</td>
                  <td>{k.rateLimit}</td>
                  <td>{props.dates.at(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? props.dates.at(k.lastUsedAt) : m.never}</td>
                  <td>{k.revokedAt ? m.revokedAt(props.dates.at(k.revokedAt)) : m.active}</td>
                  <td>
                    {!k.revokedAt && (
                      <form
                        novalidate
                        method="post"
                        action={`/admin/api-keys/${k.id}/revoke`}
                        hx-post={`/admin/api-keys/${k.id}/revoke`}
                        hx-target="#api-keys"
                        hx-swap="outerHTML"
                      >
                        <button class="button secondary" type="submit">
                          {m.revoke}
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

      <h2>{m.usesTitle}</h2>
      {props.uses.length === 0 ? (
        <p>{m.noUses}</p>
      ) : (
        <ScrollRegion label={m.usesTitle}>
          <table class="list" data-testid="uses">
            <thead>
              <tr>
                <th>{m.at}</th>
                <th>{m.prefix}</th>
                <th>{m.method}</th>
                <th>{m.path}</th>
                <th>{m.status}</th>
              </tr>
            </thead>
            <tbody>
              {props.uses.map((u) => (
                <tr>
                  <td>{props.dates.at(u.at)}</td>
                  <td class="code" dir="ltr">
                    {u.prefix}…
                  </td>
                  <td dir="ltr">{u.method}</td>
                  <td class="code" dir="ltr">
                    {u.path}
                  </td>
                  <td>{u.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
