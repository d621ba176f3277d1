// The page as Chromium prints it: the HTML the hub served, with the stylesheet inlined
// and the scripts removed. Chromium gets the document itself (no address to fetch, no
// session to sign in with), so nothing in it may need the network. Pure.

/** The served page with `css` in place of its stylesheet link and without scripts. */
export function printableDocument(html: string, css: string): string {
  // A `</style` inside the CSS would end the element early; the hub's own stylesheet has none.
  const style = `<style>${css.replace(/<\/style/gi, "<\\/style")}</style>`;
  return html
    .replace(/<link rel="stylesheet" href="\/static\/app\.css"\s*\/?>/, () => style)
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
}
