import type { Readable } from 'node:stream';
import { HttpProblem } from '../problem';

export interface StallBound {
  /** Each window of this many ms must bring `minBytes`, or the upload is stalled. */
  windowMs: number;
  minBytes: number;
}

/**
 * Watches a request body as it is read: when a window of `windowMs` brings fewer than
 * `minBytes` (a byte every 20 s is no upload, only a held slot), the stream is destroyed with
 * a 408 problem, so the reader's pending read fails and its upload is aborted.
 */
export function watchForStall(stream: Readable, bound: StallBound): { count(bytes: number): void; stop(): void } {
  let windowBytes = 0;
  const timer = setInterval(() => {
    if (windowBytes < bound.minBytes) {
      clearInterval(timer);
      stream.destroy(
        new HttpProblem(
          408,
          `The upload stalled: less than ${bound.minBytes} bytes arrived in ${bound.windowMs / 1000} s.`,
          { headers: { connection: 'close' } },
        ),
      );
    }
    windowBytes = 0;
  }, bound.windowMs);
  return {
    count: (bytes) => {
      windowBytes += bytes;
    },
    stop: () => clearInterval(timer),
  };
}
