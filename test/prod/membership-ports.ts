import { createServer } from 'node:net';
import { LOOPBACK } from '../../dev/ports';

/** Temporal stores membership ports in a PostgreSQL smallint column: they must stay below 32768. */
const LOWEST = 20_000;
const HIGHEST = 32_767;
const ATTEMPTS = 200;

/**
 * `count` distinct free loopback ports in 20000..32767, outside the kernel's ephemeral range
 * (from which `freePorts` draws). Random tries, bounded: each is bound once to check it is free.
 */
export async function freeMembershipPorts(count: number): Promise<number[]> {
  const found = new Set<number>();
  for (let attempt = 0; attempt < ATTEMPTS && found.size < count; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (!found.has(port) && (await isFree(port))) found.add(port);
  }
  if (found.size < count) throw new Error(`found only ${found.size} free ports in ${LOWEST}..${HIGHEST}`);
  return [...found];
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}
