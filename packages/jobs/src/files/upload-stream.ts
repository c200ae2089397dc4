import type { ObjectStore } from './object-store';
import { MultipartUpload, storeCall } from './multipart-upload';
import { PartSpool } from './part-spool';

/**
 * Bytes per part: S3's minimum is 5 MiB. A part collects on disk (PartSpool) and is in memory
 * only while it uploads, so each upload holds `partsInFlight × partSize` at most, and only while
 * the store, not the client, is the slow side.
 */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;

/**
 * Parts uploading while the next one fills. One already overlaps reading with uploading; in
 * bench:upload two were no faster (the machine was CPU-bound) and held about 12 MiB more.
 */
export const UPLOAD_PARTS_IN_FLIGHT = 1;

/** S3 allows at most this many parts in one upload. */
const MAX_PARTS = 10_000;

export interface UploadStreamOptions {
  contentType: string;
  /** The most bytes the source may have; larger parts are used when 10,000 default ones would not hold it. */
  maxBytes: number;
  /** @default UPLOAD_PART_BYTES */
  partSize?: number;
  /** @default UPLOAD_PARTS_IN_FLIGHT */
  partsInFlight?: number;
  /** Where parts collect while they arrive. @default the system's temp dir */
  spoolDir?: string;
}

/**
 * Streams a source of unknown length into one object without holding it whole: a source that
 * fits in one part is one PUT, a larger one a multipart upload whose parts go up while the
 * next fills (written by hand: minio's putObject buffers every part of a stream in memory). When the source fails (the client went away, a limit was hit) or the store
 * does, the multipart upload is aborted, so neither an object nor stray parts remain; the
 * error is rethrown as it was (store failures as `ObjectStoreError`).
 */
export async function uploadStream(
  store: ObjectStore,
  key: string,
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  options: UploadStreamOptions,
): Promise<{ size: number }> {
  const partSize = Math.max(options.partSize ?? UPLOAD_PART_BYTES, Math.ceil(options.maxBytes / MAX_PARTS));
  const partsInFlight = options.partsInFlight ?? UPLOAD_PARTS_IN_FLIGHT;
  const spool = await PartSpool.create(options.spoolDir);
  // Buffers of uploaded parts are reused, so memory stays flat however long the file.
  const spare: Buffer[] = [];
  const recycle = (buffer: Buffer) => spare.push(buffer);
  let size = 0;
  let upload: MultipartUpload | null = null;
  try {
    for await (const chunk of source) {
      let offset = 0;
      while (offset < chunk.length) {
        const slice = chunk.subarray(offset, offset + partSize - spool.size);
        await spool.write(slice);
        offset += slice.length;
        size += slice.length;
        if (spool.size < partSize) continue;
        upload ??= await MultipartUpload.start(store, key, options.contentType, partsInFlight);
        await upload.send(await spool.take(spare.pop()), recycle);
      }
    }
    if (!upload) {
      const body = await spool.take();
      await storeCall('store the file', () =>
        store.client.putObject(store.bucket, key, body, body.length, { 'Content-Type': options.contentType }),
      );
      return { size };
    }
    if (spool.size > 0) await upload.send(await spool.take());
    await upload.complete();
    return { size };
  } catch (error) {
    // The original error is what the caller must see; an abort that fails leaves parts for the store's own expiry.
    await upload?.abort().catch(() => {});
    throw error;
  } finally {
    await spool.close();
  }
}
