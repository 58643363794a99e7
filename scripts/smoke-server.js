// Starts the compiled server (dist/server, from `npm run build`) as production runs it, on an
// embedded database in a fresh directory, twice: the first start creates the database, the
// second is a restart. Each time it checks that the API answers a signed-in caller and prints
// how long the server took to be ready and the most memory it held (targets: 5 s, 300 MB after
// the first start). Exits non-zero if the server does not start or answer.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = 'dist/server/bin/main.js';
const TOKEN = `smoke-${process.pid}`;
const START_LIMIT_MS = 120_000;
if (!existsSync(MAIN)) {
  console.error(`smoke:server: ${MAIN} is missing: run \`npm run build\` first`);
  process.exit(1);
}

/** The process's peak resident memory in MB (Linux), or undefined where /proc is not there. */
function peakMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((each) => each.startsWith('VmHWM:'));
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function start(dataDir) {
  const began = performance.now();
  const child = spawn(process.execPath, [MAIN, '--data', dataDir, '--port', '0', '--token', TOKEN, '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${START_LIMIT_MS / 1000} s:\n${output}`)), START_LIMIT_MS);
    const read = (chunk) => {
      output += chunk;
      const found = /server on (http:\/\/\S+)\/v1/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  const readyMs = performance.now() - began;
  const answer = await fetch(`${url}/v1/customers?q=${encodeURIComponent('jordan.ellis@example.com')}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = await answer.json();
  const peak = peakMb(child.pid);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (answer.status !== 200 || !Array.isArray(body.matches) || body.matches.length !== 1) {
    throw new Error(`GET /v1/customers answered ${answer.status}: expected Jordan Ellis alone`);
  }
  return { readyMs, peak };
}

const dataDir = mkdtempSync(join(tmpdir(), 'cc-smoke-server-'));
try {
  const first = await start(dataDir);
  const again = await start(dataDir);
  const mb = (value) => (value === undefined ? 'n/a' : `${value} MB`);
  console.log(`server, first start (creates the database): ready in ${(first.readyMs / 1000).toFixed(1)} s, peak ${mb(first.peak)}`);
  console.log(`server, restart: ready in ${(again.readyMs / 1000).toFixed(1)} s (target 5 s), peak ${mb(again.peak)} (target 300 MB)`);
} catch (error) {
  console.error(`smoke:server: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
