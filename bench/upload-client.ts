import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

const BLOCK_BYTES = 1024 * 1024;
/** Distinct random blocks the generated file cycles through: cheap to produce, so the client's CPU stays low. */
const BLOCKS = Array.from({ length: 16 }, () => randomBytes(BLOCK_BYTES));

/** `size` bytes of random-looking data, made as they are read (never held whole). */
export function* generatedBytes(size: number): Generator<Buffer> {
  let index = 0;
  for (let sent = 0; sent < size; sent += BLOCK_BYTES) {
    const block = BLOCKS[index++ % BLOCKS.length]!;
    yield size - sent >= BLOCK_BYTES ? block : block.subarray(0, size - sent);
  }
}

/** Streams `file` as the `file` part of a multipart create request, waiting for drain; resolves with the answer. */
export async function postMultipart(
  url: string,
  token: string,
  fields: Record<string, string>,
  file: { name: string; body: Iterable<Buffer> },
): Promise<{ status: number; body: string }> {
  const boundary = `----bench-${randomUUID()}`;
  const req = request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  // An early answer (an error) ends the upload.
  let answered = false;
  void answer.finally(() => (answered = true)).catch(() => {});
  const write = async (chunk: Buffer | string) => {
    if (!req.write(chunk)) await Promise.race([once(req, 'drain'), answer]);
  };
  for (const [name, value] of Object.entries(fields)) {
    await write(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  }
  await write(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  for (const chunk of file.body) {
    if (answered) return answer;
    await write(chunk);
  }
  req.end(`\r\n--${boundary}--\r\n`);
  return answer;
}

/** Resident memory of a process in MiB (VmRSS), or null once it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; answers the highest sample. */
export function sampleRss(pid: number, intervalMs = 50) {
  let peak = rssMiB(pid) ?? 0;
  let samples = 1;
  const timer = setInterval(() => {
    const rss = rssMiB(pid);
    if (rss === null) return;
    peak = Math.max(peak, rss);
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakMiB: peak, samples };
    },
  };
}
