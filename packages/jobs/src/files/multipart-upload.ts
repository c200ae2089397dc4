import type { ObjectStore } from './object-store';
import { ObjectStoreError } from './object-store-error';

/**
 * One S3 multipart upload whose parts go up in the background, at most `partsInFlight` at a
 * time: `send` waits while that many are uploading, which is what slows the reader down.
 */
export class MultipartUpload {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly etags: { part: number; etag: string }[] = [];
  private failure: ObjectStoreError | null = null;
  private nextPart = 1;

  private constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
    private readonly uploadId: string,
    private readonly partsInFlight: number,
  ) {}

  /** Starts a multipart upload of one object. */
  static async start(store: ObjectStore, key: string, contentType: string, partsInFlight: number) {
    const uploadId = await storeCall('start an upload', () =>
      store.client.initiateNewMultipartUpload(store.bucket, key, { 'Content-Type': contentType }),
    );
    return new MultipartUpload(store, key, uploadId, partsInFlight);
  }

  /**
   * Queues the next part and returns once it is uploading; `done` gets the buffer back when it
   * is no longer needed. Rejects when an earlier part failed.
   */
  async send(part: Buffer, done: (buffer: Buffer) => void = () => {}): Promise<void> {
    while (this.inFlight.size >= this.partsInFlight) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const partNumber = this.nextPart++;
    const upload = this.store.client
      .uploadPart(
        { bucketName: this.store.bucket, objectName: this.key, uploadID: this.uploadId, partNumber, headers: {} },
        part,
      )
      .then(
        ({ etag }) => {
          this.etags.push({ part: partNumber, etag });
          done(part);
        },
        (error: unknown) => {
          this.failure ??= storeError(`upload part ${partNumber}`, error);
        },
      )
      .finally(() => this.inFlight.delete(upload));
    this.inFlight.add(upload);
  }

  /** Waits for the parts still uploading, then joins them into the object. */
  async complete(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    const etags = [...this.etags].sort((a, b) => a.part - b.part);
    await storeCall('complete the upload', () =>
      this.store.client.completeMultipartUpload(this.store.bucket, this.key, this.uploadId, etags),
    );
  }

  /** Drops the upload and every part sent so far; the object never appears. Best effort: rejects only when the store refuses. */
  async abort(): Promise<void> {
    // A part still in flight could otherwise land after the abort.
    await Promise.allSettled(this.inFlight);
    await storeCall('abort the upload', () =>
      this.store.client.abortMultipartUpload(this.store.bucket, this.key, this.uploadId),
    );
  }
}

/** Runs one call to the object store, turning its failure into an `ObjectStoreError`. */
export async function storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storeError(what, error);
  }
}

function storeError(what: string, error: unknown): ObjectStoreError {
  return new ObjectStoreError(`Could not ${what} in the object store: ${(error as Error).message}`, { cause: error });
}
