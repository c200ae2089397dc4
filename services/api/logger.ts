import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';
import type { ApiConfig } from './config';

/** Never written to a log: credentials in headers. */
const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'];

/** Pino options: JSON at LOG_LEVEL, pretty only on a terminal when pino-pretty is installed. */
export function loggerOptions(config: Pick<ApiConfig, 'LOG_LEVEL'>): FastifyServerOptions['logger'] {
  const pretty = process.stdout.isTTY && isInstalled('pino-pretty');
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty' } } : {}),
  };
}

function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}
