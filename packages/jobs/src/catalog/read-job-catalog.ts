import type { ObjectStore } from '../files/object-store';
import { JOB_CATALOG_PREFIX, jobCatalogKey, parseJobCatalogEntry, type JobCatalogEntry } from './job-catalog-entry';

/** Bounds on what a reader takes from the bucket: the catalog is small, a full bucket is not. */
const MAX_ENTRIES = 1000;
const MAX_ENTRY_BYTES = 256 * 1024;

export interface CatalogRead {
  entries: JobCatalogEntry[];
  /** The object etag each entry was read at, by job name: what a later read is given as `known`. */
  etags: Map<string, string>;
  /** Objects that were skipped, each with why (for the operator's log). */
  skipped: { key: string; reason: string }[];
}

/** An entry as an earlier read returned it, with the etag its object had then. */
export interface KnownCatalogEntry {
  etag: string;
  entry: JobCatalogEntry;
}

/**
 * Every well-formed entry of the job catalog; malformed or oversized ones are skipped and named.
 * Entries in `known` (by job name) whose object's etag is unchanged are taken as they were,
 * without reading the object again: a refresh costs one listing when nothing was published.
 */
export async function readJobCatalog(
  objectStore: ObjectStore,
  known?: ReadonlyMap<string, KnownCatalogEntry>,
): Promise<CatalogRead> {
  const keys: { name: string; size: number; etag?: string }[] = [];
  const listing = objectStore.client.listObjectsV2(objectStore.bucket, JOB_CATALOG_PREFIX, true);
  for await (const item of listing as AsyncIterable<{ name?: string; size?: number; etag?: string }>) {
    if (item.name) keys.push({ name: item.name, size: item.size ?? 0, etag: item.etag });
    if (keys.length >= MAX_ENTRIES) break;
  }
  const read: CatalogRead = { entries: [], etags: new Map(), skipped: [] };
  const knownByKey = new Map([...(known?.values() ?? [])].map((each) => [jobCatalogKey(each.entry.name), each]));
  for (const { name: key, size, etag } of keys) {
    if (size > MAX_ENTRY_BYTES) {
      read.skipped.push({ key, reason: `larger than ${MAX_ENTRY_BYTES} bytes` });
      continue;
    }
    const unchanged = knownByKey.get(key);
    if (etag && unchanged?.etag === etag) {
      read.entries.push(unchanged.entry);
      read.etags.set(unchanged.entry.name, etag);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(await readText(objectStore, key));
    } catch (error) {
      read.skipped.push({ key, reason: error instanceof SyntaxError ? 'not JSON' : String(error) });
      continue;
    }
    const entry = parseJobCatalogEntry(value);
    if (typeof entry === 'string') read.skipped.push({ key, reason: entry });
    else if (jobCatalogKey(entry.name) !== key) read.skipped.push({ key, reason: `names another job, ${entry.name}` });
    else {
      read.entries.push(entry);
      // Without an etag from the listing, the entry is read again next time.
      if (etag) read.etags.set(entry.name, etag);
    }
  }
  return read;
}

async function readText(objectStore: ObjectStore, key: string): Promise<string> {
  const stream = await objectStore.client.getObject(objectStore.bucket, key);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ENTRY_BYTES) {
      stream.destroy();
      throw new Error(`larger than ${MAX_ENTRY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
