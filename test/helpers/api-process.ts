import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { serviceEnvironment } from '../../dev/service-environment';

const apiEntry = fileURLToPath(new URL('../../services/api/server.ts', import.meta.url));
const TAIL_LINES = 40;

/** Where the API's Temporal and S3 are (a `TestServices` fits). */
export interface ApiServices {
  temporalAddress: string;
  namespace: string;
  /** More of Temporal's standard variables (TLS files…), when the server needs them. */
  temporalEnv?: Record<string, string>;
  s3: { endpoint: string; region: string; bucket: string; accessKey: string; secretKey: string };
  /** The progress bus, when the API should use it. */
  natsUrl?: string | null;
}

export interface ApiProcessOptions {
  /** A fixed port, so that a restarted process answers on the same URL (see `freePort`). */
  port: number;
  services: ApiServices;
  taskQueue: string;
  /** The HS256 secret its tokens are signed with. */
  jwtSecret: string;
  /** More environment, applied last. */
  env?: Record<string, string>;
  /** @default 60000 */
  readyTimeoutMs?: number;
}

export interface ApiProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** Sends a signal and waits until the process has exited (SIGTERM closes gracefully, SIGKILL does not). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops this process and starts another one with the same options, on the same port. */
  restart(signal?: NodeJS.Signals): Promise<ApiProcess>;
  /** The last lines the process wrote, for failure messages. */
  tail(): string;
}

/**
 * Runs `services/api/server.ts` as its own process, as production does (no memory shared with
 * the test or with other API processes), and waits until `/readyz` answers 200. Needs no vitest
 * context, so scripts outside the test runner use it too.
 */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const { services } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', apiEntry], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      AUTH_JWT_SECRET: options.jwtSecret,
      ...serviceEnvironment(services),
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
    });
  }
  const exited = once(child, 'exit');
  // A test that fails before its cleanup must not leave an API listening.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    process.removeListener('exit', killOnExit);
  };
  const url = `http://127.0.0.1:${options.port}`;
  const tail = () => lines.join('\n');
  try {
    await waitUntilReady(url, child, options.readyTimeoutMs ?? 60_000, tail);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return {
    url,
    child,
    stop,
    tail,
    async restart(signal: NodeJS.Signals = 'SIGTERM') {
      await stop(signal);
      return startApiProcess(options);
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the API process exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`the API process on ${url} was not ready within ${timeoutMs} ms (${last}):\n${tail()}`);
}

/** An answer of `apiRequest`: the status, the headers and the parsed JSON body (or the text). */
export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP request to an API process, with a JSON body and a bearer token when given. */
export async function apiRequest<T = unknown>(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: (json ? JSON.parse(text) : text) as T };
}
