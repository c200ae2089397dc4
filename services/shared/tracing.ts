import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { oneLineDiagLogger } from './one-line-diag-logger';
import type { TracingConfig } from './tracing-config';

/** The process's tracing: on only when an OTLP endpoint is configured. */
export interface Tracing {
  enabled: boolean;
  /** Where spans end; the worker hands it the spans its workflows send out of the sandbox. */
  spanProcessor: SpanProcessor;
  /** The service's resource (service.name and OTEL_RESOURCE_ATTRIBUTES), for those workflow spans. */
  resource: Resource;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

/** What a service has with tracing off: a sink that drops spans. */
export const TRACING_OFF: Tracing = {
  enabled: false,
  spanProcessor: new NoopSpanProcessor(),
  resource: Resource.empty(),
  shutdown: async () => {},
};

/**
 * Starts tracing for this process when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-only
 * variant) is set: spans are batched and sent over OTLP/HTTP, the W3C trace context is the
 * process's propagator, and async context follows each request and job.
 */
export function startTracing(config: TracingConfig, defaultServiceName: string): Tracing {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT && !config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return TRACING_OFF;
  // Exporters report a collector that cannot be reached through diag, silent without a logger.
  diag.setLogger(oneLineDiagLogger, DiagLogLevel.WARN);
  const protocol = config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? config.OTEL_EXPORTER_OTLP_PROTOCOL;
  // Both read the endpoint, headers, timeout and compression from the standard variables.
  const exporter = protocol === 'http/json' ? new JsonTraceExporter() : new ProtobufTraceExporter();
  const resource = Resource.default()
    .merge(new Resource({ 'service.name': defaultServiceName }))
    .merge(envDetectorSync.detect());
  const spanProcessor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { enabled: true, spanProcessor, resource, shutdown: () => provider.shutdown() };
}
