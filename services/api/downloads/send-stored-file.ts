import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BucketItemStat } from 'minio';
import { isMissingObject, type ObjectStore } from '@temporal-operations/jobs';
import type { StoredFile } from '@temporal-operations/client';
import { HttpProblem } from '../problem';
import { parseByteRange } from './byte-range';
import { attachmentDisposition } from './content-disposition';

const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/;

/**
 * Streams a stored file as a download: its own content type (never sniffed), its length, an
 * attachment disposition with its name, and one byte range when asked for (206, or 416 when
 * the range starts past the end). 410 when retention has removed the object, 503 when the
 * store does not answer. Headers are set only once the object is open, so a problem answer
 * never carries the file's.
 */
export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  store: ObjectStore,
  file: StoredFile,
): Promise<FastifyReply> {
  const stat = await storeRead(request, () => store.client.statObject(store.bucket, file.key));
  const etag = `"${stat.etag}"`;
  const ifRange = request.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseByteRange(request.headers.range, stat.size) : null;
  if (range?.kind === 'unsatisfiable') {
    throw new HttpProblem(416, `The range is outside the file (${stat.size} bytes).`, {
      headers: { 'content-range': `bytes */${stat.size}` },
    });
  }
  const partial = range?.kind === 'partial' ? range : null;
  const length = partial ? partial.end - partial.start + 1 : stat.size;
  // HEAD answers the headers alone: no need to open the object.
  const body =
    request.method === 'HEAD'
      ? null
      : await storeRead<Readable>(request, () =>
          partial
            ? store.client.getPartialObject(store.bucket, file.key, partial.start, length)
            : store.client.getObject(store.bucket, file.key),
        );
  reply.headers({
    'content-type': MEDIA_TYPE.test(file.contentType) ? file.contentType : 'application/octet-stream',
    'content-length': String(length),
    'content-disposition': attachmentDisposition(file.name),
    'x-content-type-options': 'nosniff',
    'accept-ranges': 'bytes',
    etag,
    // The file is the caller's own: no shared cache may keep it.
    'cache-control': 'private, no-store',
  });
  if (partial) reply.code(206).header('content-range', `bytes ${partial.start}-${partial.end}/${stat.size}`);
  return reply.send(body ?? undefined);
}

async function storeRead<T = BucketItemStat>(request: FastifyRequest, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isMissingObject(error)) {
      throw new HttpProblem(410, 'The file is no longer available: it was removed after the retention period.');
    }
    request.log.warn({ err: error }, 'the object store failed to serve a file');
    throw new HttpProblem(503, 'The file store is not reachable right now; try again shortly.', {
      headers: { 'retry-after': '5' },
    });
  }
}
