import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { OPERATION_SEARCH_ATTRIBUTES } from '@temporal-operations/client';
import type { TemporalConnectionConfig } from './temporal-connection-config';
import { transportProblem } from './temporal-transport-check';

/** gRPC status codes that mean "no usable answer", where the transport is worth a look. */
const UNREACHABLE_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;

/** Thrown by a process that cannot work without Temporal; its message is the one line to print. */
export class TemporalNotReadyError extends Error {
  override name = 'TemporalNotReadyError';
}

/** The command that registers the operation search attributes, for the line that says they are missing. */
export function registerSearchAttributesCommand(namespace: string): string {
  return (
    `deploy/temporal/register-search-attributes.sh, or for each: temporal operator search-attribute create ` +
    `--namespace ${namespace} --name <name> --type Keyword`
  );
}

/**
 * Whether Temporal is usable for operations: it answers within `timeoutMs` (bounded here too,
 * since the SDK's retries can outlive a gRPC deadline), the namespace exists and has the
 * operation search attributes. Returns undefined when it is, else one line saying why.
 */
export async function temporalProblem(
  connection: Connection,
  config: TemporalConnectionConfig,
  timeoutMs: number,
): Promise<string | undefined> {
  const { namespace } = config;
  let listed: Awaited<ReturnType<Connection['operatorService']['listSearchAttributes']>>;
  try {
    listed = await within(
      connection.withDeadline(Date.now() + timeoutMs, () =>
        connection.operatorService.listSearchAttributes({ namespace }),
      ),
      timeoutMs,
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const detail = String((error as Error).message ?? error).split('\n')[0];
    if (code === NOT_FOUND) return `namespace ${namespace} does not exist at ${config.address}: ${detail}`;
    if (code === UNAUTHENTICATED || code === PERMISSION_DENIED) {
      return `Temporal at ${config.address} refused this service's credentials (TEMPORAL_API_KEY or the client certificate): ${detail}`;
    }
    if (typeof code === 'number' && !UNREACHABLE_CODES.has(code)) return `Temporal at ${config.address}: ${detail}`;
    return (await transportProblem(config, Math.min(timeoutMs, 1000))) ?? `Temporal at ${config.address}: ${detail}`;
  }
  const existing = listed.customAttributes ?? {};
  const missing = OPERATION_SEARCH_ATTRIBUTES.filter(
    (key) => existing[key.name] !== encodeSearchAttributeIndexedValueType(key.type),
  ).map((key) => key.name);
  if (missing.length === 0) return undefined;
  return (
    `namespace ${namespace} lacks the search attributes ${missing.join(', ')} (Keyword): ` +
    `register them with ${registerSearchAttributesCommand(namespace)}`
  );
}

/** A readiness check with a connection of its own; close it with the process. */
export interface TemporalProbe {
  /** Undefined when Temporal is usable for operations, else one line saying why; see `temporalProblem`. */
  problem(timeoutMs: number): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * Probes on a channel without the SDK's retry interceptor: a probe must answer about now, and
 * a retry still pending when the channel closes would throw out of a timer.
 */
export function createTemporalProbe(config: TemporalConnectionConfig): TemporalProbe {
  const connection = Connection.lazy({ ...config.connectionOptions, interceptors: [] });
  return {
    problem: (timeoutMs) => temporalProblem(connection, config, timeoutMs),
    close: () => connection.close(),
  };
}

/**
 * Probes until Temporal is usable or `totalMs` has passed, a second apart: a server that starts
 * beside this process, or a search attribute still on its way to the frontend's cache, is worth
 * a short wait. Returns undefined once usable, else the last problem.
 */
export async function waitForTemporal(probe: TemporalProbe, totalMs: number): Promise<string | undefined> {
  const until = Date.now() + totalMs;
  for (;;) {
    const problem = await probe.problem(Math.max(1000, Math.min(5000, until - Date.now())));
    if (!problem || Date.now() + 1000 >= until) return problem;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
