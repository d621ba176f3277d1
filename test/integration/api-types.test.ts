import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serve, type ServerType } from "@hono/node-server";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../packages/api-types/index.d.ts";
import { generateApiTypes, OUTPUT } from "../../scripts/api-types.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { seedRegistry } from "../support/registry.ts";

// The router type a client app installs (issue 18 item 5): packages/api-types holds only a
// generated declaration file. Checked three ways: it is what the router says today; an app
// in a folder with no access to the hub's source compiles against it, and a wrong call does
// not; and the real tRPC client, typed by it, talks to a hub over a socket.

const run = promisify(execFile);
const tsc = join(process.cwd(), "node_modules/typescript/bin/tsc");

describe("the published API types", () => {
  it("are what the router says today (npm run api:types rewrites them)", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(generateApiTypes());
    // The compiler loads the whole server to walk the router: 6 s on a quiet machine, 30+ on a busy one.
  }, 180_000);

  it("compile an app that has only the package and tRPC, and refuse a call the hub would refuse", async () => {
    const app = mkdtempSync(join(tmpdir(), "hub-client-"));
    try {
      const modules = join(app, "node_modules");
      mkdirSync(join(modules, "@trpc"), { recursive: true });
      for (const p of ["client", "server"]) symlinkSync(realpathSync(`node_modules/@trpc/${p}`), join(modules, "@trpc", p));
      // A copy, not a link: the app must not reach the hub's folder through it.
      cpSync("packages/api-types", join(modules, "@complaint-hub/api-types"), { recursive: true });
      writeFileSync(
        join(app, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "ESNext",
            moduleResolution: "Bundler",
            strict: true,
            noEmit: true,
            lib: ["ES2022", "DOM", "ESNext.Disposable"],
            types: [],
          },
          include: ["*.ts"],
        }),
      );
      const client = `
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@complaint-hub/api-types";
const hub = createTRPCClient<AppRouter>({ links: [httpLink({ url: "http://localhost/trpc" })] });
export async function file(): Promise<string> {
  try {
    const r = await hub.complaints.submit.mutate({ kind: "complaint", text: "a pothole on our street", city: "riyadh", notifyBy: "sms", clientKey: "k-12345678" });
    const due: string | null = (await hub.complaints.get.query({ reference: r.reference })).dueAt;
    return r.status === "routed" ? r.reference + (due ?? "") : "triage";
  } catch (e) {
    if (e instanceof TRPCClientError) { const reason: string = e.data?.reason; return reason; }
    throw e;
  }
}
`;
      writeFileSync(join(app, "client.ts"), client);
      await run(process.execPath, [tsc, "-p", app]);

      // The test can fail: a kind the hub does not know, and a missing field, are type errors.
      writeFileSync(join(app, "wrong.ts"), client.replace('kind: "complaint"', 'kind: "rant"').replace('notifyBy: "sms", ', ""));
      const refused = await run(process.execPath, [tsc, "-p", app]).then(
        () => "",
        (e: { stdout: string }) => e.stdout,
      );
      expect(refused).toContain("wrong.ts");
      expect(refused).toMatch(/"rant"|notifyBy/);
      expect(refused).not.toContain("client.ts");
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("the tRPC client typed by the package, against a hub over HTTP", () => {
  let database: TestDatabase;
  let server: ServerType;
  let url: string;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedRegistry(database.db);
    await syncDirectory(database.db, await loadDirectory("agencies"));
    const h = testApp(database);
    cookie = (await registerCitizen(h)).cookie;
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await database.close();
  });

  // A native app sends the hub's own origin, as the README says (the CSRF check asks every POST for it).
  const client = (headers: Record<string, string> = {}) =>
    createTRPCClient<AppRouter>({ links: [httpLink({ url, headers: { origin: "http://localhost", ...headers } })] });

  it("files a complaint and reads it back", async () => {
    const hub = client({ cookie, "accept-language": "en" });
    const filed = await hub.complaints.submit.mutate({
      kind: "complaint",
      text: "The street lights on our road have been out for two weeks",
      city: "riyadh",
      notifyBy: "sms",
      clientKey: "api-types-test-1",
    });
    expect(filed.reference).toMatch(/^CMP-/);
    const got = await hub.complaints.get.query({ reference: filed.reference });
    expect(got.reference).toBe(filed.reference);
    expect(typeof got.createdAt).toBe("string");
    expect((await hub.complaints.mine.query()).map((c) => c.reference)).toContain(filed.reference);
  });

  it("gives a refusal's code and its sentence in the app's language", async () => {
    for (const [lang, pattern] of [
      ["en", /^[A-Za-z]/],
      ["ar", /[\u0600-\u06FF]/],
    ] as const) {
      const err = await client({ "accept-language": lang })
        .complaints.mine.query()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCClientError);
      const e = err as TRPCClientError<AppRouter>;
      expect(e.data?.reason).toBe("signed_out");
      expect(e.message).toMatch(pattern);
    }
    const bad = (await client({ cookie, "accept-language": "en" })
      .complaints.submit.mutate({ kind: "complaint", text: "short", city: "riyadh", notifyBy: "sms", clientKey: "api-types-test-2" })
      .catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(bad.data?.reason).toBe("invalid");
    expect(bad.data?.issues?.map((i) => i.field)).toContain("text");
  });
});
