import { createServer, type Server } from "node:http";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { freePort, SLOW_TEST_TIMEOUT, startHub, type HubProcess } from "../support/server-process.ts";

// OpenTelemetry (issue 18 item 4): with OTEL_EXPORTER_OTLP_ENDPOINT set, the hub process
// sends its spans over OTLP/HTTP (JSON) to the collector; here a collector of the
// test's own records what arrives. A request that carries a W3C traceparent continues
// that trace; spans are named by route pattern; the jobs' runs are spans too.

type OtlpSpan = { name: string; traceId: string; parentSpanId?: string; attributes: { key: string; value: Record<string, unknown> }[] };
type OtlpBody = {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
};

let collector: Server | undefined;
let hub: HubProcess | undefined;
let database: TestDatabase | undefined;
afterAll(async () => {
  await hub?.stop();
  await new Promise((r) => (collector ? collector.close(r) : r(undefined)));
  await database?.close();
});

describe("tracing to an OTLP collector", () => {
  it(
    "sends a span per request in the caller's trace, named by route, and the jobs' runs",
    async () => {
      const spans: { service: string; span: OtlpSpan }[] = [];
      const arrived: (() => void)[] = [];
      collector = createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
          if (req.url === "/v1/traces") {
            for (const rs of (JSON.parse(body) as OtlpBody).resourceSpans) {
              const service = rs.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? "";
              for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ service, span });
            }
            arrived.splice(0).forEach((f) => f());
          }
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
        });
      });
      const port = await freePort();
      await new Promise<void>((r) => collector!.listen(port, "127.0.0.1", r));

      const env: Record<string, string> = {
        HUB_DEMO: "0",
        DATA_DIR: await mkdtemp(join(tmpdir(), "hub-otel-")),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      };
      if (process.env.DATABASE_URL) {
        database = await createTestDatabase();
        Object.assign(env, { DATABASE_URL: database.url!, HUB_SECRET: "otel-test-secret-".padEnd(40, "x") });
      }
      hub = await startHub(env);
      const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      const res = await fetch(`${hub.url}/track`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      expect(res.status).toBe(200);

      const find = () => spans.find((s) => s.span.traceId === traceId);
      const deadline = Date.now() + 60_000;
      while (!find() || !spans.some((s) => s.span.name.startsWith("job "))) {
        if (Date.now() > deadline) throw new Error(`spans seen: ${JSON.stringify(spans.map((s) => s.span.name))}\n${hub.output()}`);
        await new Promise<void>((r) => arrived.push(r));
      }
      const request = find()!;
      expect(request.service).toBe("complaint-hub");
      expect(request.span.name).toBe("GET /track");
      expect(request.span.parentSpanId).toBe("00f067aa0ba902b7");
      const attr = (k: string) => request.span.attributes.find((a) => a.key === k)?.value;
      expect(attr("http.route")).toEqual({ stringValue: "/track" });
      expect(Object.values(attr("http.response.status_code")!)[0]).toBe(200);
    },
    SLOW_TEST_TIMEOUT,
  );
});
