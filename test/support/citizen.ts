import { eq } from "drizzle-orm";
import { citizens } from "../../schema/index.ts";
import type { testApp } from "./app.ts";
import { Browser } from "./http.ts";
import { registrationForm } from "./registry.ts";

/**
 * A citizen account made through the real registration (form, then the SMS code the
 * memory gateway caught), signed in: its browser, id and session cookie.
 */
export async function registerCitizen(h: ReturnType<typeof testApp>, form = registrationForm()) {
  const browser = new Browser(h.app);
  const start = await browser.post("/register", form);
  const challengeId = new URL(start.headers.get("location")!, "http://localhost").searchParams.get("c")!;
  await browser.post("/register/verify", { challengeId, code: /(\d{5})/.exec(h.sms.sent.at(-1)!.text)![1]! });
  const [row] = await h.deps.db.select({ id: citizens.id }).from(citizens).where(eq(citizens.nationalId, form.nationalId!));
  return { browser, citizenId: row!.id, cookie: `hub_session=${browser.cookie("hub_session")}` };
}
