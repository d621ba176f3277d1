import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { Lang, Messages } from "./i18n/index.ts";

export interface PageContext {
  lang: Lang;
  t: Messages;
  /** The current path, so the language switch brings the user back to the same page. */
  path: string;
  demo: boolean;
  /** Who is signed in, for the navigation; a citizen and staff have separate sessions. */
  citizenSignedIn: boolean;
  staffSignedIn: boolean;
  /** A liaison officer's new work since they last opened the inbox (undefined: not an officer). */
  newWork?: number | undefined;
}

export function Layout(props: { ctx: PageContext; title?: string; children?: Child }) {
  const { lang, t, path, demo, citizenSignedIn, staffSignedIn, newWork } = props.ctx;
  const other: Lang = lang === "ar" ? "en" : "ar";
  const title = props.title ? `${props.title} | ${t.hubName}` : t.hubName;
  return (
    <>
      {raw("<!DOCTYPE html>")}
    <html lang={lang} dir={t.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        {demo && (
          <div class="demo-banner" role="note">
            {t.demoBanner} <a href="/demo">{t.demoAccountsLink}</a>
          </div>
        )}
        <header class="site-header">
          <a class="brand" href="/">
            {t.hubName}
          </a>
          <nav aria-label={t.home}>
            {staffSignedIn && <a href="/staff">{t.navStaffPortal}</a>}
            {newWork !== undefined && (
              <a href="/agency" data-testid="new-work">
                {t.agency.inboxLink}
                {newWork > 0 && " "}
                {newWork > 0 && (
                  <span class="badge warn" aria-label={t.agency.newItems(newWork)}>
                    {t.agency.newItems(newWork)}
                  </span>
                )}
              </a>
            )}
            {citizenSignedIn ? (
              <>
                <a href="/complaints">{t.complaints.myComplaints}</a>
                <a href="/reports">{t.reports.myReports}</a>
                <a href="/account">{t.navMyAccount}</a>
                <form method="post" action="/signout" class="inline">
                  <button type="submit" class="link">
                    {t.navSignOut}
                  </button>
                </form>
              </>
            ) : (
              !staffSignedIn && <a href="/signin">{t.navSignIn}</a>
            )}
            <a
              class="lang-switch"
              href={`/lang/${other}?next=${encodeURIComponent(path)}`}
              hreflang={other}
              lang={other}
              aria-label={t.switchLanguageLabel}
              data-testid="lang-switch"
            >
              {t.switchLanguage}
            </a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <p>{t.footer}</p>
          <p>
            <a href="/privacy">{t.footerPrivacy}</a> · <a href="/transparency">{t.kpi.transparencyLink}</a> · <a href="/staff/signin">{t.footerStaff}</a>
          </p>
        </footer>
      </body>
    </html>
    </>
  );
}
