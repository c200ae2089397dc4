import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request, type ClientRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { generatedBytes } from './upload-client';

/** What happened to a burst of uploads that stall just short of a part. */
export interface StalledUploadsResult {
  attempted: number;
  /** Still open when the hold ended: the API took them and waits for more bytes. */
  held: number;
  /** Answered 429 (a per-user or total upload limit). */
  refused: number;
  /** Any other answer, by status. */
  others: Record<string, number>;
}

/**
 * Opens `count` multipart uploads, one token per `perUserTokens` of them in turn, each sending
 * its fields and `bytesBeforeStall` of file and then nothing, holds them `holdMs`, then drops
 * them all. A stalled upload is the attack that held an 8 MiB buffer per request.
 */
export async function stalledUploads(
  url: string,
  tokens: string[],
  options: { count: number; bytesBeforeStall: number; holdMs: number },
): Promise<StalledUploadsResult> {
  const requests: ClientRequest[] = [];
  const statuses: (number | null)[] = Array.from({ length: options.count }, () => null);
  await Promise.all(
    Array.from({ length: options.count }, async (_, index) => {
      const boundary = `----stall-${randomUUID()}`;
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[index % tokens.length]}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
      });
      requests.push(req);
      // Settles once the API answered or dropped the request: writing stops then.
      const over = new Promise<void>((resolve) => {
        req.on('response', (response) => {
          statuses[index] = response.statusCode ?? 0;
          response.resume();
          resolve();
        });
        req.on('close', () => resolve());
      });
      req.on('error', () => {});
      const write = async (chunk: Buffer | string) => {
        if (statuses[index] === null && !req.write(chunk)) await Promise.race([once(req, 'drain'), over]);
      };
      await write(
        `--${boundary}\r\nContent-Disposition: form-data; name="job"\r\n\r\nOperationExampleJob\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n{"type":"input_file"}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stall.bin"\r\n\r\n`,
      );
      for (const chunk of generatedBytes(options.bytesBeforeStall)) await write(chunk);
    }),
  );
  await sleep(options.holdMs);
  const result: StalledUploadsResult = { attempted: options.count, held: 0, refused: 0, others: {} };
  for (const status of statuses) {
    if (status === null) result.held++;
    else if (status === 429) result.refused++;
    else result.others[status] = (result.others[status] ?? 0) + 1;
  }
  for (const req of requests) req.destroy();
  return result;
}
