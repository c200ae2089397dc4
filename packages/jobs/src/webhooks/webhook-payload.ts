import type { OperationRecord, StoredFile, WebhookEvent } from '@temporal-operations/client';
import { isOperationFile } from '../files/operation-files';

/** The Standard Webhooks payload: a type, a timestamp and the event's data. */
export interface WebhookPayload {
  type: WebhookEvent;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The id every attempt of one event's delivery carries, so a receiver can drop repeats. */
export function webhookMessageId(record: OperationRecord): string {
  return `msg_${record.id}_${record.status}`;
}

/**
 * The operation as the API shows it (the same fields and links), from its final record:
 * file keys and checkpoints stay inside.
 */
export function webhookPayload(record: OperationRecord): WebhookPayload {
  const self = `/v1/operations/${record.id}`;
  const file = (stored: StoredFile | null, kind: 'output-file' | 'input-file') =>
    stored && isOperationFile(stored, record.id)
      ? { name: stored.name, size: stored.size, contentType: stored.contentType, url: `${self}/${kind}` }
      : null;
  return {
    type: `operation.${record.status}` as WebhookEvent,
    timestamp: record.closedAt ?? new Date().toISOString(),
    data: {
      id: record.id,
      job: record.job,
      params: record.params,
      userId: record.userId,
      status: record.status,
      percentage: record.percentage,
      logs: record.logs,
      output: { ...record.output, file: file(record.output.file, 'output-file') },
      error: record.error,
      inputFile: file(record.inputFile, 'input-file'),
      createdAt: record.createdAt,
      startedAt: record.startedAt,
      closedAt: record.closedAt,
      links: { self, events: `${self}/events`, page: `/operations/${record.id}` },
    },
  };
}
