import { Type } from 'typebox';

const OTLP_URL = '^https?://[^\\s]+$';
const OtlpProtocol = (description: string, defaultValue?: string) =>
  Type.Union([Type.Literal('http/protobuf'), Type.Literal('http/json')], {
    description,
    ...(defaultValue ? { default: defaultValue } : {}),
  });

/**
 * The standard OpenTelemetry variables that decide whether and where traces go; checked at
 * start so a typo stops the process with one line. The SDK reads the rest itself
 * (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_BSP_*, …).
 */
export const tracingConfig = {
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
    Type.String({
      pattern: OTLP_URL,
      description: 'OTLP/HTTP collector base URL, e.g. http://otel-collector:4318; unset turns tracing off',
    }),
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(
    Type.String({
      pattern: OTLP_URL,
      description: 'full OTLP/HTTP traces URL, e.g. http://otel-collector:4318/v1/traces',
    }),
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: OtlpProtocol('http/protobuf or http/json (grpc is not supported)', 'http/protobuf'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: Type.Optional(OtlpProtocol('http/protobuf or http/json, for traces only')),
  OTEL_SERVICE_NAME: Type.Optional(Type.String({ minLength: 1, description: 'the service.name of the spans' })),
};

/** The validated tracing variables of a service's configuration. */
export interface TracingConfig {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' | 'http/json';
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: 'http/protobuf' | 'http/json';
  OTEL_SERVICE_NAME?: string;
}
