import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DevServicesError, type Log } from './dev-services-error';
import { goInstall } from './go-build';
import { withFileLock } from './file-lock';
import type { BinarySpec } from './binary-spec';

/** v1.6+ carries a `replace` directive that breaks `go install`, hence v1.5.1. */
export const TEMPORAL_CLI: BinarySpec = {
  label: 'Temporal CLI',
  command: 'temporal',
  goPackage: 'github.com/temporalio/cli/cmd/temporal',
  version: 'v1.5.1',
  ldflags: '-s -w -X github.com/temporalio/cli/temporalcli.Version=1.5.1',
  pathVariable: 'TEMPORAL_CLI_PATH',
  serviceVariable: 'TEMPORAL_ADDRESS',
};

export const S3_SERVER: BinarySpec = {
  label: 'S3 server (versitygw)',
  command: 'versitygw',
  goPackage: 'github.com/versity/versitygw/cmd/versitygw',
  version: 'v1.7.0',
  pathVariable: 'S3_SERVER_PATH',
  serviceVariable: 'S3_ENDPOINT',
};

/**
 * The progress bus (issue 15). v2.15.2's go.mod asks for go 1.26.0, which the machine's Go
 * satisfies; GOTOOLCHAIN=local (go-build.ts) keeps its `toolchain` line from fetching another Go.
 */
export const NATS_SERVER: BinarySpec = {
  label: 'NATS server',
  command: 'nats-server',
  goPackage: 'github.com/nats-io/nats-server/v2',
  version: 'v2.15.2',
  pathVariable: 'NATS_SERVER_PATH',
  serviceVariable: 'NATS_URL',
};

/** The Temporal server itself, for the production-like suite (`npm run test:prod`) on PostgreSQL. */
export const TEMPORAL_SERVER: BinarySpec = {
  label: 'Temporal server',
  command: 'temporal-server',
  goBinaryName: 'server',
  goPackage: 'go.temporal.io/server/cmd/server',
  version: 'v1.29.1',
  pathVariable: 'TEMPORAL_SERVER_PATH',
  serviceVariable: 'TEMPORAL_ADDRESS',
};

/** Temporal's schema tool (it embeds the schemas of its release), paired with TEMPORAL_SERVER. */
export const TEMPORAL_SQL_TOOL: BinarySpec = {
  label: 'Temporal SQL tool',
  command: 'temporal-sql-tool',
  goBinaryName: 'sql',
  goPackage: 'go.temporal.io/server/cmd/tools/sql',
  version: 'v1.29.1',
  pathVariable: 'TEMPORAL_SQL_TOOL_PATH',
  serviceVariable: 'TEMPORAL_ADDRESS',
};

/** Where a resolved binary came from. */
export type BinarySource = 'path variable' | 'cache' | 'build';

export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

/** `$TEMPORAL_OPERATIONS_CACHE/bin`, by default `~/.cache/temporal-operations/bin`; outside the tracked tree. */
export function binaryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.TEMPORAL_OPERATIONS_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'temporal-operations');
  return join(root, 'bin');
}

/** The cached file name carries the version, so a new pin never runs an old build. */
export function cachedBinaryPath(spec: BinarySpec, env: NodeJS.ProcessEnv = process.env): string {
  return join(binaryCacheDir(env), `${spec.command}-${spec.version}`);
}

/**
 * Finds the binary: the path variable, else the cached build, else builds it with
 * `go install` into the cache (once; concurrent callers wait for the first).
 */
export async function resolveBinary(spec: BinarySpec, log: Log, env = process.env): Promise<ResolvedBinary> {
  const explicit = env[spec.pathVariable];
  if (explicit) {
    if (!(await isExecutable(explicit))) {
      throw new DevServicesError(`${spec.pathVariable}=${explicit} is not an executable file`);
    }
    return { path: explicit, source: 'path variable' };
  }
  const cached = cachedBinaryPath(spec, env);
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };

  const dir = binaryCacheDir(env);
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, `${spec.command}.lock`), `the build of ${spec.label}`, log, async () => {
    // Another process may have finished the build while we waited for the lock.
    if (await isExecutable(cached)) return { path: cached, source: 'cache' };
    log(`building ${spec.label} ${spec.version} (first run only, a few minutes)…`);
    await goInstall(spec, cached, log, env);
    return { path: cached, source: 'build' };
  });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
