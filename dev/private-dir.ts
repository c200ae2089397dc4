import { chmod, mkdir } from 'node:fs/promises';

/**
 * Makes `dir` (and its parents) and keeps it private to this user (0700), also when it already
 * existed: it holds the dev stack's secrets, its Temporal database and the stored files.
 */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}
