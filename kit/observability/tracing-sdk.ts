// The OpenTelemetry SDK, loaded by tracing.ts only when an OTLP endpoint is configured. Spans are
// batched and sent as OTLP/HTTP JSON to <endpoint>/v1/traces (any OpenTelemetry Collector, Jaeger,
// Tempo ... accepts it). W3C trace context propagation and AsyncLocalStorage context come with
// NodeTracerProvider.register().
import { context, propagation, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { DIGIT_RUN } from './operation-label.js';

/**
 * The only span attributes that leave the process. Everything here is an identifier, a code, a
 * count or our own route and table names; anything else a library sets (Apollo's gateway can add the
 * whole document as graphql.document) is dropped, and so are span events (exception messages can
 * quote input).
 */
const EXPORTED_ATTRIBUTES = new Set([
  'http.request.method', 'http.route', 'url.path', 'http.response.status_code', 'request.id', 'service.component', 'error.type',
  'graphql.operation.name', 'graphql.operation.type', 'operationName', 'service', 'subgraph.name',
  'server.address', 'server.port',
  'db.system', 'db.system.name', 'db.operation.name', 'db.collection.name', 'db.query.summary',
]);
/** Client-chosen strings: dropped if they hold a run of digits as long as an A-number (operation-label.ts). */
const CLIENT_TEXT = new Set(['graphql.operation.name', 'operationName']);

function exportable(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!EXPORTED_ATTRIBUTES.has(key)) continue;
    kept[key] = CLIENT_TEXT.has(key) && typeof value === 'string' && DIGIT_RUN.test(value) ? '(redacted)' : value;
  }
  return kept;
}

/** Hands the exporter a view of each span with only the allowed attributes and no events. */
class AllowlistExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    const filtered = spans.map((span) => Object.create(span, { attributes: { value: exportable(span.attributes) }, events: { value: [] } }) as ReadableSpan);
    this.inner.export(filtered, done);
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function startOtlpExport(serviceName: string, endpoint: string) {
  const exporter = new AllowlistExporter(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  provider.register();
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
