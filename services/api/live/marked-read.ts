import type { Client } from '@temporalio/client';
import { readOperation } from '../../../workflows/operations-client';
import type { MarkedRead } from './bus-watch';

/**
 * `readOperation`, with the bus position of the heartbeat copy it merged (null when unknown:
 * then a bus message seen since is taken as newer).
 */
export function markedRead(client: Client, deadlineMs: number | undefined): MarkedRead {
  return async (id, cache) => {
    const record = await readOperation(client, id, { deadlineMs, cache });
    return record && { record, mark: null };
  };
}
