import { isOperationFile } from '@temporal-operations/jobs';
import { Type, type Static, type TSchema } from 'typebox';
import { estimateEta, type OperationRecord, type StoredFile } from '@temporal-operations/client';
import type { OperationSummary as OperationSummaryRecord } from '@temporal-operations/client';
import { IsoDateTime, OperationStatusSchema } from './common';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A file of an operation as clients see it: where to download it, never where it is stored. */
export const OperationFile = Type.Object({
  name: Type.String(),
  size: Type.Integer({ minimum: 0, description: 'In bytes' }),
  contentType: Type.String(),
  url: Type.String({ description: 'Where to download it (needs the same token)' }),
});

export const OperationAction = Type.Object({
  label: Type.String(),
  href: Type.String(),
  attributes: Type.Record(Type.String(), Type.String()),
});

/** The question a `waiting` operation asks the person. */
export const OperationQuestion = Type.Object({
  id: Type.String({ description: 'q1, q2…: send it back as questionId' }),
  kind: Type.Enum(['input', 'approval'], {
    description: 'input: a form from the schema; approval: answer {"approved": true|false}',
  }),
  title: Type.String(),
  description: Nullable(Type.String()),
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'The JSON Schema the answer must fit' }),
  askedAt: IsoDateTime,
  expiresAt: Nullable(IsoDateTime),
});

/** One entry of an operation's timeline. */
export const TimelineEntry = Type.Object({
  at: IsoDateTime,
  type: Type.Enum([
    'created',
    'started',
    'question-asked',
    'question-answered',
    'question-expired',
    'cancel-requested',
    'completed',
    'failed',
    'canceled',
  ]),
  attempts: Type.Optional(Type.Integer({ minimum: 1, description: 'started: attempts its first run took' })),
  questionId: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});
/** How the signed webhook of the operation's final event went (endpoints themselves are never shown). */
export const WebhookDeliverySchema = Type.Object(
  {
    event: Type.Union([
      Type.Literal('operation.completed'),
      Type.Literal('operation.failed'),
      Type.Literal('operation.canceled'),
    ]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Integer({ minimum: 0 }),
    lastAttemptAt: Nullable(IsoDateTime),
    error: Nullable(Type.String({ description: 'Why the last attempt failed (the endpoint by its origin)' })),
  },
  { description: 'Null until the operation finishes, and when no webhook is configured for its job' },
);

/** One operation: its job and params, where it stands, what it reported and produced. */
export const Operation = Type.Object(
  {
    id: Type.String({ description: 'The operation id, also its Temporal workflow id' }),
    job: Type.String(),
    params: Type.Unknown({ description: "The job's params, defaults filled in" }),
    userId: Type.String({ description: 'The user who started it; only they may see it' }),
    status: OperationStatusSchema,
    percentage: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
    logs: Type.Array(Type.Object({ at: IsoDateTime, message: Type.String() })),
    output: Type.Object({
      message: Nullable(Type.String()),
      file: Nullable(OperationFile),
      action: Nullable(OperationAction),
    }),
    error: Nullable(Type.Object({ message: Type.String() })),
    inputFile: Nullable(OperationFile),
    createdAt: IsoDateTime,
    startedAt: Nullable(IsoDateTime),
    closedAt: Nullable(IsoDateTime),
    question: Nullable(OperationQuestion),
    timeline: Type.Array(TimelineEntry, { description: "What happened, from the workflow's own record (bounded)" }),
    rerunOf: Nullable(Type.String({ description: 'The operation this one runs again' })),
    etaAt: Nullable(
      Type.String({
        format: 'date-time',
        description: 'When the job should reach 100 %, from the pace of its progress while steady; null otherwise',
      }),
    ),
    webhook: Nullable(WebhookDeliverySchema),
    links: Type.Object({
      self: Type.String(),
      events: Type.String({ description: 'Server-Sent Events of every change' }),
      page: Type.String({ description: 'The live status page' }),
    }),
  },
  { description: 'An operation' },
);
export type Operation = Static<typeof Operation>;

/** One line of the caller's operation list, from Temporal visibility (no progress, logs or output). */
export const OperationSummary = Type.Object({
  id: Type.String(),
  job: Type.String(),
  userId: Type.String(),
  status: OperationStatusSchema,
  createdAt: IsoDateTime,
  closedAt: Nullable(IsoDateTime),
  links: Type.Object({ self: Type.String() }),
});
export type OperationSummary = Static<typeof OperationSummary>;

export const OperationList = Type.Object({
  operations: Type.Array(OperationSummary),
  nextPageToken: Nullable(Type.String({ description: 'Pass as pageToken for the next page; null on the last' })),
});
export type OperationList = Static<typeof OperationList>;

/** The API path of an operation. */
export function operationPath(id: string): string {
  return `/v1/operations/${id}`;
}

/** Maps the workflow's record to the Operation JSON: file keys stay inside, download URLs and links are added. */
export function toOperationJson(record: OperationRecord): Operation {
  const self = operationPath(record.id);
  // A file key of another operation (a record written by some other Temporal client) is not shown.
  const file = (stored: StoredFile | null, kind: 'output-file' | 'input-file') =>
    stored && isOperationFile(stored, record.id)
      ? { name: stored.name, size: stored.size, contentType: stored.contentType, url: `${self}/${kind}` }
      : null;
  return {
    id: record.id,
    job: record.job,
    params: record.params,
    userId: record.userId,
    status: record.status,
    percentage: record.percentage,
    logs: record.logs.map((log) => ({ at: log.at, message: log.message })),
    output: {
      message: record.output.message,
      file: file(record.output.file, 'output-file'),
      action: record.output.action
        ? {
            label: record.output.action.label,
            href: record.output.action.href,
            attributes: { ...record.output.action.attributes },
          }
        : null,
    },
    error: record.error ? { message: record.error.message } : null,
    inputFile: file(record.inputFile, 'input-file'),
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    closedAt: record.closedAt,
    question: record.question
      ? {
          id: record.question.id,
          kind: record.question.kind,
          title: record.question.title,
          description: record.question.description,
          schema: record.question.schema,
          askedAt: record.question.askedAt,
          expiresAt: record.question.expiresAt,
        }
      : null,
    // Records of operations closed before the timeline existed have none: their creation is known.
    timeline: (record.timeline ?? [{ at: record.createdAt, type: 'created' as const }]).map((entry) => ({ ...entry })),
    rerunOf: record.rerunOf ?? null,
    etaAt: record.status === 'running' ? estimateEta(record.pace, record.percentage) : null,
    webhook: record.webhook ? { ...record.webhook } : null,
    links: { self, events: `${self}/events`, page: `/operations/${record.id}` },
  };
}

/** Maps a visibility summary to its list item. */
export function toOperationSummaryJson(summary: OperationSummaryRecord): OperationSummary {
  return { ...summary, links: { self: operationPath(summary.id) } };
}
