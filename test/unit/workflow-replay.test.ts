import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, makeTelemetryFilterString, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../services/worker/workflow-bundle';

/**
 * Operations in flight carry histories made by older workflow code; a deploy whose workflow
 * code would make other commands from them breaks every one (a nondeterminism error). Each
 * saved history, recorded from a real run (`npm run replay:record`), must replay on today's code.
 */
const historiesDir = new URL('../replay/histories/', import.meta.url);
const changePath = (name: string) => fileURLToPath(new URL(`../replay/workflow-changes/${name}.ts`, import.meta.url));

/** Each test bundles the workflows with webpack: seconds, more on a busy machine. */
const BUNDLE_AND_REPLAY_TIMEOUT_MS = 60_000;

function savedHistories(prefix = ''): HistoryAndWorkflowId[] {
  return readdirSync(historiesDir)
    .filter((name) => name.endsWith('.json') && name.startsWith(prefix))
    .sort()
    .map((name) => ({
      workflowId: name.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(new URL(name, historiesDir), 'utf8'))),
    }));
}

async function replay(path: string | undefined, histories: HistoryAndWorkflowId[]): Promise<ReplayResult[]> {
  // The worker's own bundling (interceptor modules included), as a replay at deploy time would see it.
  const code = await bundleWorkflows({ path, logger: new DefaultLogger('WARN') });
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) results.push(result);
  return results;
}

beforeAll(() => {
  try {
    // Replay of a broken change logs each nondeterminism at WARN; the test checks them itself.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
  } catch {
    // Already installed in this process.
  }
});

describe('saved workflow histories', () => {
  it('cover every path of both workflows', () => {
    expect(savedHistories().map((saved) => saved.workflowId)).toEqual(
      expect.arrayContaining([
        'cleanup-completed',
        'operation-asked-answered',
        'operation-asked-approved',
        'operation-canceled-while-created',
        'operation-canceled-while-waiting',
        'operation-canceled-while-running',
        'operation-completed',
        'operation-failed',
        'operation-question-expired',
        'operation-question-expired-default',
        'operation-retried-after-worker-crash',
        // Since the webhook-delivery patch: the delivery after the final record.
        'operation-canceled-webhook',
        'operation-completed-webhook',
        'operation-completed-webhook-retried',
        'operation-completed-webhook-skipped',
        'operation-failed-webhook',
        // Since the webhook-skip-without-endpoints patch: asked first, no delivery without an endpoint.
        'operation-completed-no-endpoints',
        'operation-completed-webhook-checked',
        'operation-failed-no-endpoints',
      ]),
    );
  });

  it(
    'replay on the current workflow code',
    async () => {
      const results = await replay(undefined, savedHistories());
      const failures = results.filter((result) => result.error).map((r) => `${r.workflowId}: ${r.error?.message}`);
      expect(failures).toEqual([]);
      expect(results).toHaveLength(savedHistories().length);
    },
    BUNDLE_AND_REPLAY_TIMEOUT_MS,
  );
});

describe('a change to the operation workflow', () => {
  it(
    'made with patched() replays the histories of operations started before it',
    async () => {
      const results = await replay(changePath('patched-change'), savedHistories('operation-'));
      expect(results.filter((result) => result.error).map((result) => result.workflowId)).toEqual([]);
    },
    BUNDLE_AND_REPLAY_TIMEOUT_MS,
  );

  it(
    'made without patched() is caught as nondeterministic',
    async () => {
      const results = await replay(changePath('unpatched-change'), savedHistories('operation-'));
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) expect(result.error).toBeInstanceOf(DeterminismViolationError);
    },
    BUNDLE_AND_REPLAY_TIMEOUT_MS,
  );
});
