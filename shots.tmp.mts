import { launchChromium, staffSignIn } from "./test/support/chromium.ts";
const url = "http://127.0.0.1:38417";
async function main() {
const browser = await launchChromium();
for (const lang of ["ar", "en"]) {
  for (const width of [390, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    await ctx.addCookies([{ name: "lang", value: lang, url }]);
    await staffSignIn(page, url, "admin@demo.hub.example");
    for (const [name, path] of [["holidays", "/admin/holidays?scope=agency:BURAIMI&year=2026"], ["calendar", "/admin/calendars/BURAIMI"], ["directory", "/admin/directory"], ["agency", "/admin/directory/BURAIMI"]]) {
      await page.goto(url + path);
      await page.screenshot({ path: `/tmp/calshot/shots/${name}-${lang}-${width}.png`, fullPage: name !== "agency" && name !== "holidays" });
    }
    await ctx.close();
    const ctx2 = await browser.newContext({ viewport: { width, height: 900 } });
    const p2 = await ctx2.newPage();
    await ctx2.addCookies([{ name: "lang", value: lang, url }]);
    await staffSignIn(p2, url, "analyst@demo.hub.example");
    await p2.goto(url + "/national/beyond");
    await p2.screenshot({ path: `/tmp/calshot/shots/beyond-${lang}-${width}.png`, fullPage: true });
    await ctx2.close();
  }
}
await browser.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
