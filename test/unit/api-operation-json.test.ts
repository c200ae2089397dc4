import { describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
import { toOperationJson, toOperationSummaryJson } from '../../services/api/schemas/operation';

const record: OperationRecord = {
  id: 'op_01JABCDEFGHJKMNPQRSTVWXYZ0',
  job: 'OperationExampleJob',
  params: { type: 'file', steps: 2 },
  userId: 'alice',
  status: 'completed',
  percentage: 100,
  logs: [{ at: '2026-01-02T03:04:05.000Z', message: 'Step 1 of 2' }],
  output: {
    message: 'Done',
    file: {
      key: 'operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/output/1-secret-key',
      name: 'example.csv',
      size: 20,
      contentType: 'text/csv',
    },
    action: { label: 'Open', href: '/products', attributes: { target: '_blank' } },
  },
  error: null,
  inputFile: {
    key: 'operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/input/other-key',
    name: 'in.txt',
    size: 3,
    contentType: 'text/plain',
  },
  createdAt: '2026-01-02T03:04:00.000Z',
  startedAt: '2026-01-02T03:04:01.000Z',
  closedAt: '2026-01-02T03:04:09.000Z',
  checkpoint: { step: 2 },
};

describe('toOperationJson', () => {
  it('maps the record to the Operation JSON of the HTTP API, with download URLs and links', () => {
    expect(toOperationJson(record)).toEqual({
      id: record.id,
      job: 'OperationExampleJob',
      params: { type: 'file', steps: 2 },
      userId: 'alice',
      status: 'completed',
      percentage: 100,
      logs: [{ at: '2026-01-02T03:04:05.000Z', message: 'Step 1 of 2' }],
      output: {
        message: 'Done',
        file: {
          name: 'example.csv',
          size: 20,
          contentType: 'text/csv',
          url: `/v1/operations/${record.id}/output-file`,
        },
        action: { label: 'Open', href: '/products', attributes: { target: '_blank' } },
      },
      error: null,
      inputFile: { name: 'in.txt', size: 3, contentType: 'text/plain', url: `/v1/operations/${record.id}/input-file` },
      createdAt: '2026-01-02T03:04:00.000Z',
      startedAt: '2026-01-02T03:04:01.000Z',
      closedAt: '2026-01-02T03:04:09.000Z',
      // A record made before questions and the timeline existed still reads whole.
      question: null,
      timeline: [{ at: '2026-01-02T03:04:00.000Z', type: 'created' }],
      rerunOf: null,
      etaAt: null,
      webhook: null,
      links: {
        self: `/v1/operations/${record.id}`,
        events: `/v1/operations/${record.id}/events`,
        page: `/operations/${record.id}`,
      },
    });
  });

  it('never exposes object-store keys or the checkpoint', () => {
    const json = JSON.stringify(toOperationJson(record));
    expect(json).not.toContain('secret-key');
    expect(json).not.toContain('other-key');
    expect(json).not.toContain('checkpoint');
  });

  it('keeps nulls of an operation that has produced nothing yet', () => {
    const fresh = toOperationJson({
      ...record,
      status: 'created',
      percentage: null,
      logs: [],
      output: { message: null, file: null, action: null },
      inputFile: null,
      error: null,
      startedAt: null,
      closedAt: null,
    });
    expect(fresh).toMatchObject({
      percentage: null,
      output: { message: null, file: null, action: null },
      inputFile: null,
      startedAt: null,
    });
  });

  it('carries the error of a failed operation', () => {
    const failed = toOperationJson({ ...record, status: 'failed', error: { message: 'boom' } });
    expect(failed.error).toEqual({ message: 'boom' });
  });
});

describe('toOperationSummaryJson', () => {
  it('adds the link to the operation', () => {
    const summary = {
      id: record.id,
      job: 'OperationExampleJob',
      userId: 'alice',
      status: 'running' as const,
      createdAt: record.createdAt,
      closedAt: null,
    };
    expect(toOperationSummaryJson(summary)).toEqual({ ...summary, links: { self: `/v1/operations/${record.id}` } });
  });
});

describe('files of another operation', () => {
  it('are not shown: a record may name only its own operation’s files', () => {
    for (const key of [
      'operations/op_01JZZZZZZZZZZZZZZZZZZZZZZZ/input/other-key',
      'operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/../op_01JZZZZZZZZZZZZZZZZZZZZZZZ/input/k',
      'operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/input/a/b',
      'operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/secrets/k',
      'elsewhere/op_01JABCDEFGHJKMNPQRSTVWXYZ0/input/k',
    ]) {
      const foreign = { key, name: 'x', size: 1, contentType: 'text/plain' };
      const json = toOperationJson({ ...record, inputFile: foreign, output: { ...record.output, file: foreign } });
      expect([json.inputFile, json.output.file], key).toEqual([null, null]);
    }
  });
});
