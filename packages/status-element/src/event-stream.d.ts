/** One Server-Sent Event as parsed. */
export interface ParsedEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/** Reads Server-Sent Events from a byte stream until it ends. */
export function readEventStream(
  body: ReadableStream<Uint8Array>,
  handlers: { onEvent(event: ParsedEvent): void; onRetry?(ms: number): void },
): Promise<void>;
