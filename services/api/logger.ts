import { createRequire } from 'node:module';
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import pino from 'pino';
import type { ApiConfig } from './config';

/** Never written to a log: credentials in headers. */
const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'];

/** Pino options: JSON at LOG_LEVEL, pretty only on a terminal when pino-pretty is installed. */
export function loggerOptions(config: Pick<ApiConfig, 'LOG_LEVEL'>): FastifyServerOptions['logger'] {
  const pretty = process.stdout.isTTY && isInstalled('pino-pretty');
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Buffered: a write per line was a visible share of a start's CPU (bench/README.md). Lines wait
    // at most LOG_FLUSH_MS (warnings and errors none); pino flushes the rest at exit.
    ...(pretty
      ? { transport: { target: 'pino-pretty' } }
      : {
          stream: standardOutput(),
          // A warning or an error is what an operator waits for (or what a crash leaves): it goes out at once.
          hooks: {
            logMethod(args, method, level) {
              method.apply(this, args);
              if (level >= WARN_LEVEL) output?.flush();
            },
          },
        }),
  };
}

/** Pino's number for `warn`. */
const WARN_LEVEL = 40;

/** The longest a log line waits in the buffer. */
const LOG_FLUSH_MS = 1000;
/** Lines are written together once this many bytes wait (or LOG_FLUSH_MS passed). */
const LOG_BUFFER_BYTES = 4096;

let output: ReturnType<typeof pino.destination> | undefined;

/** One buffered stdout destination per process, however many apps it builds (the tests build many). */
function standardOutput(): ReturnType<typeof pino.destination> {
  if (!output) {
    const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
    setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
    output = destination;
  }
  return output;
}

function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Query parameters whose values are safe to log; every other value may be a credential (`?access_token=…`). */
const LOGGED_QUERY_PARAMETERS = new Set(['status', 'job', 'pageSize', 'wait']);

/** The request's URL as a log shows it: the path, and the query with every value not known to be safe redacted. */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = new URLSearchParams(url.slice(mark + 1));
  const shown = [...query].map(([name, value]) =>
    LOGGED_QUERY_PARAMETERS.has(name)
      ? `${encodeURIComponent(name)}=${encodeURIComponent(value)}`
      : `${encodeURIComponent(name)}=[redacted]`,
  );
  return `${url.slice(0, mark)}?${shown.join('&')}`;
}

/** One log line per request, when it completes, instead of Fastify's two: logging is a visible share of a request's CPU. */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const fields = {
      method: request.method,
      url: loggedUrl(request.url),
      // The client's address: behind a proxy (TRUST_PROXY), the one it forwarded.
      client: request.ip,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}
