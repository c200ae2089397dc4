/**
 * `npm run pack:packages [dir]`: builds every package of packages/ and packs each into one
 * tarball in `dir` (default `.packed/`), what a team installs; the examples depend on these.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');

/** The tarball of each package, by package name. */
export type PackedPackages = Record<string, string>;

export async function packPackages(destination: string): Promise<PackedPackages> {
  await mkdir(destination, { recursive: true });
  await run('npm', ['run', 'build', '--workspaces', '--if-present'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const { stdout } = await run('npm', ['pack', '--workspaces', '--json', '--pack-destination', destination], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  return Object.fromEntries(packed.map(({ name, filename }) => [name, join(destination, filename)]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const destination = resolve(process.argv[2] ?? join(root, '.packed'));
  const packed = await packPackages(destination);
  for (const [name, file] of Object.entries(packed)) console.log(`${name}: ${file}`);
}
