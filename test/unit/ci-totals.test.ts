import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../.ci/totals.mjs', import.meta.url));

/** Runs .ci/totals.mjs on runs made of the given reports; returns its lines and exit code. */
function totals(runs: { name: string; code: number; report: string; content?: string }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-totals-'));
  const lines = runs.map(({ name, code, report, content }) => {
    if (content !== undefined) writeFileSync(join(dir, report), content);
    return `${name}\t${code}\t${join(dir, report)}\n`;
  });
  writeFileSync(join(dir, 'runs.tsv'), lines.join(''));
  const result = spawnSync(process.execPath, [script, join(dir, 'runs.tsv')], { encoding: 'utf8' });
  return { lines: result.stdout.trim().split('\n'), code: result.status };
}

const vitestReport = (passed: number, failed: number, skipped: number, brokenFile = false) =>
  JSON.stringify({
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    numTodoTests: 0,
    testResults: brokenFile ? [{ name: 'broken.test.ts', status: 'failed', assertionResults: [] }] : [],
  });

const junit = `<testsuites><testsuite tests="3">
<testcase name="GET /a"/>
<testcase name="GET /b"><failure message="500"/></testcase>
<testcase name="GET /c"></testcase>
</testsuite></testsuites>`;

describe('.ci/totals.mjs', () => {
  it('ends with the plain total over every runner and exits 0 when all passed', () => {
    const { lines, code } = totals([
      { name: 'node20', code: 0, report: 'a.json', content: vitestReport(10, 0, 0) },
      { name: 'node24', code: 0, report: 'b.json', content: vitestReport(7, 0, 0) },
    ]);
    expect(lines.at(-1)).toBe('17 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('counts JUnit failures, files that failed outside a test, and a missing report', () => {
    const { lines, code } = totals([
      { name: 'vitest', code: 1, report: 'a.json', content: vitestReport(4, 0, 0, true) },
      { name: 'fuzz', code: 1, report: 'fuzz.xml', content: junit },
      { name: 'prod', code: 1, report: 'never-written.json' },
    ]);
    expect(lines.at(-1)).toBe('6 passed, 3 failed');
    expect(code).toBe(1);
  });

  it('fails on a skip and on a runner that exited non-zero with nothing failed in its report', () => {
    expect(totals([{ name: 'v', code: 0, report: 'a.json', content: vitestReport(3, 0, 1) }])).toEqual({
      lines: ['v: 3 passed, 0 failed, 1 skipped (exit 0)', '3 passed, 0 failed, 1 skipped'],
      code: 1,
    });
    expect(totals([{ name: 'v', code: 2, report: 'a.json', content: vitestReport(3, 0, 0) }]).lines.at(-1)).toBe(
      '3 passed, 1 failed',
    );
  });
});
