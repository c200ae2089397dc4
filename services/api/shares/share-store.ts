// Where shares live: beside the operations' files, outside their prefix (the file cleanup keeps them apart).
import { isMissingObject, SHARES_PREFIX, type ObjectStore } from '@temporal-operations/jobs';

/** One view-only link to an operation, as its owner sees it (the token itself is never stored). */
export interface Share {
  id: string;
  operationId: string;
  createdAt: string;
  expiresAt: string;
}

/** A share id: `shr_` and 22 base64url characters (128 random bits). */
export const SHARE_ID_PATTERN = /^shr_[A-Za-z0-9_-]{22}$/;

/**
 * The open shares of each operation, one small object per share in the object store:
 * `shares/<operation id>/<share id>.json`. A link works only while its object exists and has
 * not expired, so revoking (deleting the object) holds at once for every API process, and
 * survives restarts, with no store of its own. Temporal could not hold this: a closed
 * workflow takes no signal or update, and its memo cannot change.
 */
export class ShareStore {
  /** Recent (or in-flight) reads for `openRecently`, by object key. */
  readonly #recent = new Map<string, Promise<Share | null>>();

  constructor(private readonly objectStore: ObjectStore) {}

  async save(share: Share): Promise<void> {
    const body = Buffer.from(JSON.stringify(share));
    await this.objectStore.client.putObject(
      this.objectStore.bucket,
      keyOf(share.operationId, share.id),
      body,
      body.length,
      {
        'Content-Type': 'application/json',
      },
    );
  }

  /** The share, while it is open (not revoked, not expired); null otherwise. */
  async open(operationId: string, shareId: string, now = Date.now()): Promise<Share | null> {
    if (!SHARE_ID_PATTERN.test(shareId)) return null;
    let text: string;
    try {
      const stream = await this.objectStore.client.getObject(this.objectStore.bucket, keyOf(operationId, shareId));
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
    const share = JSON.parse(text) as Share;
    return share.operationId === operationId && Date.parse(share.expiresAt) > now ? share : null;
  }

  /**
   * `open`, answered from a read of this process that ended less than `maxAgeMs` ago (or is still in
   * flight) when there is one: the streams of one share's many viewers then cost one read per
   * `maxAgeMs`, not one each. A revocation elsewhere shows within `maxAgeMs` of the next read;
   * one through this process at once. Failed reads are not kept. Request checks use `open`.
   */
  async openRecently(operationId: string, shareId: string, maxAgeMs: number): Promise<Share | null> {
    const key = keyOf(operationId, shareId);
    let read = this.#recent.get(key);
    if (!read) {
      read = this.open(operationId, shareId);
      const current = read;
      this.#recent.set(key, current);
      const forget = () => {
        if (this.#recent.get(key) === current) this.#recent.delete(key);
      };
      current.then(
        () => setTimeout(forget, maxAgeMs).unref(),
        () => forget(),
      );
    }
    const share = await read;
    // The read may be a little older than now: expiry stays exact.
    return share && Date.parse(share.expiresAt) > Date.now() ? share : null;
  }

  /** The operation's open shares, soonest to expire first. */
  async list(operationId: string, now = Date.now()): Promise<Share[]> {
    const { client, bucket } = this.objectStore;
    const ids: string[] = [];
    const prefix = `${SHARES_PREFIX}${operationId}/`;
    for await (const item of client.listObjectsV2(bucket, prefix, true) as AsyncIterable<{ name?: string }>) {
      const id = item.name?.slice(prefix.length).replace(/\.json$/, '');
      if (id && SHARE_ID_PATTERN.test(id)) ids.push(id);
    }
    const shares = await Promise.all(ids.map((id) => this.open(operationId, id, now)));
    return shares
      .filter((share): share is Share => share !== null)
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  }

  /** Revokes a share; false when there was no open share of that id. */
  async revoke(operationId: string, shareId: string): Promise<boolean> {
    if (!(await this.open(operationId, shareId))) return false;
    await this.objectStore.client.removeObject(this.objectStore.bucket, keyOf(operationId, shareId));
    this.#recent.delete(keyOf(operationId, shareId));
    return true;
  }
}

function keyOf(operationId: string, shareId: string): string {
  return `${SHARES_PREFIX}${operationId}/${shareId}.json`;
}
