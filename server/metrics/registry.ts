import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../db.ts";
import { outboxDepth, slaFigures } from "./store.ts";

// The hub's Prometheus metrics (issue 18 item 4). One registry per app, not
// prom-client's global one, so several hubs in one process (the tests) do not collide.
// Figures that come from the database are read at scrape time and kept for a few
// seconds, so a scraper every second and several dashboards cost one read.

export interface HubMetrics {
  registry: Registry;
  /** One request: the route's pattern (never the raw path: references would explode the series). */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** One run of a scheduled job. */
  observeJob(name: string, seconds: number, ok: boolean): void;
}

export interface MetricsSource {
  db: Db;
  now: () => Date;
  /** The database's kind and its connection pool's configured size. */
  pool: { kind: "pglite" | "postgres"; max: number };
  /** Whether the database answers (the /readyz flag). */
  available: () => boolean;
}

const CACHE_MS = 5_000;

export function createMetrics(source: MetricsSource): HubMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "complaint-hub" });

  const requests = new Histogram({
    name: "hub_http_request_duration_seconds",
    help: "Time to answer a request, by route pattern, method and status class",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobs = new Histogram({
    name: "hub_job_duration_seconds",
    help: "Time one run of a scheduled job took",
    labelNames: ["job", "outcome"] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: "hub_job_failures_total",
    help: "Runs of a scheduled job that failed",
    labelNames: ["job"] as const,
    registers: [registry],
  });

  let cached: { at: number; value: Promise<Snapshot> } | undefined;
  type Snapshot = { outbox: Awaited<ReturnType<typeof outboxDepth>>; sla: Awaited<ReturnType<typeof slaFigures>> | null };
  const snapshot = (): Promise<Snapshot> => {
    const t = performance.now();
    if (!cached || t - cached.at > CACHE_MS) {
      const now = source.now();
      // While the database is down the scrape still answers (hub_database_up 0, the
      // request and job series): the figures it cannot read are left out, not guessed.
      const value = Promise.all([outboxDepth(source.db, now), slaFigures(source.db, now)]).then(
        ([outbox, sla]) => ({ outbox, sla }),
        () => {
          cached = undefined;
          return { outbox: [], sla: null };
        },
      );
      cached = { at: t, value };
    }
    return cached.value;
  };

  new Gauge({
    name: "hub_outbox_messages",
    help: "Messages waiting to be sent (pending) or given up on (dead), per channel",
    labelNames: ["channel", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await snapshot()).outbox) this.set({ channel: r.channel, status: r.status }, r.n);
    },
  });
  new Gauge({
    name: "hub_outbox_oldest_age_seconds",
    help: "Age of the oldest pending message, per channel",
    labelNames: ["channel"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await snapshot()).outbox) if (r.status === "pending") this.set({ channel: r.channel }, r.oldestAgeS);
    },
  });
  new Gauge({
    name: "hub_sla_due_complaints",
    help: "Complaints whose next deadline event is due now (the SLA job's backlog)",
    registers: [registry],
    async collect() {
      this.reset();
      const sla = (await snapshot()).sla;
      if (sla) this.set(sla.due);
    },
  });
  new Gauge({
    name: "hub_sla_overdue_complaints",
    help: "Open complaints past the deadline of their current step",
    registers: [registry],
    async collect() {
      this.reset();
      const sla = (await snapshot()).sla;
      if (sla) this.set(sla.overdue);
    },
  });
  new Gauge({
    name: "hub_database_pool_max_connections",
    help: "Connections the database pool may open (PGlite: 1, in the process)",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      this.set({ kind: source.pool.kind }, source.pool.max);
    },
  });
  new Gauge({
    name: "hub_database_up",
    help: "1 while the database answers, 0 from a failed connection until it answers again",
    registers: [registry],
    collect() {
      this.set(source.available() ? 1 : 0);
    },
  });

  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.observe({ route, method, status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    observeJob(name, seconds, ok) {
      jobs.observe({ job: name, outcome: ok ? "ok" : "failed" }, seconds);
      if (!ok) jobFailures.inc({ job: name });
    },
  };
}
