import { Layout, type PageContext } from "../layout.tsx";

/** The hub's own refusals (bad input, too large, database unreachable): a title, a line, a way home. */
export function RefusalPage(props: { ctx: PageContext; kind: "badInput" | "tooLarge" | "unavailable" }) {
  const s = props.ctx.t.security;
  const title = props.kind === "badInput" ? s.badInputTitle : props.kind === "tooLarge" ? s.tooLargeTitle : s.unavailableTitle;
  const body = props.kind === "badInput" ? s.badInputBody : props.kind === "tooLarge" ? s.tooLargeBody : s.unavailableBody;
  return (
    <Layout ctx={props.ctx} title={title}>
      <section class="message" role="alert">
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <a href="/">{props.ctx.t.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}
