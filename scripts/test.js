// Runs web-test-runner in the system's Chromium (installing Debian's where it can; see chromium.js),
// with --typecheck the type check beside it, then prints the slowest test files, the failed tests
// and, last, the closing line
// `wtr: N passed, N failed, N skipped` (CI reads it). With CC_TEST_SUMMARY set, the run's summary
// (counts, failed tests, each file's wall time) is also left in that file (scripts/soak.js reads it).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireChromium } from './chromium.js';
import { summaryLine } from './count-reporter.js';

process.env.CHROME_PATH = requireChromium();

// --typecheck: `npm run typecheck` beside the tests (the tests spend much of their time waiting),
// its output shown and its failure counted at the end.
const args = process.argv.slice(2);
const typecheck = args.includes('--typecheck')
  ? new Promise((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'typecheck'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const output = [];
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
      child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(output).toString('utf8') }));
    })
  : Promise.resolve({ code: 0, output: '' });
const keep = process.env.CC_TEST_SUMMARY;
const dir = mkdtempSync(join(tmpdir(), 'cc-test-'));
process.env.CC_TEST_SUMMARY = join(dir, 'summary.json');
const started = performance.now();
// Asynchronous, so that the type check's output is read meanwhile.
const result = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...args.filter((arg) => arg !== '--typecheck')], {
    stdio: 'inherit',
    env: process.env,
  });
  child.on('close', (code) => resolve({ status: code }));
});
const types = await typecheck;
const seconds = (performance.now() - started) / 1000;
let totals;
try {
  totals = JSON.parse(readFileSync(process.env.CC_TEST_SUMMARY, 'utf8'));
  if (keep) copyFileSync(process.env.CC_TEST_SUMMARY, keep);
} catch {
  totals = { passed: 0, failed: 1, skipped: 0, failures: ['(the test runner left no summary)'], files: {} };
}
rmSync(dir, { recursive: true, force: true });
if (types.code !== 0) {
  process.stdout.write(`\nThe type check failed:\n${types.output}`);
  totals.failed += 1;
  totals.failures.push('(type check) npm run typecheck');
}
const status = types.code !== 0 ? 1 : result.status ?? 1;
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
