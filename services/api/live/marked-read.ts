import type { Client } from '@temporalio/client';
import { readOperation } from '@temporal-operations/client';
import type { MarkedRead } from './bus-watch';

/**
 * `readOperation`, with the bus position of the heartbeat copy it merged (null when the
 * heartbeat says none: then a bus message seen since is taken as newer).
 */
export function markedRead(client: Client, deadlineMs: number | undefined): MarkedRead {
  return async (id, cache) => {
    const sequence: { value?: { attempt: number; seq: number } } = {};
    const record = await readOperation(client, id, { deadlineMs, cache, sequence });
    return record && { record, mark: sequence.value ?? null };
  };
}
