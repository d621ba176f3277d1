import type { testApp } from "./app.ts";

/** The mobile app: plain JSON over HTTP, sending the hub's Origin and keeping its cookie. */
export function mobileApp(app: ReturnType<typeof testApp>["app"], cookie = "") {
  const call = async (method: "GET" | "POST", proc: string, input?: unknown) => {
    const url =
      method === "GET"
        ? `/trpc/${proc}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
        : `/trpc/${proc}`;
    const res = await app.request(url, {
      method,
      headers: { origin: "http://localhost", "content-type": "application/json", cookie, "accept-language": "ar" },
      ...(method === "POST" ? { body: JSON.stringify(input ?? null) } : {}),
    });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    return { status: res.status, body: (await res.json()) as any };
  };
  return { query: (p: string, i?: unknown) => call("GET", p, i), mutate: (p: string, i?: unknown) => call("POST", p, i) };
}
