import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Collects the next part of an upload in a temporary file, not in memory: a client that sends
 * slowly (or stops just short of a full part) then holds disk, not the API's memory. A part is
 * read into memory only once it is complete, for as long as its upload to the store takes.
 */
export class PartSpool {
  #size = 0;

  private constructor(
    private readonly dir: string,
    private readonly file: FileHandle,
  ) {}

  /** A spool in its own directory under `parent` (default: the system's temp dir). */
  static async create(parent = tmpdir()): Promise<PartSpool> {
    const dir = await mkdtemp(join(parent, 'operations-upload-'));
    try {
      return new PartSpool(dir, await open(join(dir, 'part'), 'w+', 0o600));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Bytes collected for the current part. */
  get size(): number {
    return this.#size;
  }

  async write(bytes: Buffer): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, written, bytes.length - written, this.#size + written);
      written += bytesWritten;
    }
    this.#size += bytes.length;
  }

  /** The collected part, in memory (in `into` when it is large enough); the spool starts the next part empty. */
  async take(into?: Buffer): Promise<Buffer> {
    const part = into && into.length >= this.#size ? into.subarray(0, this.#size) : Buffer.allocUnsafe(this.#size);
    let read = 0;
    while (read < part.length) {
      const { bytesRead } = await this.file.read(part, read, part.length - read, read);
      if (bytesRead === 0) throw new Error('the upload spool file is shorter than what was written to it');
      read += bytesRead;
    }
    this.#size = 0;
    return part;
  }

  /** Removes the file; the spool is unusable afterwards. */
  async close(): Promise<void> {
    await this.file.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }
}
