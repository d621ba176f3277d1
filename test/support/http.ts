import type { Hono } from "hono";

/** A tiny cookie jar over `app.request`, so tests drive the app the way a browser does. */
export class Browser {
  private cookies = new Map<string, string>();
  constructor(private app: Hono<any>) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value.join("=") === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Every cookie held, to hand a signed-in session over to a real browser. */
  cookieList(): { name: string; value: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value }));
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.request(path, { headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    return res;
  }

  /** A POST with a raw body of any content type, for malformed uploads. */
  async send(path: string, body: string, contentType: string): Promise<Response> {
    const headers = { cookie: this.cookieHeader(), "content-type": contentType, origin: "http://localhost" };
    const res = await this.app.request(path, { method: "POST", headers, body });
    this.keep(res);
    return res;
  }

  /** A multipart POST (files and fields), as a browser sends a form with enctype=multipart/form-data. */
  async postForm(path: string, body: FormData): Promise<Response> {
    const res = await this.app.request(path, {
      method: "POST",
      headers: { cookie: this.cookieHeader(), origin: "http://localhost" },
      body,
    });
    this.keep(res);
    return res;
  }

  async post(path: string, fields: Record<string, string>, opts: { htmx?: boolean; origin?: string | null } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded" };
    if (opts.origin !== null) headers.origin = opts.origin ?? "http://localhost";
    if (opts.htmx) headers["hx-request"] = "true";
    const res = await this.app.request(path, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
    this.keep(res);
    return res;
  }
}

/**
 * An htmx fragment as respond() sends it: the <title> htmx moves into document.title
 * (with "Error:" while the fragment has an error summary), then the markup it swaps.
 */
export function fragmentParts(html: string): { title: string | undefined; body: string } {
  const m = /^<title>([^<]*)<\/title>/.exec(html);
  return { title: m?.[1], body: m ? html.slice(m[0].length) : html };
}

/** The texts of an error summary's entries, in order (link text or plain item). */
export function errorSummary(html: string): string[] | null {
  const m = /<div class="error-summary"[^>]*role="alert"[^>]*>([\s\S]*?)<\/ul><\/div>/.exec(html);
  if (!m) return null;
  return [...m[1]!.matchAll(/<li>(?:<a [^>]*>)?([^<]*)/g)].map((x) => x[1]!);
}
