// `npm run test:soak -- [--runs N] [--busy] [--flaky | --files GLOB ...]`: runs the test suite N
// times (default 3), or only the files given (--flaky: those scripts/flaky-files.txt lists), and
// prints each run's passed/failed counts and time, then every test that failed in any run and in
// how many. With --busy, one process per CPU spins beside the tests, as on a machine doing other
// work. Exits 1 if any run failed.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
let runs = 3;
let busy = false;
const passOn = [];
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index];
  if (arg === '--runs') runs = Number(args[++index]);
  else if (arg.startsWith('--runs=')) runs = Number(arg.slice('--runs='.length));
  else if (arg === '--busy') busy = true;
  else if (arg === '--flaky') passOn.push('--files', ...flakyFiles());
  else passOn.push(arg);
}

/** The files scripts/flaky-files.txt lists: every file that has ever flaked. */
function flakyFiles() {
  return readFileSync(new URL('./flaky-files.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error('soak: --runs takes a whole number of at least 1');
  process.exit(2);
}

/** One spinning process per CPU, at the lowest priority the tests' own processes do not have. */
function startLoad() {
  const spinners = [];
  for (let cpu = 0; cpu < availableParallelism(); cpu += 1) {
    spinners.push(spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random());'], { stdio: 'ignore' }));
  }
  return () => {
    for (const spinner of spinners) spinner.kill('SIGKILL');
  };
}

function runOnce(summary, log) {
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    const child = spawn(process.execPath, ['scripts/test.js', ...passOn], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CC_TEST_SUMMARY: summary },
    });
    // The runner's own output goes to a log kept for a failed run; its summary file says what happened.
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (code) => out.end(() => resolve(code ?? 1)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cc-soak-'));
const stopLoad = busy ? startLoad() : () => undefined;
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const failedIn = new Map();
const reasons = new Map();
let failedRuns = 0;
console.log(`soak: ${runs} run${runs === 1 ? '' : 's'} of ${passOn.length ? passOn.join(' ') : 'the whole suite'}${busy ? `, with ${availableParallelism()} CPUs kept busy` : ''}`);
for (let run = 1; run <= runs; run += 1) {
  const summary = join(dir, `run-${run}.json`);
  const log = join(dir, `run-${run}.log`);
  const started = performance.now();
  const code = await runOnce(summary, log);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  let totals;
  try {
    totals = JSON.parse(readFileSync(summary, 'utf8'));
  } catch {
    totals = { passed: 0, failed: 1, skipped: 0, failures: [`(run ${run} left no summary; exit code ${code})`] };
  }
  if (code !== 0 && totals.failed === 0) totals.failures.push(`(run ${run} exited with ${code})`);
  const failed = Math.max(totals.failed, code === 0 ? 0 : 1);
  if (failed) failedRuns += 1;
  for (const name of totals.failures) failedIn.set(name, (failedIn.get(name) ?? 0) + 1);
  for (const [name, reason] of Object.entries(totals.reasons ?? {})) reasons.set(name, `run ${run}: ${reason}`);
  console.log(`run ${run}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped in ${seconds} s${failed ? ` (its output: ${log})` : ''}`);
}
stopLoad();
// The logs of failed runs stay for reading; the rest goes.
if (!failedRuns) rmSync(dir, { recursive: true, force: true });

if (failedIn.size) {
  console.log('\nFailed in some run:');
  for (const [name, count] of [...failedIn].sort(([, a], [, b]) => b - a)) {
    console.log(`  ${count}/${runs}  ${name}`);
    // The last run's reason, so that a log kept nowhere else (CI's) still says what failed.
    if (reasons.has(name)) console.log(`        ${reasons.get(name)}`);
  }
}
console.log(`\nsoak: ${runs - failedRuns} of ${runs} runs passed`);
process.exit(failedRuns ? 1 : 0);
