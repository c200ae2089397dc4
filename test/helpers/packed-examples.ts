import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { withFileLock } from '../../dev/file-lock';
import { packPackages, type PackedPackages } from '../../dev/pack-packages';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/**
 * The packages packed as `npm pack` ships them, once per content of packages/: the examples
 * install these tarballs and nothing of this tree.
 */
export async function packedPackages(): Promise<PackedPackages> {
  const dir = join(tmpdir(), 'temporal-operations-packed', await contentHash(join(root, 'packages')));
  await mkdir(dir, { recursive: true });
  return withFileLock(
    join(dir, '.lock'),
    'packing the packages',
    () => {},
    async () => {
      const index = join(dir, 'packed.json');
      const existing = await readFile(index, 'utf8').catch(() => null);
      if (existing) return JSON.parse(existing) as PackedPackages;
      const packed = await packPackages(dir);
      await writeFile(index, JSON.stringify(packed));
      return packed;
    },
  );
}

/** An example copied out of the tree with the packed workspaces installed, as a team would install them. */
export interface InstalledExample {
  dir: string;
  remove(): Promise<void>;
}

/**
 * A copy of `examples/<name>` in a temp directory with its dependencies installed from the
 * packed tarballs (its package.json names them by file: path, rewritten here) and the
 * registry: nothing of this repository is reachable from there but the tarballs.
 */
export async function installExample(name: string): Promise<InstalledExample> {
  const packed = await packedPackages();
  const dir = await mkdtemp(join(tmpdir(), `temporal-operations-example-${name}-`));
  await cp(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !source.includes('node_modules'),
  });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, Record<string, string>>;
  for (const field of ['dependencies', 'devDependencies']) {
    for (const dependency of Object.keys(manifest[field] ?? {})) {
      if (packed[dependency]) manifest[field]![dependency] = `file:${packed[dependency]}`;
    }
  }
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
      {
        cwd: dir,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}

/** A digest of every file under `dir` but builds and installs: a changed source packs again. */
async function contentHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (current: string): Promise<void> => {
    for (const entry of (await readdir(current, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if ((await stat(path)).isFile()) hash.update(relative(dir, path)).update(await readFile(path));
    }
  };
  await walk(dir);
  return hash.digest('hex').slice(0, 16);
}

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node [...args]` in `cwd` (e.g. `['--import', 'tsx', 'src/worker.ts']`) and waits until it prints a line matching `ready`. */
export async function startNodeProcess(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 20_000,
): Promise<NodeProcess> {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = once(child, 'exit');
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    process.removeListener('exit', killOnExit);
  };
  const until = Date.now() + timeoutMs;
  while (!ready.test(text)) {
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`${args.join(' ')} did not start:\n${text}`);
    }
    await sleep(50);
  }
  return { child, output: () => text, stop };
}
