import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binaryCacheDir, cachedBinaryPath, resolveBinary, TEMPORAL_CLI } from '../../dev/binaries';
import { DevServicesError } from '../../dev/dev-services-error';

let dir: string;
let lines: string[];
const log = (line: string) => lines.push(line);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-binaries-'));
  lines = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(path: string, body: string): Promise<string> {
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** A stand-in for `go` on PATH: records its arguments and environment, then runs `body`. */
async function fakeGo(body: string): Promise<NodeJS.ProcessEnv> {
  const bin = join(dir, 'fake-bin');
  await mkdir(bin);
  await script(
    join(bin, 'go'),
    `echo "$@" >> "${dir}/go-calls"\necho "CGO_ENABLED=$CGO_ENABLED" >> "${dir}/go-calls"\n${body}`,
  );
  return { PATH: `${bin}:/usr/bin:/bin`, TEMPORAL_OPERATIONS_CACHE: join(dir, 'cache') };
}

describe('binaryCacheDir', () => {
  it('lives under ~/.cache unless TEMPORAL_OPERATIONS_CACHE says otherwise', () => {
    expect(binaryCacheDir({ HOME: '/home/a' })).toMatch(/\.cache\/temporal-operations\/bin$/);
    expect(binaryCacheDir({ TEMPORAL_OPERATIONS_CACHE: '/c' })).toBe('/c/bin');
    expect(cachedBinaryPath(TEMPORAL_CLI, { TEMPORAL_OPERATIONS_CACHE: '/c' })).toBe('/c/bin/temporal-v1.5.1');
  });
});

describe('resolveBinary', () => {
  it('takes the path variable first', async () => {
    const path = await script(join(dir, 'my-temporal'), 'exit 0');
    const env = { TEMPORAL_CLI_PATH: path, TEMPORAL_OPERATIONS_CACHE: join(dir, 'cache') };
    expect(await resolveBinary(TEMPORAL_CLI, log, env)).toEqual({ path, source: 'path variable' });
  });

  it('names the variable when it points at no executable', async () => {
    const env = { TEMPORAL_CLI_PATH: join(dir, 'missing') };
    await expect(resolveBinary(TEMPORAL_CLI, log, env)).rejects.toThrow(
      /^TEMPORAL_CLI_PATH=.*missing is not an executable file$/,
    );
  });

  it('then takes the cached build', async () => {
    const env = { TEMPORAL_OPERATIONS_CACHE: join(dir, 'cache') };
    await mkdir(binaryCacheDir(env), { recursive: true });
    const cached = await script(cachedBinaryPath(TEMPORAL_CLI, env), 'exit 0');
    expect(await resolveBinary(TEMPORAL_CLI, log, env)).toEqual({ path: cached, source: 'cache' });
    expect(lines).toEqual([]);
  });

  it('else builds with go install at the pinned version, without cgo, and says so once', async () => {
    const env = await fakeGo(
      'echo "go: downloading example.com/x v1.0.0" >&2\nprintf "#!/bin/sh\\n" > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"',
    );
    const resolved = await resolveBinary(TEMPORAL_CLI, log, env);
    expect(resolved).toEqual({ path: cachedBinaryPath(TEMPORAL_CLI, env), source: 'build' });
    expect(lines[0]).toBe('building Temporal CLI v1.5.1 (first run only, a few minutes)…');
    expect(lines).toContain('  go: downloading example.com/x v1.0.0');
    const calls = await readFile(join(dir, 'go-calls'), 'utf8');
    expect(calls).toContain(
      'install -ldflags -s -w -X github.com/temporalio/cli/temporalcli.Version=1.5.1 github.com/temporalio/cli/cmd/temporal@v1.5.1',
    );
    expect(calls).toContain('CGO_ENABLED=0');
  });

  it('builds once when two callers ask at the same time', async () => {
    const env = await fakeGo('sleep 0.3\nprintf "#!/bin/sh\\n" > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"');
    const [first, second] = await Promise.all([
      resolveBinary(TEMPORAL_CLI, log, env),
      resolveBinary(TEMPORAL_CLI, log, env),
    ]);
    expect([first.source, second.source].sort()).toEqual(['build', 'cache']);
    const calls = await readFile(join(dir, 'go-calls'), 'utf8');
    expect(calls.match(/^install /gm)).toHaveLength(1);
  });

  it('reports a failed build with its last lines and leaves no partial binary', async () => {
    const env = await fakeGo(
      'printf "#!/bin/sh\\n" > "$GOBIN/temporal"\necho "verifying module: checksum mismatch" >&2\nexit 1',
    );
    const error = await resolveBinary(TEMPORAL_CLI, log, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevServicesError);
    expect((error as Error).message).toMatch(
      /^building Temporal CLI v1.5.1 failed \(exit code 1\): .*checksum mismatch/,
    );
    expect((error as Error).message).not.toContain('\n');
    await expect(readFile(cachedBinaryPath(TEMPORAL_CLI, env))).rejects.toThrow(/ENOENT/);
  });

  it('says what to install when Go is missing', async () => {
    const env = { PATH: join(dir, 'empty'), TEMPORAL_OPERATIONS_CACHE: join(dir, 'cache') };
    await expect(resolveBinary(TEMPORAL_CLI, log, env)).rejects.toThrow(
      /^Go is needed once to build Temporal CLI v1.5.1 and "go" is not on PATH: install Go .* or set TEMPORAL_CLI_PATH .* or TEMPORAL_ADDRESS/,
    );
  });
});
