// Runs web-test-runner in the system's Chromium (installing Debian's where it can; see chromium.js),
// then prints the closing line `wtr: N passed, N failed, N skipped` last.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireChromium } from './chromium.js';
import { summaryLine } from './count-reporter.js';

process.env.CHROME_PATH = requireChromium();
const dir = mkdtempSync(join(tmpdir(), 'cc-test-'));
process.env.CC_TEST_SUMMARY = join(dir, 'summary.json');
const result = spawnSync(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});
let totals;
try {
  totals = JSON.parse(readFileSync(process.env.CC_TEST_SUMMARY, 'utf8'));
} catch {
  totals = { passed: 0, failed: 1, skipped: 0 };
}
rmSync(dir, { recursive: true, force: true });
const status = result.status ?? 1;
if (status !== 0 && totals.failed === 0) totals.failed = 1;
process.stdout.write(`\n${summaryLine(totals)}\n`);
process.exit(status);
