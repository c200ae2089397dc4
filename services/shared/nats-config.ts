import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { Type } from 'typebox';

/** One server URL; a cluster is several, comma-separated. */
const SERVER = '(nats|tls)://[^\\s,/]+(:\\d+)?';

/**
 * The progress bus (README, "Progress bus"): without NATS_URL the services poll Temporal, as
 * before. Credentials: user and password, or a creds file, or an nkey seed; TLS by files.
 */
export const natsConfig = {
  NATS_URL: Type.Optional(
    Type.String({
      pattern: `^${SERVER}(,${SERVER})*$`,
      description: 'the NATS server(s) of the progress bus, e.g. nats://127.0.0.1:4222 (comma-separated for a cluster)',
    }),
  ),
  NATS_USER: Type.Optional(Type.String({ minLength: 1, description: 'the NATS user (with NATS_PASSWORD)' })),
  NATS_PASSWORD: Type.Optional(Type.String({ minLength: 1, description: 'the NATS password (with NATS_USER)' })),
  NATS_CREDS_FILE: Type.Optional(Type.String({ minLength: 1, description: 'a NATS .creds file (JWT and nkey seed)' })),
  NATS_NKEY_SEED: Type.Optional(
    Type.String({ pattern: '^SU[A-Z2-7]{50,}$', description: 'a NATS user nkey seed (SU…)' }),
  ),
  NATS_TLS_CA: Type.Optional(Type.String({ minLength: 1, description: 'a PEM file of the CA of the NATS servers' })),
  NATS_TLS_CERT: Type.Optional(Type.String({ minLength: 1, description: 'a PEM client certificate for NATS' })),
  NATS_TLS_KEY: Type.Optional(Type.String({ minLength: 1, description: 'the PEM key of NATS_TLS_CERT' })),
};

/** The bus's variables that hold secrets, also readable from `<NAME>_FILE`. */
export const NATS_SECRETS = ['NATS_PASSWORD', 'NATS_NKEY_SEED'] as const;

/** Rules that span several NATS_* variables, on the raw (secret-file resolved) values. */
export function natsProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const set = Object.keys(natsConfig).filter((name) => name !== 'NATS_URL' && env[name]);
  if (!env.NATS_URL) {
    if (set.length > 0) problems.push(`${set.join(', ')} need NATS_URL (without it there is no progress bus)`);
    return problems;
  }
  if (Boolean(env.NATS_USER) !== Boolean(env.NATS_PASSWORD)) {
    problems.push('NATS_USER and NATS_PASSWORD go together (set both, or neither)');
  }
  const methods = [
    env.NATS_USER && 'NATS_USER',
    env.NATS_CREDS_FILE && 'NATS_CREDS_FILE',
    env.NATS_NKEY_SEED && 'NATS_NKEY_SEED',
  ];
  const chosen = methods.filter(Boolean);
  if (chosen.length > 1) problems.push(`${chosen.join(' and ')} are both set (choose one way to sign in to NATS)`);
  if (Boolean(env.NATS_TLS_CERT) !== Boolean(env.NATS_TLS_KEY)) {
    problems.push('NATS_TLS_CERT and NATS_TLS_KEY go together (set both, or neither)');
  }
  for (const name of ['NATS_CREDS_FILE', 'NATS_TLS_CA', 'NATS_TLS_CERT', 'NATS_TLS_KEY'] as const) {
    const path = env[name];
    if (!path) continue;
    try {
      readFileSync(path);
    } catch (error) {
      problems.push(`${name}=${JSON.stringify(path)} cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  return problems;
}

export interface NatsSettings {
  NATS_URL?: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  NATS_CREDS_FILE?: string;
  NATS_NKEY_SEED?: string;
  NATS_TLS_CA?: string;
  NATS_TLS_CERT?: string;
  NATS_TLS_KEY?: string;
}

/**
 * The client options for the validated NATS_* variables, or null without NATS_URL. The client
 * keeps trying to connect, forever and from the first attempt, so a NATS that is down at start
 * or later never stops a service: it runs on Temporal alone until NATS answers again.
 */
export function natsConnectionOptions(config: NatsSettings, name: string): NodeConnectionOptions | null {
  if (!config.NATS_URL) return null;
  const tls =
    config.NATS_TLS_CA || config.NATS_TLS_CERT || config.NATS_URL.includes('tls://')
      ? {
          ...(config.NATS_TLS_CA ? { caFile: config.NATS_TLS_CA } : {}),
          ...(config.NATS_TLS_CERT ? { certFile: config.NATS_TLS_CERT, keyFile: config.NATS_TLS_KEY } : {}),
        }
      : undefined;
  const authenticator = config.NATS_CREDS_FILE
    ? credsAuthenticator(readFileSync(config.NATS_CREDS_FILE))
    : config.NATS_NKEY_SEED
      ? nkeyAuthenticator(new TextEncoder().encode(config.NATS_NKEY_SEED))
      : undefined;
  return {
    servers: config.NATS_URL.split(','),
    name,
    ...(config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD } : {}),
    ...(authenticator ? { authenticator } : {}),
    ...(tls ? { tls } : {}),
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    // A dead server is noticed within about 4 s even when no socket error says so.
    pingInterval: 2000,
    maxPingOut: 2,
    timeout: 2000,
  };
}
