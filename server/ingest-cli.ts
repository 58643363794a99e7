/**
 * `npm run ingest -- <file.jsonl> [--url <service>] [--token <t>] [--batch <n>] [--lab] [--region <cc>]`:
 * backfills a context service from a file of CloudEvents, one JSON event a line (a file holding
 * one JSON array works too). A progress bar on a terminal, then a summary: stored, duplicates,
 * unmatched, and every refused line with its reasons. The token (an ingest API key, say) may come
 * from CC_INGEST_TOKEN instead; the address from CC_INGEST_URL (default http://127.0.0.1:8787).
 * Exits 0 when every event was taken, 1 when some were refused, 2 when it could not run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jsonLines, sendEvents, summaryText, type JsonLine } from './ingest-client.js';

const USAGE = 'Usage: npm run ingest -- <file.jsonl> [--url http://127.0.0.1:8787] [--token <t>] [--batch 500] [--lab] [--region US]';

function linesOf(text: string): JsonLine[] {
  // A file that is one JSON array (an export) is its events, each counted as line 1.
  if (text.trimStart().startsWith('[')) {
    try {
      const events = JSON.parse(text) as unknown;
      if (Array.isArray(events)) return events.map((value) => ({ line: 1, value }));
    } catch {
      // Not one array: read as lines.
    }
  }
  return jsonLines(text);
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} events`;
}

async function main(): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        batch: { type: 'string' },
        lab: { type: 'boolean' },
        region: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...rest] = positionals;
  if (!file || rest.length) {
    console.error(USAGE);
    return 2;
  }
  const batchSize = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    console.error('--batch takes a whole number from 1 to 1000');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const token = values.token ?? process.env['CC_INGEST_TOKEN'];
  const url = values.url ?? process.env['CC_INGEST_URL'] ?? 'http://127.0.0.1:8787';
  const tty = process.stderr.isTTY;
  const started = performance.now();
  try {
    const summary = await sendEvents(linesOf(text), {
      url,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      headers: { ...(values.lab ? { 'Context-Lab-Mode': 'true' } : {}), ...(values.region ? { 'Context-Region': values.region } : {}) },
      batchSize,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(progressBar(done, total));
      },
    });
    if (tty) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds >= 1 ? ` (${(summary.events / seconds).toFixed(0)} events/s)` : '';
    console.log(`${summaryText(summary)}\nin ${seconds.toFixed(1)} s${rate}`);
    return summary.refused ? 1 : 0;
  } catch (error) {
    if (tty) process.stderr.write('\n');
    console.error((error as Error).message);
    return 2;
  }
}

process.exitCode = await main();
