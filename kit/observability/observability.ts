// What an entry point (gateway/index.ts, a subgraph's run.ts, npm start) turns on for operations:
// trace export when OTEL_EXPORTER_OTLP_ENDPOINT is set (tracing.ts), and the separate metrics port
// when METRICS_PORT is set (metrics-endpoint.ts). Both off by default; /metrics on the serving port
// needs nothing started here.
import { startMetricsServer } from './metrics-endpoint.js';
import { startTracing } from './tracing.js';

export async function startObservability(serviceName: string, env = process.env): Promise<{ stop(): Promise<void> }> {
  const tracing = await startTracing({ serviceName }, env);
  const metrics = await startMetricsServer(env);
  return {
    async stop() {
      await metrics?.stop();
      // Spans of the last requests are sent before the process exits.
      await tracing?.shutdown();
    },
  };
}
