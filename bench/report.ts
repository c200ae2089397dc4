import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SideResult } from './compare';
import type { EndToEndResult } from './end-to-end';
import type { HistoryEventsResult } from './history-events';
import type { ProgressLatencyResult } from './progress-latency';
import type { StartOverheadResult } from './start-overhead';
import type { Summary } from './stats';

/** Everything one run measured; absent benches were not selected. */
export interface BenchResults {
  start?: StartOverheadResult[];
  endToEnd?: EndToEndResult[];
  progressLatency?: ProgressLatencyResult;
  historyEvents?: HistoryEventsResult;
}

/** The lowest acceptable service ÷ baseline throughput ratio (issue 6). */
export const RATIO_TARGET = 0.8;

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

type Row = [bench: string, measure: string, service: string, baseline: string, ratio: string, target: string];

/** The results as one plain-text table. */
export function formatTable(results: BenchResults, heartbeatThrottleMs: number): string {
  const rows: Row[] = [['Bench', 'Measure', 'Service', 'Baseline', 'Ratio', 'Target']];
  const add = (bench: string, measure: string, service: string, baseline = '', ratio = '', target = '') =>
    rows.push([bench, measure, service, baseline, ratio, target]);
  const comparison = (bench: string, service: SideResult, baseline: SideResult, ratio: number) => {
    add(
      bench,
      'throughput (op/s)',
      fixed(service.throughput),
      fixed(baseline.throughput),
      ratio.toFixed(2),
      targetCell(ratio),
    );
    add(bench, 'latency median / p95 (ms)', medianP95(service.latencyMs), medianP95(baseline.latencyMs));
    add(bench, 'CPU ms/op api + temporal + worker + bench', cpu(service), cpu(baseline));
    add(bench, 'cores used by these / machine busy', usage(service), usage(baseline));
  };
  for (const run of results.start ?? []) comparison(`start c=${run.concurrency}`, run.api, run.direct, run.ratio);
  for (const run of results.endToEnd ?? []) comparison(`end-to-end c=${run.concurrency}`, run.api, run.bare, run.ratio);

  const latency = results.progressLatency;
  if (latency) {
    const bench = 'progress latency';
    add(
      bench,
      `update → GET median / p95 (ms), ${latency.updates} updates`,
      medianP95(latency.latencyMs),
      '',
      '',
      `throttle ${heartbeatThrottleMs} ms`,
    );
    add(
      bench,
      'min / max (ms), missed',
      `${fixed(latency.latencyMs?.min)} / ${fixed(latency.latencyMs?.max)}, ${latency.missed}`,
    );
    add(bench, 'poller GET median / p95 (ms)', medianP95(latency.getMs));
    add(bench, 'logs missing from 1st completed GET', String(latency.logsMissingFromFirstCompletedRead));
  }
  const history = results.historyEvents;
  if (history) {
    add(
      'history events',
      'no-op operation / bare workflow',
      String(history.noopOperation),
      String(history.bareWorkflow),
    );
    add('history events', 'progress operation, 5 steps', String(history.progressOperation));
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: Row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Writes the results (and how they were made) to bench/results/<name>-<date>.json; answers the path. */
export async function writeResults(name: string, document: object): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = `${resultsDir}${name}-${stamp}.json`;
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}

function targetCell(ratio: number): string {
  return `≥ ${RATIO_TARGET.toFixed(2)}: ${ratio >= RATIO_TARGET ? 'met' : 'NOT met'}`;
}

function medianP95(summary: Summary | null | undefined): string {
  return summary ? `${fixed(summary.median)} / ${fixed(summary.p95)}` : '-';
}

function cpu(side: SideResult): string {
  const roles = ['api', 'temporal', 'worker', 'bench'];
  return roles.map((role) => fixed(side.cpuMsPerOperation[role] ?? 0, 2)).join(' + ');
}

function usage(side: SideResult): string {
  return `${side.coresUsed.toFixed(2)} / ${Math.round(side.machineBusy * 100)} %`;
}

function fixed(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}
