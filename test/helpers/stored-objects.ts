import type { ObjectStore } from '../../packages/jobs/src/files/object-store';

/** Every object key under a prefix. */
export async function storedKeys(store: ObjectStore, prefix = 'operations/'): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of store.client.listObjectsV2(store.bucket, prefix, true) as AsyncIterable<{ name?: string }>) {
    if (item.name) keys.push(item.name);
  }
  return keys.sort();
}

/** Every multipart upload under a prefix that was started and neither completed nor aborted. */
export async function incompleteUploads(store: ObjectStore, prefix = 'operations/'): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of store.client.listIncompleteUploads(store.bucket, prefix, true) as AsyncIterable<{
    key: string;
  }>) {
    keys.push(item.key);
  }
  return keys.sort();
}
