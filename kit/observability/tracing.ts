// OpenTelemetry traces, one per request, across the gateway, each subgraph fetch and each SQL
// statement. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then startTracing loads the SDK (a dynamic
// import, so a process without an endpoint never loads it) and every helper here starts real spans.
// While off, each helper is one boolean test and a direct call: no span objects, no context switches.
//
// Only @opentelemetry/api is loaded here (Apollo's gateway already loads it for its own spans:
// gateway.request, gateway.plan, gateway.fetch ... which therefore join the same trace).
// What a span may carry is decided once, in tracing-sdk.ts: attributes outside an allowlist and all
// span events are dropped before export, so no personal data can leave in a trace.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

export interface TracingHandle {
  /** Exports every span ended so far (tests, shutdown). */
  flush(): Promise<void>;
  /** Flushes, then turns tracing off again for this process. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** service.name of this process's spans ('gateway', 'enrollment', or 'supervision-gateway' for all in one). */
  serviceName: string;
  /** OTLP/HTTP base URL (spans go to <endpoint>/v1/traces); default OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint?: string;
}

let enabled = false;

export const tracingEnabled = () => enabled;

/** Starts exporting traces when an endpoint is configured; undefined (and nothing loaded) otherwise. */
export async function startTracing(options: TracingOptions, env = process.env): Promise<TracingHandle | undefined> {
  const endpoint = options.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || enabled) return undefined;
  const { startOtlpExport } = await import('./tracing-sdk.js');
  const sdk = startOtlpExport(options.serviceName, endpoint);
  enabled = true;
  return {
    flush: sdk.flush,
    async shutdown() {
      enabled = false;
      await sdk.shutdown();
    },
  };
}

/** Runs `work` in a new active span (a child of the active one), ending it when `work` settles. */
export function inSpan<T>(tracer: string, name: string, kind: SpanKind, attributes: Attributes, work: (span?: Span) => Promise<T>, parent?: Context): Promise<T> {
  if (!enabled) return work();
  return trace.getTracer(tracer).startActiveSpan(name, { kind, attributes }, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      // The error's class only: its message could quote input.
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', (error as Error)?.name ?? 'Error');
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds the W3C `traceparent` of the active span to outgoing headers (subgraph fetches). */
export function injectTraceHeaders(headers: Record<string, string>): void {
  if (enabled) propagation.inject(context.active(), headers);
}

/**
 * One server span per HTTP request, with the request id on it. `continueTrace`: the subgraphs
 * continue the caller's trace from its `traceparent`; the gateway, facing clients, starts a new
 * trace for every request (a client cannot attach itself to, or flood, another trace).
 */
export function traceServerRequest(
  req: IncomingMessage,
  res: ServerResponse,
  service: string | undefined,
  route: string,
  requestId: string,
  continueTrace: boolean,
  serve: () => Promise<void>,
): Promise<void> {
  if (!enabled) return serve();
  const parent = continueTrace ? propagation.extract(ROOT_CONTEXT, req.headers as IncomingHttpHeaders) : ROOT_CONTEXT;
  const method = req.method ?? 'GET';
  const attributes = { 'http.request.method': method, 'http.route': route, 'url.path': route, 'request.id': requestId, 'service.component': service ?? 'unknown' };
  return inSpan(service ?? 'http', `${method} ${route}`, SpanKind.SERVER, attributes, async (span) => {
    await serve();
    span?.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
  }, parent);
}

export { SpanKind };
