import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FINISHED_STATUSES, waitForOperation, type OperationRecord } from '@temporal-operations/client';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { UserSlots } from '../user-slots';

/** Waiting reads one user may hold at once in this process: each holds a socket and a Temporal long poll. */
export const WAITS_PER_USER = 10;
/** Waiting reads of all users at once in this process. */
export const WAITS_TOTAL = 2000;

/** Past the wait, how long the connection may stay silent before the answer: the read that follows. */
const ANSWER_MARGIN_MS = 15_000;

/** Reads an operation for its owner, waiting up to `seconds` for it to finish (`GET …?wait=N`). */
export type WaitingRead = (
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  seconds: number,
) => Promise<OperationRecord>;

/**
 * The owner check comes first (another user's operation is 404 at once) and a finished
 * operation answers at once. Otherwise the answer waits on Temporal's long poll for the close,
 * then reads the final record, or reads the current state when the time is up. A client that
 * goes away ends the long poll with it.
 */
export function createWaitingRead(app: FastifyInstance): WaitingRead {
  const slots = new UserSlots(WAITS_PER_USER, WAITS_TOTAL);
  return async (request, reply, id, seconds) => {
    const current = await readOwnOperation(app, request, id);
    if (FINISHED_STATUSES.includes(current.status)) return current;
    const slot = slots.acquire(request.userId);
    if ('full' in slot) {
      throw new HttpProblem(
        429,
        slot.full === 'user'
          ? `At most ${WAITS_PER_USER} waiting reads may be open at once per user.`
          : 'The server takes no more waiting reads right now.',
        { headers: { 'retry-after': '1' } },
      );
    }
    const gone = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) gone.abort(new ClientGoneError());
    };
    reply.raw.on('close', onClose);
    keepConnectionOpen(request, seconds * 1000 + ANSWER_MARGIN_MS);
    try {
      const final = await waitForOperation(app.temporal.client, id, {
        timeoutMs: seconds * 1000,
        signal: gone.signal,
        deadlineMs: app.temporal.deadlineMs,
      });
      return final ?? (await readOwnOperation(app, request, id));
    } catch (error) {
      // Nobody is left to answer: what we had is sent to a closed socket, which drops it.
      if (error instanceof ClientGoneError) return current;
      throw error;
    } finally {
      reply.raw.off('close', onClose);
      slot.release();
    }
  };
}

class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

/** The server closes connections silent for longer than its idle timeout: a long wait needs longer. */
function keepConnectionOpen(request: FastifyRequest, ms: number): void {
  const socket = request.raw.socket as (typeof request.raw.socket & { timeout?: number }) | undefined;
  if (socket && typeof socket.setTimeout === 'function' && socket.timeout && socket.timeout < ms) {
    socket.setTimeout(ms);
  }
}
