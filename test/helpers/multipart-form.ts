import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** A text field, or a file part whose body may be streamed; `disposition` replaces the generated header value. */
export type FormPart =
  | { name: string; value: string; contentType?: string }
  | {
      name: string;
      filename?: string;
      disposition?: string;
      contentType?: string;
      body: Buffer | Iterable<Buffer> | AsyncIterable<Buffer>;
    };

/** Encodes a multipart/form-data body as it goes, never holding a file whole; `end: false` leaves out the closing boundary. */
export async function* formBody(boundary: string, parts: FormPart[], { end = true } = {}): AsyncGenerator<Buffer> {
  for (const part of parts) {
    const isFile = 'body' in part;
    const disposition =
      ('disposition' in part && part.disposition) ||
      `form-data; name="${part.name}"${isFile && part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ?? (isFile ? 'application/octet-stream' : undefined);
    yield Buffer.from(
      // Browsers send names as raw UTF-8 (WHATWG "multipart/form-data encoding"); tests choose exotic bytes through `disposition`.
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`,
    );
    if (!isFile) yield Buffer.from(part.value);
    else if (Buffer.isBuffer(part.body)) yield part.body;
    else for await (const chunk of part.body) yield chunk;
    yield Buffer.from('\r\n');
  }
  if (end) yield Buffer.from(`--${boundary}--\r\n`);
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (problems and operations). */
  json<T = Record<string, unknown>>(): T;
}

export interface PostFormOptions {
  headers?: Record<string, string>;
  /** Leave out the closing boundary (a truncated form on a cleanly ended request). */
  end?: boolean;
  /** Drop the connection once this many bytes were sent: resolves with status 0. */
  abortAfterBytes?: number;
}

/** POSTs a streamed multipart form over real HTTP (chunked), reading the answer even when it comes before the upload ends. */
export function postForm(url: string, parts: FormPart[], options: PostFormOptions = {}): Promise<HttpAnswer> {
  const boundary = `----test-${randomUUID()}`;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(answer(response.statusCode ?? 0, response.headers, Buffer.concat(chunks))));
      response.on('error', reject);
    });
    req.on('error', (error) => {
      // The server may answer early (413, 400) and close while the upload is still going.
      if (!answered) {
        if (options.abortAfterBytes !== undefined) resolve(answer(0, {}, Buffer.alloc(0)));
        else reject(error);
      }
    });
    void (async () => {
      let sent = 0;
      for await (const chunk of formBody(boundary, parts, { end: options.end ?? true })) {
        if (answered || req.destroyed) return;
        if (options.abortAfterBytes !== undefined && sent + chunk.length >= options.abortAfterBytes) {
          req.write(chunk.subarray(0, options.abortAfterBytes - sent));
          await new Promise((done) => setTimeout(done, 100));
          req.destroy();
          return;
        }
        sent += chunk.length;
        if (!req.write(chunk)) {
          await new Promise<void>((drained) => {
            const done = () => {
              req.off('drain', done).off('close', done);
              drained();
            };
            req.on('drain', done).on('close', done);
          });
        }
      }
      if (!req.destroyed) req.end();
    })().catch(reject);
  });
}

/** GETs a URL over real HTTP, collecting the body (or hashing it, for large files). */
export function httpGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(answer(response.statusCode ?? 0, response.headers, Buffer.concat(chunks))));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Streams a download and returns its status, headers, size and SHA-256, without holding it. */
export function httpDigest(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (response) => {
      const hash = createHash('sha256');
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, size, sha256: hash.digest('hex') }),
      );
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Random bytes made as they are read, with their SHA-256 and newline count once read whole. */
export function generatedFile(size: number, chunkSize = 256 * 1024) {
  const hash = createHash('sha256');
  const state = { sha256: '', newlines: 0, lastByte: -1 };
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let sent = 0; sent < size; sent += chunkSize) {
      const chunk = randomBytes(Math.min(chunkSize, size - sent));
      hash.update(chunk);
      for (const byte of chunk) if (byte === 0x0a) state.newlines++;
      state.lastByte = chunk.at(-1) ?? state.lastByte;
      yield chunk;
    }
    state.sha256 = hash.digest('hex');
  }
  return { body: chunks(), state };
}

function answer(status: number, headers: IncomingHttpHeaders, body: Buffer): HttpAnswer {
  return { status, headers, body, json: <T>() => JSON.parse(body.toString()) as T };
}
