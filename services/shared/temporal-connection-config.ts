import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import {
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ClientConfigTLS,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import { pemProblem, type PemKind } from './pem-check';

/** Temporal's standard client variables (the CLI and every SDK read the same ones). */
export const TEMPORAL_CONNECTION_VARIABLES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_CONFIG_FILE',
  'TEMPORAL_PROFILE',
] as const;

const DEFAULT_ADDRESS = '127.0.0.1:7233';
const DEFAULT_NAMESPACE = 'default';
const ADDRESS_PATTERN = /^[^\s/]+:(\d{1,5})$/;
const NAMESPACE_PATTERN = /^[A-Za-z0-9._-]{1,255}$/;

/** How to reach Temporal, resolved from the standard variables and the TOML profile they select. */
export interface TemporalConnectionConfig {
  address: string;
  namespace: string;
  /** For `Connection.connect` (client) and `NativeConnection.connect` (worker) alike. */
  connectionOptions: {
    address: string;
    tls?: TLSConfig | boolean;
    apiKey?: string;
    metadata?: Record<string, string>;
  };
  /** Where and how it connects, for a start-up log line; never a secret. */
  summary: string;
}

/** One TLS file of the profile: its field, the variables that set it, the TOML key, what it holds. */
const TLS_FILES = [
  { field: 'clientCert', variable: 'TEMPORAL_TLS_CLIENT_CERT', toml: 'client_cert', kind: 'certificate' },
  { field: 'clientKey', variable: 'TEMPORAL_TLS_CLIENT_KEY', toml: 'client_key', kind: 'private key' },
  { field: 'serverCACert', variable: 'TEMPORAL_TLS_SERVER_CA_CERT', toml: 'server_ca_cert', kind: 'certificate' },
] as const satisfies readonly { field: keyof ClientConfigTLS; variable: string; toml: string; kind: PemKind }[];

/**
 * Resolves the Temporal connection through `@temporalio/envconfig`: the TOML profile
 * (`TEMPORAL_CONFIG_FILE`, else ~/.config/temporalio/temporal.toml; `TEMPORAL_PROFILE`, else
 * "default") overlaid by the `TEMPORAL_*` variables. Every TLS file is read and parsed here, so
 * a bad one is reported at start with the variable (or TOML key) that named it. Returns the
 * problems instead when there are any, each naming its variable.
 */
export function readTemporalConnection(
  env: NodeJS.ProcessEnv,
): { config: TemporalConnectionConfig; problems: [] } | { config?: undefined; problems: string[] } {
  // An empty variable means "unset" here as everywhere else in the configuration.
  const vars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const problems = flagProblems(vars);
  const file = vars.TEMPORAL_CONFIG_FILE ?? defaultConfigFile(vars);
  const profileName = vars.TEMPORAL_PROFILE ?? 'default';
  const where = (key: string) => `${key} of profile "${profileName}" in ${file}`;
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: vars });
  } catch (error) {
    return { problems: [...problems, profileProblem(error, vars, file)] };
  }

  const address = profile.address ?? DEFAULT_ADDRESS;
  const port = ADDRESS_PATTERN.exec(address)?.[1];
  if (!port || Number(port) < 1 || Number(port) > 65535) {
    const source = vars.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS' : where('address');
    problems.push(`${source}=${JSON.stringify(address)} is invalid (host:port of the Temporal frontend)`);
  }
  const namespace = profile.namespace ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE_PATTERN.test(namespace)) {
    const source = vars.TEMPORAL_NAMESPACE ? 'TEMPORAL_NAMESPACE' : where('namespace');
    problems.push(`${source}=${JSON.stringify(namespace)} is invalid (a Temporal namespace name)`);
  }
  const tls = profile.tls && !profile.tls.disabled ? readTlsFiles(profile.tls, vars, where, problems) : profile.tls;
  if (problems.length > 0) return { problems };

  const options = toClientOptions({ ...profile, address, namespace, tls });
  const connectionOptions = {
    address,
    tls: options.connectionOptions.tls ?? undefined,
    apiKey: profile.apiKey,
    metadata: profile.grpcMeta,
  };
  return {
    config: { address, namespace, connectionOptions, summary: summarize(address, namespace, connectionOptions) },
    problems: [],
  };
}

/** Values the SDK would silently misread. */
function flagProblems(vars: Record<string, string>): string[] {
  const problems: string[] = [];
  // envconfig takes anything but "1" and "true" as false: "TRUE" or "yes" would turn TLS off.
  if (vars.TEMPORAL_TLS !== undefined && !['true', 'false', '1', '0'].includes(vars.TEMPORAL_TLS)) {
    problems.push(`TEMPORAL_TLS=${JSON.stringify(vars.TEMPORAL_TLS)} is invalid (true or false)`);
  }
  if (vars.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION !== undefined) {
    problems.push(
      'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported by the TypeScript SDK (set TEMPORAL_TLS_SERVER_NAME to the name in the server certificate)',
    );
  }
  // envconfig ignores a missing file, which would connect with defaults instead.
  if (vars.TEMPORAL_CONFIG_FILE !== undefined) {
    try {
      readFileSync(vars.TEMPORAL_CONFIG_FILE);
    } catch (error) {
      problems.push(`TEMPORAL_CONFIG_FILE=${vars.TEMPORAL_CONFIG_FILE} cannot be read (${errorCode(error)})`);
    }
  }
  return problems;
}

function profileProblem(error: unknown, vars: Record<string, string>, file: string): string {
  const message = firstLine(error);
  if (/^Profile '/.test(message)) return `TEMPORAL_PROFILE=${vars.TEMPORAL_PROFILE} names no profile in ${file}`;
  const both = /^Cannot specify both (\w+)_path and/.exec(message);
  if (both) {
    const variable = `TEMPORAL_TLS_${both[1]!.toUpperCase()}`;
    return `${variable}_PATH and ${variable}_DATA (or ${both[1]}_path and ${both[1]}_data in ${file}) are both set: keep one`;
  }
  const source = vars.TEMPORAL_CONFIG_FILE
    ? `TEMPORAL_CONFIG_FILE=${file}`
    : `${file} (the default TEMPORAL_CONFIG_FILE)`;
  return `${source} cannot be used: ${message}`;
}

/** Reads every TLS file the profile names, checks it is the PEM it should be, and passes its bytes on. */
function readTlsFiles(
  tls: ClientConfigTLS,
  vars: Record<string, string>,
  where: (key: string) => string,
  problems: string[],
): ClientConfigTLS {
  type Field = (typeof TLS_FILES)[number]['field'];
  const names: Partial<Record<Field, string>> = {};
  const checked: Partial<Record<Field, Uint8Array>> = {};
  for (const { field, variable, toml, kind } of TLS_FILES) {
    const source = tls[field];
    if (!source) continue;
    const fromPath = 'path' in source;
    const name = vars[`${variable}_PATH`]
      ? `${variable}_PATH`
      : vars[`${variable}_DATA`]
        ? `${variable}_DATA`
        : where(fromPath ? `tls.${toml}_path` : `tls.${toml}_data`);
    names[field] = name;
    const shown = fromPath ? `${name}=${source.path}` : name;
    const bytes = readSource(source);
    const problem = typeof bytes === 'string' ? `cannot be read (${bytes})` : pemProblem(bytes, kind);
    if (problem) problems.push(`${shown} ${problem}`);
    else checked[field] = bytes as Uint8Array;
  }
  if (Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
    problems.push(
      tls.clientCert
        ? `${names.clientCert} is set without TEMPORAL_TLS_CLIENT_KEY_PATH (mutual TLS needs both)`
        : `${names.clientKey} is set without TEMPORAL_TLS_CLIENT_CERT_PATH (mutual TLS needs both)`,
    );
  } else if (checked.clientCert && checked.clientKey && !keyMatches(checked.clientCert, checked.clientKey)) {
    problems.push(`${names.clientKey} is not the private key of the certificate in ${names.clientCert}`);
  }
  const data = (bytes: Uint8Array | undefined) => (bytes ? { data: bytes } : undefined);
  return {
    ...tls,
    clientCert: data(checked.clientCert),
    clientKey: data(checked.clientKey),
    serverCACert: data(checked.serverCACert),
  };
}

function readSource(source: ConfigDataSource): Uint8Array | string {
  if ('data' in source) return typeof source.data === 'string' ? Buffer.from(source.data) : source.data;
  try {
    return readFileSync(source.path);
  } catch (error) {
    return errorCode(error);
  }
}

function keyMatches(cert: Uint8Array, key: Uint8Array): boolean {
  return new X509Certificate(Buffer.from(cert)).checkPrivateKey(createPrivateKey(Buffer.from(key)));
}

function summarize(address: string, namespace: string, options: TemporalConnectionConfig['connectionOptions']): string {
  const tls = options.tls;
  const mode = !tls ? 'no TLS' : typeof tls === 'object' && tls.clientCertPair ? 'mutual TLS' : 'TLS';
  return `${address}, namespace ${namespace}, ${mode}${options.apiKey ? ', API key' : ''}`;
}

/** Where envconfig looks when TEMPORAL_CONFIG_FILE is unset (on Linux), for messages. */
function defaultConfigFile(vars: Record<string, string>): string {
  return join(vars.XDG_CONFIG_HOME ?? join(vars.HOME ?? homedir(), '.config'), 'temporalio', 'temporal.toml');
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? firstLine(error);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
