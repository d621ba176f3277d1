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
  /** The signed-in member of staff's roles, for the portal links in their menu. */
  staffRoles: string[];
  /** A liaison officer's new work since they last opened the inbox (undefined: not an officer). */
  newWork?: number | undefined;
}

/**
 * The header menu: a citizen's own pages, a member of staff's portal pages by role,
 * sign-in for a visitor; sign-out last. The current page is marked for screen readers.
 */
function menuItems(ctx: PageContext) {
  const { t, path, citizenSignedIn, staffSignedIn, staffRoles, newWork } = ctx;
  const here = path.split("?")[0];
  const link = (href: string, label: string, testid?: string) => (
    <li>
      <a href={href} aria-current={here === href ? "page" : undefined} data-testid={testid}>
        {label}
      </a>
    </li>
  );
  const has = (...roles: string[]) => roles.some((r) => staffRoles.includes(r));
  const signOut = (action: string) => (
    <li>
      <form method="post" action={action} class="inline">
        <button type="submit" class="link">
          {t.navSignOut}
        </button>
      </form>
    </li>
  );
  return (
    <>
      {staffSignedIn && (
        <>
          {link("/staff", t.navStaffPortal)}
          {has("liaison", "agency_supervisor") && (
            <li>
              <a href="/agency" aria-current={here === "/agency" ? "page" : undefined} data-testid="new-work">
                {t.agency.inboxLink}
                {newWork !== undefined && newWork > 0 && " "}
                {newWork !== undefined && newWork > 0 && <span class="badge warn">{t.agency.newItems(newWork)}</span>}
              </a>
            </li>
          )}
          {has("triage") && link("/triage", t.staff.triageLink)}
          {has("reviewer") && link("/review", t.reports.reviewLink)}
          {has("triage", "reviewer", "analyst") && link("/national/kpi", t.kpi.title)}
          {!has("triage", "reviewer", "analyst") && has("agency_supervisor") && link("/agency/kpi", t.kpi.title)}
          {has("admin") && link("/admin/staff", t.staff.adminLink)}
          {signOut("/staff/signout")}
        </>
      )}
      {citizenSignedIn && (
        <>
          {link("/complaints/new", t.navFileComplaint)}
          {link("/complaints", t.complaints.myComplaints)}
          {link("/reports", t.reports.myReports)}
          {link("/account", t.navMyAccount)}
          {signOut("/signout")}
        </>
      )}
      {!citizenSignedIn && !staffSignedIn && (
        <>
          {link("/signin", t.navSignIn)}
          {link("/register", t.navRegister)}
          {/* Following a request without an account (/track) had no way in from the pages. */}
          {link("/track", t.track.title)}
        </>
      )}
    </>
  );
}

/** "<page> | <hub>", with the error prefix while the page shows an error summary. */
export function pageTitle(t: Messages, title: string | undefined, failed = false): string {
  return `${failed ? t.errorTitlePrefix : ""}${title ? `${title} | ${t.hubName}` : t.hubName}`;
}

export function Layout(props: { ctx: PageContext; title?: string; failed?: boolean; children?: Child }) {
  const { lang, t, path, demo } = props.ctx;
  const other: Lang = lang === "ar" ? "en" : "ar";
  const title = pageTitle(t, props.title, props.failed);
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
          <script src="/static/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {t.skipToContent}
          </a>
          <header class="site-header">
            {/* Inside the banner landmark, so no content sits outside a landmark. */}
            {demo && (
              <p class="demo-banner">
                {t.demoBanner} <a href="/demo">{t.demoAccountsLink}</a>
              </p>
            )}
            <div class="bar">
              <a class="brand" href="/">
                {t.hubName}
              </a>
              {/* A disclosure, so the menu opens on a phone without JavaScript; on wide screens
                the stylesheet shows its content inline and hides the button. */}
              <details class="menu">
                <summary>{t.navMenu}</summary>
                <nav aria-label={t.navMainLabel}>
                  <ul>{menuItems(props.ctx)}</ul>
                </nav>
              </details>
              {/* Outside the menu: always one tap away, in the header's colours. */}
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
            </div>
          </header>
          <main id="main">{props.children}</main>
          <footer class="site-footer">
            <p>{t.footer}</p>
            <p>
              <a href="/privacy">{t.footerPrivacy}</a> · <a href="/transparency">{t.kpi.transparencyLink}</a> ·{" "}
              <a href="/staff/signin">{t.footerStaff}</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
