// The hub's scheduled jobs, on node-cron. Every instance runs every schedule; the jobs
// themselves make a tick's work happen once (rows claimed with FOR UPDATE SKIP LOCKED,
// unique keys on what they produce), so adding instances adds capacity, not duplicates.

import cron from "node-cron";
import type { Logger } from "../logger.ts";
import type { HubMetrics } from "../metrics/registry.ts";
import { SpanStatusCode, type Tracer } from "@opentelemetry/api";

export interface Job {
  name: string;
  /** node-cron expression; six fields means seconds too. */
  schedule: string;
  run: () => Promise<unknown>;
  /** Also run once at start-up, to catch up on what fell due while the hub was down. */
  atStart?: boolean;
}

export function startJobs(jobs: Job[], logger: Logger, metrics?: HubMetrics, tracer?: Tracer) {
  const tasks = jobs.map((job) => {
    const tick = async () => {
      const started = performance.now();
      const span = tracer?.startSpan(`job ${job.name}`, { attributes: { "job.name": job.name } });
      try {
        const result = await job.run();
        metrics?.observeJob(job.name, (performance.now() - started) / 1000, true);
        logger.debug({ job: job.name, ms: Math.round(performance.now() - started), result }, "job ran");
      } catch (e) {
        // A failed tick is logged and retried on the next one; nothing it did half-way
        // survives (each job works in transactions).
        metrics?.observeJob(job.name, (performance.now() - started) / 1000, false);
        span?.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
        logger.error({ job: job.name, err: (e as Error).message }, "job failed");
      } finally {
        span?.end();
      }
    };
    // noOverlap: a slow tick is never run twice at once on one instance.
    const task = cron.schedule(job.schedule, tick, { name: job.name, noOverlap: true });
    if (job.atStart) void tick();
    return task;
  });
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}
