import type { Lang, Messages } from "../../i18n/index.ts";
import type { DateText } from "../../../server/calendar/format.ts";
import type { MediaItem } from "../../../server/complaints/effects.ts";

// Complaints the media published (seed 002 §5.2): the item itself wherever staff see the
// complaint (the agency's page, the national unit's queue and review pages), and the
// unit's list of media complaints by where the reply to the outlet stands.

/** Only a web address is a link; anything else a form once let through is shown as text. */
const webLink = (s: string | undefined): string | null => (s && /^https?:\/\/[^\s]+$/i.test(s) ? s : null);

export interface OutletReply {
  repliedOn: string;
  means: string;
  text: string;
  by: string | null;
}

/** The media item: outlet, day, a safe external link and the clipping, and the outlet's reply if any. */
export function MediaItemBlock(props: {
  t: Messages;
  media: MediaItem;
  dates: DateText;
  /** Omit where the reply is not the page's business (the triage queue). */
  reply?: { status: string; answer: OutletReply | null };
  heading?: "h2" | "h3";
  /** The heading's id, unique on the page (one per item in the triage queue). */
  id?: string;
}) {
  const { t, media, dates } = props;
  const m = t.media;
  const link = webLink(media.link);
  const H = props.heading ?? "h2";
  const hid = props.id ?? "media-h";
  const means = (k: string) => m.meansNames[k as keyof typeof m.meansNames] ?? k;
  return (
    <section aria-labelledby={hid} class="media-item" data-testid="media-item">
      <H id={hid}>{m.title}</H>
      <dl class="summary">
        <dt>{m.outlet}</dt>
        <dd data-testid="media-outlet">
          <bdi>{media.outlet}</bdi>
        </dd>
        <dt>{m.publishedOn}</dt>
        <dd data-testid="media-published">{dates.date(media.publishedOn)}</dd>
        {media.link && (
          <>
            <dt>{m.link}</dt>
            <dd>
              {link ? (
                <a href={link} target="_blank" rel="noopener noreferrer" dir="ltr" data-testid="media-link">
                  {link}
                </a>
              ) : (
                <span dir="ltr">{media.link}</span>
              )}{" "}
              {link && <span class="muted">{m.linkExternal}</span>}
            </dd>
          </>
        )}
      </dl>
      {media.clipping && (
        <>
          <h3>{m.clipping}</h3>
          <blockquote class="pre" data-testid="media-clipping">
            {media.clipping}
          </blockquote>
        </>
      )}
      {props.reply && (
        <>
          <h3>{m.reply}</h3>
          {props.reply.answer ? (
            <div data-testid="outlet-reply">
              <p>{m.replied(dates.date(props.reply.answer.repliedOn), means(props.reply.answer.means), props.reply.answer.by ?? "")}</p>
              <p class="pre">{props.reply.answer.text}</p>
            </div>
          ) : (
            <p class="muted" data-testid="outlet-reply-awaiting">
              {props.reply.status === "closed" ? m.replyAwaiting : m.replyPending}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export type MediaTab = "awaiting" | "open" | "answered";
export const MEDIA_TABS: readonly MediaTab[] = ["awaiting", "open", "answered"];

export interface MediaListRow {
  reference: string;
  outlet: string;
  publishedOn: string;
  agencyName: string;
  subject: string;
  status: string;
  closedAt: Date | null;
  outcome: string | null;
  /** Working days since it closed, for the awaiting tab. */
  waitingDays: number | null;
  reply: { repliedOn: string; means: string } | null;
}

export function MediaListPage(props: {
  t: Messages;
  lang: Lang;
  tab: MediaTab;
  counts: Record<MediaTab, number>;
  rows: MediaListRow[];
  dates: DateText;
}) {
  const { t, tab, dates } = props;
  const m = t.media;
  const outcomes = t.agency.outcomes;
  return (
    <section>
      <h1>{m.listTitle}</h1>
      <p class="muted">{m.listIntro}</p>
      <nav class="tabs" aria-label={m.listTitle}>
        {MEDIA_TABS.map((k) => (
          <a href={`/national/media?tab=${k}`} aria-current={k === tab ? "page" : undefined} data-tab={k}>
            {m.tabs[k]} <span class="count">{dates.number(props.counts[k])}</span>
          </a>
        ))}
      </nav>
      {props.rows.length === 0 ? (
        <p data-testid="media-empty">{m.empty[tab]}</p>
      ) : (
        <div class="table-scroll" role="region" tabindex={0} aria-label={m.tabs[tab]}>
          <table class="list" data-testid="media-list">
            <thead>
              <tr>
                <th>{m.colReference}</th>
                <th>{m.colOutlet}</th>
                <th>{m.colPublished}</th>
                <th>{m.colAgency}</th>
                <th>{m.colSubject}</th>
                {tab === "open" ? <th>{m.colStatus}</th> : <th>{m.colClosed}</th>}
                {tab !== "open" && <th>{m.colOutcome}</th>}
                {tab === "awaiting" && <th>{m.colWaiting}</th>}
                {tab === "answered" && <th>{m.colReplied}</th>}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr data-reference={r.reference}>
                  <td>
                    <a class="code" dir="ltr" href={`/staff/complaints/${r.reference}`}>
                      {r.reference}
                    </a>
                  </td>
                  <td>
                    <bdi>{r.outlet}</bdi>
                  </td>
                  <td>{dates.date(r.publishedOn)}</td>
                  <td>{r.agencyName}</td>
                  <td>{r.subject}</td>
                  {tab === "open" ? (
                    <td>{t.complaints.status[r.status as keyof typeof t.complaints.status] ?? r.status}</td>
                  ) : (
                    <td>{r.closedAt ? dates.at(r.closedAt) : "—"}</td>
                  )}
                  {tab !== "open" && <td>{r.outcome ? (outcomes[r.outcome as keyof typeof outcomes] ?? r.outcome) : "—"}</td>}
                  {tab === "awaiting" && <td>{r.waitingDays === null ? "—" : m.waitingDays(r.waitingDays)}</td>}
                  {tab === "answered" && (
                    <td>
                      {r.reply
                        ? `${dates.date(r.reply.repliedOn)} — ${m.meansNames[r.reply.means as keyof typeof m.meansNames] ?? r.reply.means}`
                        : "—"}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
