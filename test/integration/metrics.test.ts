import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../schema/index.ts";
import { createMetrics } from "../../server/metrics/registry.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { START_TIMEOUT, startHub, type HubProcess } from "../support/server-process.ts";
import { parsePrometheus } from "../support/prometheus.ts";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// /metrics (issue 18 item 4) scraped and read with a Prometheus text-format parser, as a
// scraper would: the request histogram by route pattern, the outbox depth and age per
// channel, the SLA backlog, the database's state; and a real hub process's scrape.

let database: TestDatabase;
let hub: HubProcess | undefined;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await hub?.stop();
  await database.close();
});

const now = new Date("2026-11-19T09:00:00Z");

function hubWithMetrics(metricsToken?: string) {
  const metrics = createMetrics({
    db: database.db,
    now: () => now,
    pool: { kind: database.kind, max: 7 },
    available: () => database.available(),
  });
  return testApp(database, { metrics, ...(metricsToken ? { metricsToken } : {}) });
}

const family = (text: string, name: string) => parsePrometheus(text).get(name);
const only = (text: string, name: string) => family(text, name)!.samples[0]!.value;

describe("/metrics", () => {
  it("reports requests by route pattern, the outbox per channel and the database, parsed as Prometheus text", async () => {
    const rows = (channel: "sms" | "email", status: "pending" | "dead", n: number, ageS: number) =>
      Array.from({ length: n }, (_, i) => ({
        channel,
        recipient: "x",
        template: "complaint_received",
        lang: "ar" as const,
        payload: {},
        idempotencyKey: `metrics:${channel}:${status}:${i}`,
        status,
        nextAttemptAt: now,
        createdAt: new Date(now.getTime() - ageS * 1000 - i * 1000),
      }));
    await database.db.insert(outbox).values([...rows("sms", "pending", 3, 120), ...rows("email", "dead", 2, 10)]);

    const h = hubWithMetrics();
    expect((await h.app.request("/track")).status).toBe(200);
    expect((await h.app.request("/complaints/CMP-2026-ABCDEF")).status).toBeLessThan(500);
    expect((await h.app.request("/no/such/page")).status).toBe(404);
    const res = await h.app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();

    const http = family(text, "hub_http_request_duration_seconds")!;
    expect(http.type).toBe("histogram");
    const counts = http.samples.filter((m) => m.name.endsWith("_count"));
    const routes = counts.map((m) => m.labels.route);
    expect(routes).toContain("/track");
    expect(routes).toContain("unmatched");
    // A pattern, never a reference: the series do not grow with the complaints.
    expect(routes.some((r) => r!.includes("CMP-2026-ABCDEF"))).toBe(false);
    const track = counts.find((m) => m.labels.route === "/track")!;
    expect(track.labels).toMatchObject({ method: "GET", status: "2xx", service: "complaint-hub" });
    expect(track.value).toBe(1);
    const inf = http.samples.find((m) => m.name.endsWith("_bucket") && m.labels.route === "/track" && m.labels.le === "+Inf");
    expect(inf?.value).toBe(1);

    const depth = family(text, "hub_outbox_messages")!.samples;
    expect(depth.find((m) => m.labels.channel === "sms" && m.labels.status === "pending")?.value).toBe(3);
    expect(depth.find((m) => m.labels.channel === "email" && m.labels.status === "dead")?.value).toBe(2);
    const oldest = family(text, "hub_outbox_oldest_age_seconds")!.samples;
    expect(oldest.map((m) => [m.labels.channel, m.value])).toEqual([["sms", 122]]);
    expect(only(text, "hub_sla_due_complaints")).toBe(0);
    expect(only(text, "hub_sla_overdue_complaints")).toBe(0);
    expect(only(text, "hub_database_up")).toBe(1);
    expect(family(text, "hub_database_pool_max_connections")!.samples[0]).toMatchObject({ labels: { kind: database.kind }, value: 7 });
  });

  it("asks for METRICS_TOKEN when one is set", async () => {
    const h = hubWithMetrics("a-long-metrics-token-0123456789");
    const none = await h.app.request("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await h.app.request("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await h.app.request("/metrics", { headers: { authorization: "Bearer a-long-metrics-token-0123456789" } });
    expect(ok.status).toBe(200);
    expect(family(await ok.text(), "hub_database_up")).toBeDefined();
  });

  it(
    "is served by the hub process, with its jobs' durations, to a scraper on the same machine",
    async () => {
      hub = await startHub({
        HUB_DEMO: "0",
        DATA_DIR: await mkdtemp(join(tmpdir(), "hub-metrics-")),
        ...(database.url ? { DATABASE_URL: database.url, HUB_SECRET: "metrics-test-secret-".padEnd(40, "x") } : {}),
      });
      // The outbox job runs at start-up; its first run shows once it finished.
      let text = "";
      for (let i = 0; i < 300; i++) {
        text = await (await fetch(`${hub.url}/metrics`)).text();
        if (family(text, "hub_job_duration_seconds")?.samples.some((m) => m.labels.job === "outbox")) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const jobs = family(text, "hub_job_duration_seconds")!;
      expect(jobs.samples.find((m) => m.labels.job === "outbox" && m.name.endsWith("_count"))?.labels.outcome).toBe("ok");
      expect(only(text, "hub_database_up")).toBe(1);
    },
    START_TIMEOUT + 120_000,
  ); // the start's own budget, then the scrapes
});
