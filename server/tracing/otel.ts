import type { Tracer } from "@opentelemetry/api";

// OpenTelemetry tracing (issue 18 item 4), only when OTEL_EXPORTER_OTLP_ENDPOINT is set:
// the SDK is loaded then and not otherwise, so a hub without a collector pays nothing.
// Spans are made by the hub itself (one per request, named by its route pattern, and
// one per job run) rather than by patching node's http module, which ES modules that
// import `createServer` by name would not see. The W3C `traceparent` of an incoming
// request is honoured, so a proxy's or a caller's trace continues through the hub.

export interface HubTracing {
  tracer: Tracer;
  /** Sends what is still buffered; the hub awaits it when it stops. */
  shutdown(): Promise<void>;
}

export async function startTracing(endpoint: string | undefined, serviceName = "complaint-hub"): Promise<HubTracing | undefined> {
  if (!endpoint) return undefined;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { W3CTraceContextPropagator }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/core"),
    ]);
  // OTLP over HTTP with JSON, to `${endpoint}/v1/traces` (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT overrides, as the spec says).
  const exporter = new OTLPTraceExporter({
    url: process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${endpoint.replace(/\/$/, "")}/v1/traces`,
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return { tracer: provider.getTracer("complaint-hub"), shutdown: () => provider.shutdown() };
}
