import { describe, expect, it } from 'vitest';
import { readEventStream, type ParsedEvent } from '../../packages/status-element/src/event-stream.js';

/** A byte stream that delivers `chunks` one read at a time. */
function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function parse(chunks: string[]) {
  const events: ParsedEvent[] = [];
  const retries: number[] = [];
  await readEventStream(streamOf(chunks), {
    onEvent: (event) => events.push(event),
    onRetry: (ms) => retries.push(ms),
  });
  return { events, retries };
}

describe('readEventStream', () => {
  it("reads the API's stream: retry, comments, named events with ids", async () => {
    const { events, retries } = await parse([
      'retry: 2000\n\n',
      'event: operation\nid: abc\ndata: {"status":"running"}\n\n',
      ': heartbeat\n\n',
      'event: operation\nid: def\ndata: {"status":"completed"}\n\n',
    ]);
    expect(retries).toEqual([2000]);
    expect(events).toEqual([
      { event: 'operation', id: 'abc', data: '{"status":"running"}' },
      { event: 'operation', id: 'def', data: '{"status":"completed"}' },
    ]);
  });

  it('joins events split anywhere across chunks, a CRLF split in two included', async () => {
    const text = 'event: operation\r\nid: 1\r\ndata: {"a":\r\ndata: 1}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const { events } = await parse([text.slice(0, cut), text.slice(cut)]);
      expect(events, `cut at ${cut}`).toEqual([{ event: 'operation', id: '1', data: '{"a":\n1}' }]);
    }
  });

  it('follows the standard on odd input: BOM, bare CR, no space after the colon, unnamed events, a trailing unfinished event', async () => {
    const { events, retries } = await parse(['\uFEFFdata:x\r\rretry: soon\nid\nevent: e\ndata: y\n\ndata: lost']);
    expect(retries).toEqual([]);
    expect(events).toEqual([
      { event: 'message', id: undefined, data: 'x' },
      { event: 'e', id: '', data: 'y' },
    ]);
  });
});
