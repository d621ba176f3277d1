import type { Messages } from "../i18n/index.ts";
import { ScrollRegion } from "../components/table.tsx";

const BASE = "/api/agency/v1";

/** The agency API's readable documentation; the OpenAPI document is the reference. */
export function AgencyApiDocsPage(props: { t: Messages; origin: string }) {
  const m = props.t.apiDocs;
  const endpoints: [string, string, string][] = [
    ["GET", `${BASE}/complaints?cursor=&limit=`, m.list],
    ["GET", `${BASE}/complaints/{reference}`, m.get],
    ["POST", `${BASE}/complaints/{reference}/actions`, m.actions],
    ["POST", `${BASE}/complaints/{reference}/attachments`, m.attach],
    ["GET", `${BASE}/complaints/{reference}/attachments/{id}`, m.download],
    ["GET", `${BASE}/webhooks`, m.webhooksList],
    ["POST", `${BASE}/webhooks`, m.webhooksRegister],
    ["DELETE", `${BASE}/webhooks/{id}`, m.webhooksDisable],
  ];
  const o = props.origin;
  const examples = [
    `curl -H "Authorization: Bearer $HUB_KEY" "${o}${BASE}/complaints?limit=50"`,
    `curl -H "Authorization: Bearer $HUB_KEY" -H "Accept-Language: en" "${o}${BASE}/complaints/CMP-2026-7K3Q9X"`,
    `curl -X POST -H "Authorization: Bearer $HUB_KEY" -H "Content-Type: application/json" \\\n  -d '{"action":"accept","version":1,"days":10}' "${o}${BASE}/complaints/CMP-2026-7K3Q9X/actions"`,
    `curl -X POST -H "Authorization: Bearer $HUB_KEY" -F "text=Site visit" -F "attachments=@photo.jpg" \\\n  "${o}${BASE}/complaints/CMP-2026-7K3Q9X/attachments"`,
  ];
  return (
    <section id="api-docs">
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <p>
        <a href="/api/agency/openapi.json" dir="ltr">
          {m.openapi}
        </a>
      </p>
      <h2>{m.authTitle}</h2>
      <p>{m.authBody}</p>
      <p>
        <code dir="ltr" class="code">
          Authorization: Bearer hub_ag_…
        </code>
      </p>
      <h2>{m.endpointsTitle}</h2>
      <ScrollRegion label={m.endpointsTitle}>
        <table class="list" data-testid="endpoints">
          <thead>
            <tr>
              <th>{m.method}</th>
              <th>{m.path}</th>
              <th>{m.what}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map(([method, path, what]) => (
              <tr>
                <td dir="ltr">{method}</td>
                <td class="code" dir="ltr">
                  {path}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>{m.privacyTitle}</h2>
      <p>{m.privacyBody}</p>
      <h2>{m.limitsTitle}</h2>
      <p>{m.limitsBody}</p>
      <h2>{m.errorsTitle}</h2>
      <p>{m.errorsBody}</p>
      <h2>{m.examplesTitle}</h2>
      {examples.map((e) => (
        <pre dir="ltr">
          <code>{e}</code>
        </pre>
      ))}
    </section>
  );
}
