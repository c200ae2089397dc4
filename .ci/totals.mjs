// Totals every test runner that .ci/run ran, from the runs file it writes (one line per runner:
// name, exit code, report path, tab-separated). Prints one line per runner, then the plain total
// `N passed, N failed[, N skipped]` as the very last line, and exits 1 when anything failed, was
// skipped, or left no report: an unexpected skip hides a missing part as well as a failure does.
// Reads vitest's JSON reporter output and JUnit XML (schemathesis); plain Node, no dependencies.
import { existsSync, readFileSync } from 'node:fs';

const runsFile = process.argv[2];
const runs = existsSync(runsFile)
  ? readFileSync(runsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, code, report] = line.split('\t');
        return { name, code: Number(code), report };
      })
  : [];

const total = { passed: 0, failed: 0, skipped: 0 };
for (const run of runs) {
  const counts = countReport(run);
  // A runner that failed without a failed test (a typecheck, a crash, a teardown error) still fails.
  if (run.code !== 0 && counts.failed === 0) counts.failed = 1;
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  console.log(`${run.name}: ${summary(counts)} (exit ${run.code}${counts.note ? `; ${counts.note}` : ''})`);
}
if (process.argv[3] === 'aborted') {
  total.failed += 1;
  console.log('ci: a setup step failed before every runner ran (counted as 1 failed)');
}
console.log(summary(total));
process.exit(total.failed > 0 || total.skipped > 0 || runs.length === 0 ? 1 : 0);

function summary({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

function countReport({ report }) {
  if (!report || !existsSync(report)) return { passed: 0, failed: 0, skipped: 0, note: `no report at ${report}` };
  const text = readFileSync(report, 'utf8');
  return report.endsWith('.json') ? countVitest(JSON.parse(text)) : countJUnit(text);
}

function countVitest(json) {
  const counts = {
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
  };
  // A file that failed to load or whose hooks failed has no failed test of its own.
  const brokenFiles = json.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  );
  counts.failed += brokenFiles.length;
  if (brokenFiles.length > 0)
    counts.note = `files that failed outside a test: ${brokenFiles.map((f) => f.name).join(', ')}`;
  return counts;
}

function countJUnit(xml) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const [, body] of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    if (body && /<(failure|error)\b/.test(body)) counts.failed += 1;
    else if (body && /<skipped\b/.test(body)) counts.skipped += 1;
    else counts.passed += 1;
  }
  return counts;
}
