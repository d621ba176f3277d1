import { Layout, type PageContext } from "../layout.tsx";

export function NotFoundPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.notFoundTitle}>
      <section class="message">
        <h1>{t.notFoundTitle}</h1>
        <p>{t.notFoundBody}</p>
        <p>
          <a href="/">{t.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}

export function ErrorPage(props: { ctx: PageContext; errorId: string }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.errorTitle}>
      <section class="message">
        <h1>{t.errorTitle}</h1>
        <p>{t.errorBody}</p>
        <p class="muted">{t.errorReference(props.errorId)}</p>
        <p>
          <a href="/">{t.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}

export function ForbiddenPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.forbiddenTitle}>
      <section class="message">
        <h1>{t.forbiddenTitle}</h1>
        <p>{t.forbiddenBody}</p>
        <p>
          <a href="/">{t.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}
