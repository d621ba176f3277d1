import type { Child } from "hono/jsx";
import { Layout, type PageContext } from "../layout.tsx";

function MessagePage(props: { ctx: PageContext; title: string; children?: Child }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <section class="message">
        <h1>{props.title}</h1>
        {props.children}
        <p>
          <a href="/">{props.ctx.t.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}

export function NotFoundPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <MessagePage ctx={props.ctx} title={t.notFoundTitle}>
      <p>{t.notFoundBody}</p>
    </MessagePage>
  );
}

export function ErrorPage(props: { ctx: PageContext; errorId: string }) {
  const { t } = props.ctx;
  return (
    <MessagePage ctx={props.ctx} title={t.errorTitle}>
      <p>{t.errorBody}</p>
      <p class="muted">{t.errorReference(props.errorId)}</p>
    </MessagePage>
  );
}

/** The database is not answering: a 503, the request was not carried out. */
export function UnavailablePage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <MessagePage ctx={props.ctx} title={t.unavailableTitle}>
      <p>{t.unavailableBody}</p>
    </MessagePage>
  );
}

export function ForbiddenPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <MessagePage ctx={props.ctx} title={t.forbiddenTitle}>
      <p>{t.forbiddenBody}</p>
    </MessagePage>
  );
}
