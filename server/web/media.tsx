import { createRouter } from "../app-env.ts";
import { complaintScope } from "../auth/roles.ts";
import { mediaComplaintCounts, mediaComplaints, type MediaTab } from "../complaints/page-queries.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { messages } from "../../views/i18n/index.ts";
import { MEDIA_TABS, MediaListPage, type MediaListRow } from "../../views/pages/staff/media.tsx";
import { langOf } from "./context.ts";
import { dateText } from "./dates.ts";
import { respond } from "./respond.tsx";
import { requireStaff } from "./staff/guard.ts";

// The national unit's list of media complaints (seed 002 §5.2): which closed ones still
// await the reply to the outlet that published them, which are being handled, which were
// answered. The reply itself is recorded on the complaint's page (lifecycle `answer_outlet`).

const DAY = 86_400_000;

export function mediaRoutes() {
  const app = createRouter();
  app.get("/national/media", requireStaff, async (c) => {
    // The unit's case workers and analysts (who read every agency's complaints); not agencies.
    if (complaintScope(c.var.staff!).kind !== "all") return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const asked = c.req.query("tab");
    const tab: MediaTab = MEDIA_TABS.includes(asked as MediaTab) ? (asked as MediaTab) : "awaiting";
    const now = c.var.deps.clock.now();
    const [rows, counts, names] = await Promise.all([
      mediaComplaints(c.var.deps.db, tab),
      mediaComplaintCounts(c.var.deps.db),
      directoryNames(c.var.deps.db),
    ]);
    const list: MediaListRow[] = rows.map((r) => {
      const a = r.agencyCode ? names.agency(r.agencyCode) : null;
      return {
        reference: r.reference,
        outlet: r.media?.outlet ?? "",
        publishedOn: r.media?.publishedOn ?? "",
        agencyName: a ? inLang(a, lang) : (r.agencyCode ?? "—"),
        subject: r.title ?? r.text.slice(0, 80),
        status: r.status,
        closedAt: r.closedAt,
        outcome: r.outcome,
        waitingDays: r.closedAt ? Math.max(0, Math.floor((now.getTime() - r.closedAt.getTime()) / DAY)) : null,
        reply: r.reply && { repliedOn: r.reply.repliedOn, means: r.reply.means },
      };
    });
    return respond(
      c,
      t.media.listTitle,
      <MediaListPage t={t} lang={lang} tab={tab} counts={counts} rows={list} dates={dateText(c.var.deps.calendar, lang)} />,
    );
  });
  return app;
}
