import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** An example copied out of the tree with the packed workspaces installed, as a team would install them. */
export interface InstalledExample {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Packs `workspaces` (e.g. `packages/status-element`) with `npm pack`, copies `examples/<name>`
 * to a temp folder and points its dependencies on them at the tarballs (`file:`), then installs:
 * nothing of this repository is reachable from there but the tarballs.
 */
export async function installExample(name: string, workspaces: string[]): Promise<InstalledExample> {
  const root = await mkdtemp(join(tmpdir(), `example-${name}-`));
  const packs = join(root, 'packs');
  const dir = join(root, name);
  try {
    await mkdir(packs);
    const tarballs: Record<string, string> = {};
    for (const workspace of workspaces) {
      const { stdout } = await run(
        'npm',
        ['pack', '--workspace', workspace, '--pack-destination', packs, '--json', '--silent'],
        { cwd: repoRoot },
      );
      const [packed] = JSON.parse(stdout) as { name: string; filename: string }[];
      tarballs[packed!.name] = `file:${join(packs, packed!.filename)}`;
    }
    await cp(join(repoRoot, 'examples', name), dir, {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
    const manifestPath = join(dir, 'package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    for (const field of ['dependencies', 'devDependencies']) {
      for (const dependency of Object.keys(manifest[field] ?? {})) {
        if (tarballs[dependency]) manifest[field][dependency] = tarballs[dependency];
      }
    }
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], { cwd: dir });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node <script>` in `cwd` and waits until it prints a line matching `ready`. */
export async function startNodeProcess(
  cwd: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 20_000,
): Promise<NodeProcess> {
  const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
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
      throw new Error(`${script} did not start:\n${text}`);
    }
    await sleep(50);
  }
  return { child, output: () => text, stop };
}
