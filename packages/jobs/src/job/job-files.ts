import type { Readable } from 'node:stream';

/** The uploaded input file, as a job sees it. */
export interface InputFile {
  name: string;
  size: number;
  contentType: string;
  /** A fresh stream of the file's bytes from the object store. */
  stream(): Promise<Readable>;
  /** Downloads the file to a local path. */
  saveTo(path: string): Promise<void>;
}

/** A local file path, a Buffer, or a stream of bytes. */
export type OutputFileSource = string | Buffer | Uint8Array | Readable;

export interface OutputFileOptions {
  /** The file name the user downloads; defaults to the path's base name. */
  name?: string;
  /** Defaults from the name's extension. */
  contentType?: string;
}
