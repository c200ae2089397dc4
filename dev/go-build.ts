import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BinarySpec } from './binary-spec';
import { DevServicesError, type Log } from './dev-services-error';
import { spawnManaged } from './processes';

/**
 * Runs `go install <package>@<version>` into a temporary GOBIN beside `target`, then renames
 * the result into place, so a killed build never leaves a half-written binary behind.
 * Go's own progress ("go: downloading …") is passed to `log`. Call it under the build lock.
 */
export async function goInstall(spec: BinarySpec, target: string, log: Log, env = process.env): Promise<void> {
  const dir = dirname(target);
  const prefix = `.build-${basename(target)}-`;
  await removeStaleBuilds(dir, prefix);
  const gobin = await mkdtemp(join(dir, prefix));
  try {
    const go = spawnManaged({
      name: 'go install',
      command: 'go',
      args: ['install', ...(spec.ldflags ? ['-ldflags', spec.ldflags] : []), `${spec.goPackage}@${spec.version}`],
      // GOTOOLCHAIN=local: a module's `toolchain` line must not make Go download another Go.
      env: { ...env, GOBIN: gobin, CGO_ENABLED: '0', GOTOOLCHAIN: 'local' },
      onLine: (line) => log(`  ${line}`),
    });
    const { code, signal, error } = await go.exited;
    const instead = `or set ${spec.pathVariable} to a ${spec.command} binary, or ${spec.serviceVariable} to a running server`;
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new DevServicesError(
        `Go is needed once to build ${spec.label} ${spec.version} and "go" is not on PATH: install Go 1.26 or newer (https://go.dev/dl/), ${instead}`,
      );
    }
    if (code !== 0) {
      const reason = error?.message ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
      const output = go.tail().split('\n').slice(-5).join(' | ');
      throw new DevServicesError(
        `building ${spec.label} ${spec.version} failed (${reason}): ${output} — check Go and its module proxy (GOPROXY), ${instead}`,
      );
    }
    await rename(join(gobin, spec.goBinaryName ?? spec.command), target);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
}

/** Temporary GOBINs left by a killed build of the same binary. */
async function removeStaleBuilds(dir: string, prefix: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix)) await rm(join(dir, name), { recursive: true, force: true });
  }
}
