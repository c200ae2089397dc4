import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
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

/**
 * A copy of `examples/<name>` in a temp directory with its dependencies installed from the
 * packed tarballs (its package.json names them by file: path, rewritten here) and the registry.
 */
export async function installExample(name: string): Promise<string> {
  const packed = await packedPackages();
  const dir = join(tmpdir(), `temporal-operations-example-${name}-${process.pid}-${Date.now()}`);
  await cp(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !source.includes('node_modules'),
  });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { dependencies: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies)) {
    if (packed[dependency]) manifest.dependencies[dependency] = `file:${packed[dependency]}`;
  }
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return dir;
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
