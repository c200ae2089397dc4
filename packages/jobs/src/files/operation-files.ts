import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mime from 'mime';
import type { StoredFile } from '@temporal-operations/client';
import { uploadStream } from './upload-stream';
import type { InputFile, OutputFileOptions, OutputFileSource } from '../job/job-files';
import type { ObjectStore } from './object-store';
import { ObjectStoreError } from './object-store-error';
import { safeFileName } from '../job/safe-file-name';

/**
 * What the person reads when the object store fails; its address and the cause go to the
 * operator's log (the error's `cause`, logged by the job activity), never into the operation.
 */
const STORE_UNAVAILABLE = 'the file store is unavailable';

/** Where an operation's files live: `operations/<id>/<kind>/<random>`, unguessable and per operation. */
export function operationFileKey(operationId: string, kind: 'input' | 'output'): string {
  return `operations/${operationId}/${kind}/${randomUUID()}`;
}

/**
 * Whether a stored file is one of this operation's own: its key is `operations/<id>/input/…` or
 * `…/output/…` with nothing that a store could read as another path. The record of an
 * operation may come from any Temporal client; a file of another operation is never served.
 */
export function isOperationFile(file: StoredFile, operationId: string): boolean {
  const prefix = `operations/${operationId}/`;
  return file.key.startsWith(prefix) && /^(input|output)\/[0-9A-Za-z-]{1,80}$/.test(file.key.slice(prefix.length));
}

/**
 * Where one attempt of the job puts an output file: `operations/<id>/output/<attempt>-<random>`.
 * The attempt number in the key tells a superseded attempt's files from its retry's.
 */
export function outputFileKey(operationId: string, attempt: number): string {
  return `operations/${operationId}/output/${attempt}-${randomUUID()}`;
}

/** The attempt that wrote an output file, from its key; undefined for keys of another form. */
export function attemptOfOutputKey(key: string): number | undefined {
  const match = /\/output\/(\d+)-[^/]+$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/**
 * The most an output file may hold: 10,000 parts of the default part size (about 78 GiB).
 * It only sizes the parts; a larger file fails at the store's part limit.
 */
const MAX_OUTPUT_BYTES = 10_000 * 8 * 1024 * 1024;

/** Reads and writes operation files in one bucket; the user's file name is metadata, never part of a key. */
export class OperationFiles {
  constructor(private readonly store: ObjectStore) {}

  /**
   * Uploads an output file of one attempt and returns what the record keeps of it. Streamed in
   * parts (a multipart upload past one part), so memory stays flat however large the file.
   */
  async saveOutput(
    operationId: string,
    attempt: number,
    source: OutputFileSource,
    options: OutputFileOptions,
  ): Promise<StoredFile> {
    const fallbackName = typeof source === 'string' ? basename(source) : 'output';
    const name = safeFileName(options.name ?? fallbackName);
    const contentType = options.contentType ?? mime.getType(name) ?? 'application/octet-stream';
    const key = outputFileKey(operationId, attempt);
    try {
      const { size } = await uploadStream(this.store, key, bytesOf(source), {
        contentType,
        maxBytes: MAX_OUTPUT_BYTES,
      });
      return { key, name, size, contentType };
    } catch (error) {
      // A fault of the source (a missing path, a failing stream) is the job's; only the store's are retried.
      if (!(error instanceof ObjectStoreError)) throw error;
      throw new ObjectStoreError(`Could not store the output file ${name}: ${STORE_UNAVAILABLE}`, { cause: error });
    }
  }

  /** Removes one stored file. */
  async remove(key: string): Promise<void> {
    await this.store.client.removeObject(this.store.bucket, key);
  }

  /**
   * Removes the output files of attempts before `attempt`, and this attempt's own files other
   * than `keep` (the one its record refers to). Files of later attempts are never touched: a
   * superseded attempt that gets here must not remove its retry's file.
   */
  async removeStaleOutputs(operationId: string, attempt: number, keep: string | undefined): Promise<number> {
    const { client, bucket } = this.store;
    const stale: string[] = [];
    const listing = client.listObjectsV2(bucket, `operations/${operationId}/output/`, true);
    for await (const item of listing as AsyncIterable<{ name?: string }>) {
      const written = item.name === undefined ? undefined : attemptOfOutputKey(item.name);
      if (item.name && item.name !== keep && written !== undefined && written <= attempt) stale.push(item.name);
    }
    if (stale.length > 0) await client.removeObjects(bucket, stale);
    return stale.length;
  }

  /** The input file as a job sees it: metadata plus ways to read the bytes. */
  openInput(file: StoredFile): InputFile {
    const failure = (error: unknown) =>
      new ObjectStoreError(`Could not read the input file ${file.name}: ${STORE_UNAVAILABLE}`, { cause: error });
    const read = async (): Promise<Readable> => {
      let source: Readable;
      try {
        source = await this.store.client.getObject(this.store.bucket, file.key);
      } catch (error) {
        throw failure(error);
      }
      // A connection lost midway is a store fault too: the job's attempt is retried, not failed.
      const stream = new PassThrough();
      source.on('error', (error) => stream.destroy(failure(error)));
      return source.pipe(stream);
    };
    return {
      name: file.name,
      size: file.size,
      contentType: file.contentType,
      stream: read,
      saveTo: async (path: string) => pipeline(await read(), createWriteStream(path)),
    };
  }
}

/** The source's bytes as Buffers (a stream may yield strings or other typed arrays). */
async function* bytesOf(source: OutputFileSource): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) return yield source;
  if (source instanceof Uint8Array) return yield Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const stream = typeof source === 'string' ? createReadStream(source) : source;
  for await (const chunk of stream as AsyncIterable<unknown>) {
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
  }
}
