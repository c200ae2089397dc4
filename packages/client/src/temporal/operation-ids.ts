import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';
import { OPERATION_ID_PATTERN, OPERATION_ID_PREFIX } from '../contract/definitions';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new, time-ordered operation id. */
export function newOperationId(): string {
  return `${OPERATION_ID_PREFIX}${ulid(undefined, pooledRandom)}`;
}

/** Random bytes drawn from the system's CSPRNG in blocks: ulid's default asks it for one byte per character. */
const pool = new Uint8Array(4096);
let used = pool.length;

/** A fraction in [0, 1) from one random byte, as ulid's own generator gives (its 16 characters take 5 bits each). */
function pooledRandom(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]! / 256;
}

/**
 * The operation id for a user's idempotency key: the same pair always gives the same id, so
 * Temporal's workflow-id uniqueness is the idempotency check, shared by every API process. It
 * is keyed (HMAC-SHA256 with `secret`, the deployment's operation-id key): without it, anyone
 * could compute another user's id and learn whether that operation exists.
 */
export async function idempotentOperationId(
  userId: string,
  idempotencyKey: string,
  secret: Uint8Array,
): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const data = new TextEncoder().encode(`${userId}\u0000${idempotencyKey}`);
  const digest = new Uint8Array(await subtle.sign('HMAC', key, data));
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && id.length < 26) {
      id += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `${OPERATION_ID_PREFIX}${id}`;
}

/** Whether a string has the shape of an operation id (checked before any Temporal call). */
export function isOperationId(id: string): boolean {
  return OPERATION_ID_PATTERN.test(id);
}
