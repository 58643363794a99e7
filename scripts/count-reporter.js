// Counts results so that scripts/test.js can print one plain closing line CI reads:
// `wtr: N passed, N failed, N skipped`. Written to the file named by CC_TEST_SUMMARY, if set,
// else printed directly (when web-test-runner is run by hand). The summary also names every
// failed test (file › suite › test), gives each file's wall time, from the moment its page
// starts loading to the moment its results are in, and the slowest tests, for scripts/test.js
// and scripts/soak.js.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

function count(results, totals, file, path = []) {
  if (!results) return;
  for (const test of results.tests ?? []) {
    if (typeof test.duration === 'number') {
      totals.tests.push([[file, ...path, test.name].join(' › '), Math.round(test.duration)]);
      totals.inTests[file] = (totals.inTests[file] ?? 0) + Math.round(test.duration);
    }
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else {
      totals.failed += 1;
      const name = [file, ...path, test.name].join(' › ');
      totals.failures.push(name);
      // What it failed on, for a soak's report (its run's log holds the rest).
      if (test.error?.message) totals.reasons[name] = String(test.error.message).split('\n').slice(0, 4).join(' ').slice(0, 600);
    }
  }
  for (const suite of results.suites ?? []) count(suite, totals, file, [...path, suite.name]);
}

export function summaryLine({ passed, failed, skipped }) {
  return `wtr: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

const empty = () => ({ passed: 0, failed: 0, skipped: 0, failures: [], reasons: {}, files: {}, inTests: {}, tests: [] });

export function countReporter() {
  let totals = empty();
  const started = new Map();
  const took = new Map();
  return {
    start({ sessions }) {
      // The first pages may already be loading when reporters start.
      for (const session of sessions.all()) if (session.status !== 'SCHEDULED') started.set(session.id, performance.now());
      sessions.on('session-status-updated', (session) => {
        if (session.status === 'INITIALIZING') started.set(session.id, performance.now());
        if (session.status === 'FINISHED' && started.has(session.id)) took.set(session.testFile, performance.now() - started.get(session.id));
      });
    },
    onTestRunFinished({ sessions }) {
      totals = empty();
      for (const session of sessions) {
        const file = relative(process.cwd(), session.testFile);
        count(session.testResults, totals, file);
        // A file that fails to load, or errors outside a test, counts as a failure.
        for (const error of session.errors ?? []) {
          totals.failed += 1;
          totals.failures.push(`${file} › (outside any test) ${String(error?.message ?? error).split('\n')[0]}`);
        }
        if (!session.passed && !session.testResults && !session.errors?.length) {
          totals.failed += 1;
          totals.failures.push(`${file} › (did not run)`);
        }
        if (took.has(session.testFile)) totals.files[file] = Math.round(took.get(session.testFile));
      }
      // The slowest tests only: where to look first when the suite gets slower.
      totals.tests = totals.tests.sort(([, a], [, b]) => b - a).slice(0, 30);
    },
    async stop() {
      if (process.env.CC_TEST_SUMMARY) writeFileSync(process.env.CC_TEST_SUMMARY, JSON.stringify(totals));
      else process.stdout.write(`\n${summaryLine(totals)}\n`);
    },
  };
}
