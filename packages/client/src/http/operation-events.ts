import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { HttpOperation } from './api-types';

/** One `operation` event of `GET /v1/operations/{id}/events`. */
export interface OperationEvent {
  id: string;
  operation: HttpOperation;
}

/**
 * The `operation` events of one event-stream response body, in order; heartbeats (comments)
 * and other event types are skipped. Ends when the server closes the stream.
 */
export async function* operationEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<OperationEvent> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (pending.length > 0) {
        const event = pending.shift()!;
        if (event.event !== 'operation') continue;
        yield { id: event.id ?? '', operation: JSON.parse(event.data) as HttpOperation };
      }
    }
  } finally {
    // A consumer that stops early closes the connection.
    await reader.cancel().catch(() => {});
  }
}
