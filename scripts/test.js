// Runs web-test-runner in the system's Chromium (installing Debian's where it can; see chromium.js),
// with --typecheck and --lint the type check and the linter beside it, then prints the slowest test
// files, the failed tests and, last, the closing line `wtr: N passed, N failed, N skipped` (CI reads
// it). With CC_TEST_SUMMARY set, the run's summary (counts, failed tests, each file's wall time) is
// also left in that file (scripts/soak.js reads it).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireChromium } from './chromium.js';
import { summaryLine } from './count-reporter.js';

process.env.CHROME_PATH = requireChromium();

// --typecheck and --lint: `npm run typecheck` and `npm run lint` beside the tests, one after the
// other (the tests spend some of their time waiting), their output shown and each failure counted
// at the end.
const args = process.argv.slice(2);
const STATIC_CHECKS = { '--typecheck': 'typecheck', '--lint': 'lint' };
const checks = (async () => {
  const results = [];
  for (const [flag, script] of Object.entries(STATIC_CHECKS)) {
    if (!args.includes(flag)) continue;
    results.push(
      await new Promise((resolve) => {
        const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        const output = [];
        child.stdout.on('data', (chunk) => output.push(chunk));
        child.stderr.on('data', (chunk) => output.push(chunk));
        child.on('close', (code) => resolve({ script, code: code ?? 1, output: Buffer.concat(output).toString('utf8') }));
      }),
    );
  }
  return results;
})();
const keep = process.env.CC_TEST_SUMMARY;
const dir = mkdtempSync(join(tmpdir(), 'cc-test-'));
process.env.CC_TEST_SUMMARY = join(dir, 'summary.json');
const started = performance.now();
// Asynchronous, so that the type check's output is read meanwhile.
const result = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...args.filter((arg) => !(arg in STATIC_CHECKS))], {
    stdio: 'inherit',
    env: process.env,
  });
  child.on('close', (code) => resolve({ status: code }));
});
const checked = await checks;
const seconds = (performance.now() - started) / 1000;
let totals;
try {
  totals = JSON.parse(readFileSync(process.env.CC_TEST_SUMMARY, 'utf8'));
  if (keep) copyFileSync(process.env.CC_TEST_SUMMARY, keep);
} catch {
  totals = { passed: 0, failed: 1, skipped: 0, failures: ['(the test runner left no summary)'], files: {} };
}
rmSync(dir, { recursive: true, force: true });
for (const { script, code, output } of checked) {
  if (code === 0) continue;
  process.stdout.write(`\nnpm run ${script} failed:\n${output}`);
  totals.failed += 1;
  totals.failures.push(`(static check) npm run ${script}`);
}
const status = checked.some(({ code }) => code !== 0) ? 1 : (result.status ?? 1);
if (status !== 0 && totals.failed === 0) totals.failed = 1;

const slowest = Object.entries(totals.files ?? {})
  .sort(([, a], [, b]) => b - a)
  .slice(0, 8);
if (slowest.length) {
  process.stdout.write(`\nSlowest test files (wall time, ${seconds.toFixed(0)} s in all):\n`);
  for (const [file, ms] of slowest) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}\n`);
}
if (totals.failures?.length) {
  process.stdout.write('\nFailed:\n');
  for (const name of totals.failures) process.stdout.write(`  ✗ ${name}\n`);
}
process.stdout.write(`\n${summaryLine(totals)}\n`);
process.exit(status);
