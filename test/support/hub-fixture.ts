import { afterAll, afterEach, beforeAll } from "vitest";
import type { SettableClock } from "../../server/clock.ts";
import type { AppDeps } from "../../server/app.tsx";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import type { testApp } from "./app.ts";
import { registerCitizen } from "./citizen.ts";
import { demoHub } from "./demo-hub.ts";
import type { Browser } from "./http.ts";
import { staffSessions } from "./sessions.ts";

/** Where every portal test's clock starts, and where it goes back after each test: Thursday 19 November 2026, noon. */
export const HUB_START = "2026-11-19T12:00:00+03:00";

export type HubFixture = {
  database: TestDatabase;
  h: ReturnType<typeof testApp>;
  /** A citizen registered through the real form, signed in. */
  citizen: Browser;
  citizenId: string;
  /** Signed-in demo staff by user name, signing in again when a session expired. */
  staff: ReturnType<typeof staffSessions>;
  clock: () => SettableClock;
};

/**
 * The portal tests' common start: a fresh database, the demo hub on the real directory, one
 * registered citizen and the demo staff's sessions; closed after the file, and the clock set
 * back to HUB_START after each test (tests move it, and must not depend on each other's moves).
 *
 * Call it at the top of the file; the fields are filled in its beforeAll, which runs before
 * any hook the file registers after the call.
 */
export function hubFixture(overrides: Partial<AppDeps> = {}): HubFixture {
  const f = { clock: () => f.h.deps.clock as SettableClock } as HubFixture;
  beforeAll(async () => {
    f.database = await createTestDatabase();
    f.h = await demoHub(f.database, overrides);
    ({ browser: f.citizen, citizenId: f.citizenId } = await registerCitizen(f.h));
    f.staff = staffSessions(f.h.app, f.h.deps.clock);
  });
  afterAll(async () => {
    await f.database?.close();
  });
  afterEach(() => f.clock().set(HUB_START));
  return f;
}
