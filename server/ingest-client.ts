/**
 * Sends CloudEvents from a file to a context service (`POST /v1/cloudevents`, batch mode): what
 * `npm run ingest -- file.jsonl` runs to backfill, and what any script may call. Events go in
 * batches; a batch the service cannot answer now (429, 503, no connection) is sent again after a
 * pause, which is safe because the service stores each `source` and `id` once. Runs wherever
 * `fetch` does.
 */

/** One line of a JSON Lines file: its number (from 1) and its value, or why it is not JSON. */
export type JsonLine = { readonly line: number; readonly value: unknown } | { readonly line: number; readonly unreadable: string };

export interface IngestRefusal {
  readonly line: number;
  readonly source?: string;
  readonly id?: string;
  readonly reasons: readonly string[];
}

export interface IngestFileSummary {
  readonly events: number;
  readonly stored: number;
  readonly duplicate: number;
  readonly unmatched: number;
  readonly refused: number;
  /** Each refused line and why, in file order. */
  readonly refusals: readonly IngestRefusal[];
}

export interface SendEventsOptions {
  /** The service's address, such as https://context.example.com. */
  readonly url: string;
  /** The whole Authorization value (`Bearer cck_…` for an ingest API key). */
  readonly authorization?: string;
  /** Further headers (the lab partition, a region for national phone numbers). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Events per request (default 500, at most 1000). */
  readonly batchSize?: number;
  /** Tries per batch before giving up on the service (default 6). */
  readonly tries?: number;
  /** First pause before trying a batch again, in ms (doubles each time; a Retry-After wins). */
  readonly retryMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
}

/** The lines of a JSON Lines file; blank lines are skipped, and a line that is not JSON says so. */
export function jsonLines(text: string): JsonLine[] {
  const lines: JsonLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      if (raw.trim() === '') return;
      try {
        lines.push({ line: index + 1, value: JSON.parse(raw) as unknown });
      } catch (error) {
        lines.push({ line: index + 1, unreadable: `Not JSON: ${(error as Error).message}` });
      }
    });
  return lines;
}

interface EventResult {
  readonly outcome: 'stored' | 'duplicate' | 'unmatched' | 'refused';
  readonly source?: string;
  readonly id?: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Sends the lines' events in batches and counts what the service did with each. Throws when the service refuses the batches themselves (credentials, address) or stays unreachable. */
export async function sendEvents(lines: readonly JsonLine[], options: SendEventsOptions): Promise<IngestFileSummary> {
  const batchSize = Math.min(Math.max(1, options.batchSize ?? 500), 1000);
  const send = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const endpoint = `${options.url.replace(/\/+$/, '')}/v1/cloudevents`;
  const counts = { stored: 0, duplicate: 0, unmatched: 0, refused: 0 };
  const refusals: IngestRefusal[] = [];
  let done = 0;
  const refuse = (refusal: IngestRefusal) => {
    counts.refused += 1;
    refusals.push(refusal);
  };
  const readable = lines.filter((line): line is { line: number; value: unknown } => 'value' in line);
  for (const line of lines) if ('unreadable' in line) refuse({ line: line.line, reasons: [line.unreadable] });
  done = lines.length - readable.length;
  options.onProgress?.(done, lines.length);
  for (let start = 0; start < readable.length; start += batchSize) {
    const batch = readable.slice(start, start + batchSize);
    const results = await sendBatch(batch.map((line) => line.value));
    batch.forEach((line, index) => {
      const result = results[index];
      if (!result || result.outcome === 'refused') {
        refuse({
          line: line.line,
          ...(result?.source === undefined ? {} : { source: result.source }),
          ...(result?.id === undefined ? {} : { id: result.id }),
          reasons: (result?.issues ?? [{ path: '', message: 'No answer for this event' }]).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)),
        });
      } else counts[result.outcome] += 1;
    });
    done += batch.length;
    options.onProgress?.(done, lines.length);
  }
  refusals.sort((a, b) => a.line - b.line);
  return { events: lines.length, ...counts, refusals };

  async function sendBatch(events: readonly unknown[]): Promise<readonly EventResult[]> {
    const tries = options.tries ?? 6;
    let pause = options.retryMs ?? 500;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response | undefined;
      try {
        response = await send(endpoint, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/cloudevents-batch+json',
            ...(options.authorization ? { Authorization: options.authorization } : {}),
            ...options.headers,
          },
          body: JSON.stringify(events),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        if (options.signal?.aborted || attempt >= tries) throw new Error(`The service at ${options.url} cannot be reached: ${(error as Error).message}`);
      }
      if (response?.ok) {
        const body = (await response.json()) as { results?: EventResult[] };
        if (!Array.isArray(body.results)) throw new Error(`The service answered ${response.status} without results: is ${options.url} a context service?`);
        return body.results;
      }
      if (response && response.status !== 429 && response.status !== 503) {
        const text = await response.text();
        throw new Error(`The service refused the batch (${response.status}): ${text.slice(0, 300)}`);
      }
      if (attempt >= tries) throw new Error(`The service at ${options.url} kept answering ${response?.status ?? 'nothing'}; ${done} of ${lines.length} events were sent`);
      const retryAfter = Number(response?.headers.get('Retry-After'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : pause, options.signal);
      pause *= 2;
    }
  }
}

/** The summary as the CLI prints it: the counts, then each refused line and why. */
export function summaryText(summary: IngestFileSummary): string {
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const lines = [
    `${plural(summary.events, 'event', 'events')}: ${summary.stored} stored, ${plural(summary.duplicate, 'duplicate', 'duplicates')}, ${summary.unmatched} unmatched (kept for an agent to attach), ${summary.refused} refused`,
  ];
  for (const refusal of summary.refusals) {
    const which = refusal.id === undefined ? '' : ` (${refusal.source ?? '?'} ${refusal.id})`;
    lines.push(`  line ${refusal.line}${which}: ${refusal.reasons.join('; ')}`);
  }
  return lines.join('\n');
}
