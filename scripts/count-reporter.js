// Counts results so that scripts/test.js can print one plain closing line CI reads:
// `wtr: N passed, N failed, N skipped`. Written to the file named by CC_TEST_SUMMARY, if set,
// else printed directly (when web-test-runner is run by hand).
import { writeFileSync } from 'node:fs';

function count(results, totals) {
  if (!results) return;
  for (const test of results.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const suite of results.suites ?? []) count(suite, totals);
}

export function summaryLine({ passed, failed, skipped }) {
  return `wtr: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

export function countReporter() {
  let totals = { passed: 0, failed: 0, skipped: 0 };
  return {
    onTestRunFinished({ sessions }) {
      totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that fails to load, or errors outside a test, counts as a failure.
        if (session.errors?.length) totals.failed += session.errors.length;
        if (!session.passed && !session.testResults) totals.failed += 1;
      }
    },
    async stop() {
      if (process.env.CC_TEST_SUMMARY) writeFileSync(process.env.CC_TEST_SUMMARY, JSON.stringify(totals));
      else process.stdout.write(`\n${summaryLine(totals)}\n`);
    },
  };
}
