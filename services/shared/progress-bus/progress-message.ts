import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  MAX_LOG_ENTRIES,
  MAX_LOG_MESSAGE_CHARS,
  MAX_OUTPUT_MESSAGE_CHARS,
  type JobProgress,
} from '@temporal-operations/client';

/** Larger messages are dropped unread: a full progress record is far smaller (200 logs of 1,000 characters). */
export const MAX_PROGRESS_MESSAGE_BYTES = 512 * 1024;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** What a job reported, as a bus message carries it: the whole of it, so any one message is enough. */
const BusProgress = Type.Object({
  startedAt: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  percentage: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
  logs: Type.Array(
    Type.Object({ at: Type.String({ maxLength: 40 }), message: Type.String({ maxLength: MAX_LOG_MESSAGE_CHARS }) }),
    { maxItems: MAX_LOG_ENTRIES },
  ),
  /** Recent `[at ms, percentage]` samples: the server's ETA comes from them. */
  pace: Type.Optional(
    Type.Array(Type.Tuple([Type.Number(), Type.Number({ minimum: 0, maximum: 100 })]), { maxItems: 64 }),
  ),
  output: Type.Object({
    message: Nullable(Type.String({ maxLength: MAX_OUTPUT_MESSAGE_CHARS })),
    file: Nullable(
      Type.Object({
        key: Type.String({ maxLength: 1024 }),
        name: Type.String({ maxLength: 1024 }),
        size: Type.Integer({ minimum: 0 }),
        contentType: Type.String({ maxLength: 255 }),
      }),
    ),
    action: Nullable(
      Type.Object({
        label: Type.String({ maxLength: 1000 }),
        href: Type.String({ maxLength: 4096 }),
        attributes: Type.Record(Type.String(), Type.String()),
      }),
    ),
  }),
});

/**
 * One message on `operations.<namespace>.<operationId>.progress` (README, "Progress bus"): the
 * job's whole visible progress after its change number `seq` of attempt `attempt`. `prev` is
 * the `seq` of the message published before it in the same attempt (0 for the first), so a
 * subscriber can tell a gap from the coalescing that skips numbers.
 */
export const ProgressMessage = Type.Object({
  v: Type.Literal(1),
  namespace: Type.String({ maxLength: 1000 }),
  operationId: Type.String({ maxLength: 200 }),
  attempt: Type.Integer({ minimum: 1 }),
  seq: Type.Integer({ minimum: 1 }),
  prev: Type.Integer({ minimum: 0 }),
  /** When the worker published it (ISO 8601). */
  sentAt: Type.String({ maxLength: 40 }),
  progress: BusProgress,
});
export type ProgressMessage = Static<typeof ProgressMessage>;

/** Compiled once: every message of every watched operation is checked against it. */
const progressMessageCheck = Compile(ProgressMessage);

/** Why a message was dropped. */
export type RejectReason = 'oversized' | 'malformed' | 'foreign';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The message for one publication; the checkpoint stays out (it is the next attempt's business, not a watcher's). */
export function encodeProgressMessage(
  head: Pick<ProgressMessage, 'namespace' | 'operationId' | 'attempt' | 'seq' | 'prev'>,
  progress: JobProgress,
): Uint8Array {
  const message: ProgressMessage = {
    v: 1,
    ...head,
    sentAt: new Date().toISOString(),
    progress: {
      startedAt: progress.startedAt ?? null,
      percentage: progress.percentage,
      logs: progress.logs,
      ...(progress.pace ? { pace: progress.pace } : {}),
      output: progress.output,
    },
  };
  return encoder.encode(JSON.stringify(message));
}

/** The message, or why it must be ignored; `expected` is the subscription's own namespace and operation. */
export function parseProgressMessage(
  data: Uint8Array,
  expected: { namespace: string; operationId: string },
): ProgressMessage | { rejected: RejectReason } {
  if (data.byteLength > MAX_PROGRESS_MESSAGE_BYTES) return { rejected: 'oversized' };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch {
    return { rejected: 'malformed' };
  }
  if (!progressMessageCheck.Check(value)) return { rejected: 'malformed' };
  if (value.namespace !== expected.namespace || value.operationId !== expected.operationId) {
    return { rejected: 'foreign' };
  }
  return value;
}
