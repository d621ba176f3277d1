// npm run screenshots: the main journeys as PNGs, in Arabic and English, on a phone
// (390 px) and a desktop (1280 px), so anyone can look at the hub without setting it up.
// The hub runs in this process on a temporary embedded database with the demo data and
// the small story the accessibility suite uses; nothing is kept but the pictures.
// SHOTS=voice,admin-webhooks takes only those.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launchChromium } from "../test/support/chromium.ts";
import { startStoryHub, type Role } from "../test/support/a11y-hub.ts";

const OUT = join(process.cwd(), "screenshots");
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

const hub = await startStoryHub();
const chromium = await launchChromium();
const s = hub.story;
type Shot = { name: string; role: Role; path: string; menu?: boolean };
const shots = (
  [
    { name: "home", role: "anonymous", path: "/" },
    { name: "register", role: "anonymous", path: "/register" },
    { name: "signin", role: "anonymous", path: "/signin" },
    { name: "staff-signin", role: "anonymous", path: "/staff/signin" },
    { name: "transparency", role: "anonymous", path: "/transparency" },
    { name: "file-complaint", role: "citizen", path: "/complaints/new" },
    { name: "complaint", role: "citizen", path: `/complaints/${s.complaint}` },
    { name: "my-requests", role: "citizen", path: "/complaints" },
    { name: "citizen-menu", role: "citizen", path: "/complaints", menu: true },
    { name: "agency-inbox", role: "liaison.momah", path: "/agency" },
    { name: "agency-complaint", role: "liaison.momah", path: `/staff/complaints/${s.waiting}` },
    { name: "triage", role: "triage", path: "/triage" },
    { name: "kpi", role: "analyst", path: "/national/kpi" },
    { name: "kpi-breakdowns", role: "analyst", path: "/national/kpi/breakdowns" },
    { name: "quality-audit", role: "reviewer", path: "/national/quality" },
    { name: "voice", role: "analyst", path: "/national/voice" },
    { name: "national-report", role: "analyst", path: "/national/report/2026-Q4" },
    { name: "admin-api-keys", role: "admin", path: "/admin/api-keys" },
    { name: "admin-webhooks", role: "admin", path: "/admin/webhooks" },
    { name: "agency-api-docs", role: "anonymous", path: "/api/agency/docs" },
  ] satisfies Shot[] as Shot[]
).filter((x) => !process.env.SHOTS || process.env.SHOTS.split(",").includes(x.name));

try {
  await mkdir(OUT, { recursive: true });
  let n = 0;
  for (const size of SIZES) {
    for (const role of new Set(shots.map((x) => x.role))) {
      const context = await chromium.newContext({ viewport: size });
      await context.addCookies(
        hub.sessions
          .get(role)!
          .cookieList()
          .filter((c) => c.name !== "lang")
          .map((c) => ({ ...c, url: hub.url })),
      );
      const page = await context.newPage();
      for (const lang of ["ar", "en"]) {
        await context.addCookies([{ name: "lang", value: lang, url: hub.url }]);
        for (const shot of shots.filter((x) => x.role === role)) {
          // The open menu is a phone's view; on a desktop the links are in the bar already.
          if (shot.menu && size.width > 600) continue;
          await page.goto(hub.url + shot.path);
          if (shot.menu) await page.click(".menu > summary");
          const file = join(OUT, `${shot.name}-${lang}-${size.width}.png`);
          await page.screenshot({ path: file, fullPage: !shot.menu });
          n++;
        }
      }
      await context.close();
    }
  }
  console.log(`${n} screenshots in ${OUT}`);
} finally {
  await chromium.close();
  await hub.close();
}
