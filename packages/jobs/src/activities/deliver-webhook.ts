import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { OperationRecord, WebhookDeliveryOptions, WebhookOutcome } from '@temporal-operations/client';
import { Webhook } from 'standardwebhooks';
import {
  endpointLabel,
  endpointsFor,
  type WebhookEndpoint,
  type WebhookEndpoints,
} from '../webhooks/webhook-endpoints';
import { webhookMessageId, webhookPayload } from '../webhooks/webhook-payload';

export interface DeliverWebhookDependencies {
  /** The operator's endpoints; none configured means no webhook. */
  endpoints?: WebhookEndpoints;
  /** How long one endpoint may take to answer, in ms. @default 10000 */
  requestTimeoutMs?: number;
}

/** What an attempt leaves for the next: the endpoints (by index) that already took the message. */
interface DeliveryProgress {
  delivered: number[];
}

/** Failure type of an attempt that some endpoint refused; the activity's retry policy tries again. */
export const WEBHOOK_NOT_DELIVERED_TYPE = 'WebhookNotDelivered';

/**
 * Posts an operation's final event to each endpoint, signed per Standard Webhooks. Every
 * attempt sends the same `webhook-id` (at least once: a receiver drops repeats by it), and an
 * endpoint that took the message is not called again by later attempts.
 */
export function createDeliverWebhook({ endpoints, requestTimeoutMs = 10_000 }: DeliverWebhookDependencies) {
  return async function deliverWebhook(
    record: OperationRecord,
    { maximumAttempts }: WebhookDeliveryOptions,
  ): Promise<WebhookOutcome> {
    const targets = endpointsFor(endpoints, record.job);
    if (targets.length === 0) return { status: 'skipped', attempts: 0, at: new Date().toISOString(), error: null };
    const context = Context.current();
    const { attempt } = context.info;
    const previous = context.info.heartbeatDetails as DeliveryProgress | undefined;
    const delivered = new Set(previous?.delivered ?? []);
    const id = webhookMessageId(record);
    const body = JSON.stringify(webhookPayload(record));
    const failures: string[] = [];
    for (const [index, endpoint] of targets.entries()) {
      if (delivered.has(index)) continue;
      context.heartbeat({ delivered: [...delivered] } satisfies DeliveryProgress);
      const problem = await post(endpoint, id, body, requestTimeoutMs);
      if (problem) {
        failures.push(`${endpointLabel(endpoint.url)} ${problem}`);
      } else {
        delivered.add(index);
        log.info('Webhook delivered', { operationId: record.id, endpoint: endpointLabel(endpoint.url), attempt });
      }
    }
    context.heartbeat({ delivered: [...delivered] } satisfies DeliveryProgress);
    const at = new Date().toISOString();
    if (failures.length === 0) return { status: 'delivered', attempts: attempt, at, error: null };
    const error = failures.join('; ');
    log.warn('Webhook not delivered', { operationId: record.id, attempt, error });
    if (attempt >= maximumAttempts) return { status: 'failed', attempts: attempt, at, error };
    throw ApplicationFailure.retryable(error, WEBHOOK_NOT_DELIVERED_TYPE);
  };
}

/** The local activity that tells the workflow whether a delivery would call anyone. */
export function createHasWebhookEndpoints({ endpoints }: DeliverWebhookDependencies) {
  return async function hasWebhookEndpoints(job: string): Promise<boolean> {
    return endpointsFor(endpoints, job).length > 0;
  };
}

/** One signed POST; null when the endpoint took it (2xx), otherwise why not. */
async function post(endpoint: WebhookEndpoint, id: string, body: string, timeoutMs: number): Promise<string | null> {
  const now = new Date();
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      // A redirect is not followed: the operator named this address, not whatever it points to.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'temporal-operations-webhooks',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(endpoint.secret).sign(id, now, body),
      },
      body,
    });
    await response.body?.cancel();
    return response.ok ? null : `answered ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if ((error as Error).name === 'TimeoutError') return `did not answer within ${timeoutMs} ms`;
    return `is unreachable (${cause ?? (error as Error).message})`;
  }
}
