import type { DiagLogger } from '@opentelemetry/api';

/**
 * OpenTelemetry's own problems (a collector that cannot be reached, a refused export) as one
 * stderr line each, prefixed `OpenTelemetry:`; its default logger prints a JSON object with a
 * stack. Debug chatter is dropped.
 */
export const oneLineDiagLogger: DiagLogger = {
  error: (message, ...args) => console.error(`OpenTelemetry: ${oneLine(message, args)}`),
  warn: (message, ...args) => console.error(`OpenTelemetry: ${oneLine(message, args)}`),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};

function oneLine(message: string, args: unknown[]): string {
  return [message, ...args].map(readable).join(' ').replace(/\s+/g, ' ').trim();
}

/** The SDK's error handler passes errors as JSON text of the error's fields. */
function readable(value: unknown): string {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return readable(parsed);
    } catch {
      return value;
    }
  }
  if (value && typeof value === 'object' && 'message' in value) return String(value.message);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
