import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mime from 'mime';
import type { Client as MinioClient } from 'minio';
import type { StoredFile } from '../workflows/definitions';
import type { InputFile, OutputFileOptions, OutputFileSource } from './job-files';
import { safeFileName } from './safe-file-name';

/** A fault of the object store: transient, so the job activity is retried. */
export class ObjectStoreError extends Error {
  override name = 'ObjectStoreError';
}

/** Where an operation's files live: `operations/<id>/<kind>/<random>`, unguessable and per operation. */
export function operationFileKey(operationId: string, kind: 'input' | 'output'): string {
  return `operations/${operationId}/${kind}/${randomUUID()}`;
}

/** Reads and writes operation files in one bucket; the user's file name is metadata, never part of a key. */
export class OperationFiles {
  constructor(
    private readonly client: MinioClient,
    private readonly bucket: string,
  ) {}

  /** Uploads an output file for an operation and returns what the record keeps of it. */
  async saveOutput(operationId: string, source: OutputFileSource, options: OutputFileOptions): Promise<StoredFile> {
    const fallbackName = typeof source === 'string' ? basename(source) : 'output';
    const name = safeFileName(options.name ?? fallbackName);
    const contentType = options.contentType ?? mime.getType(name) ?? 'application/octet-stream';
    const key = operationFileKey(operationId, 'output');
    const { body, size } = await openSource(source);
    try {
      await this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType });
      const stored = await this.client.statObject(this.bucket, key);
      return { key, name, size: stored.size, contentType };
    } catch (error) {
      throw new ObjectStoreError(`Could not store the output file ${name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** The input file as a job sees it: metadata plus ways to read the bytes. */
  openInput(file: StoredFile): InputFile {
    const failure = (error: unknown) =>
      new ObjectStoreError(`Could not read the input file ${file.name}: ${(error as Error).message}`, { cause: error });
    const read = async (): Promise<Readable> => {
      let source: Readable;
      try {
        source = await this.client.getObject(this.bucket, file.key);
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

async function openSource(source: OutputFileSource): Promise<{ body: Readable | Buffer; size?: number }> {
  if (typeof source === 'string') return { body: createReadStream(source), size: (await stat(source)).size };
  if (Buffer.isBuffer(source)) return { body: source, size: source.length };
  if (source instanceof Uint8Array) return { body: Buffer.from(source), size: source.byteLength };
  return { body: source };
}
