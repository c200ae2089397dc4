import { randomUUID } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevServicesError, type Log } from './dev-services-error';
import { isProcessRunning } from './processes';

const POLL_MS = 1000;
const MAX_WAIT_MS = 30 * 60_000;

/**
 * Runs `task` while holding a lock file that holds our pid. A lock whose process is gone is
 * taken over; a live one is waited for (bounded), so two processes do not build at once.
 * Builds also rename their result into place, so even a lost race leaves a whole binary.
 */
export async function withFileLock<T>(path: string, what: string, log: Log, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + MAX_WAIT_MS;
  let announced = false;
  while (!(await tryLock(path))) {
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(owner) || !isProcessRunning(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new DevServicesError(`gave up waiting for ${what} by process ${owner}; if it is stuck, remove ${path}`);
    }
    if (!announced) log(`waiting for ${what} by process ${owner}…`);
    announced = true;
    await sleep(POLL_MS);
  }
  try {
    return await task();
  } finally {
    await rm(path, { force: true });
  }
}

/** Creates the lock with our pid in one step (link fails if it exists), so no reader sees it empty. */
async function tryLock(path: string): Promise<boolean> {
  // Unique per call: two callers in one process must not share (and delete) each other's draft.
  const draft = `${path}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, String(process.pid));
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}
