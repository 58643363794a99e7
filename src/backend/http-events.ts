import * as z from 'zod/mini';
import { NotFoundError, activitySchema, idSchema } from '../model/index.js';
import type { ActivityChange } from './adapter.js';
import { parseResponse, sleep, type HttpTransport } from './http-transport.js';

/** One Server-Sent Event. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

/**
 * Reads a `text/event-stream` body as events, by the WHATWG rules that matter here: lines end in
 * LF, CRLF or CR; `event`, `data` (joined by LF) and `id` fields; comments and `retry` ignored; an
 * event is dispatched at a blank line. `onBytes` hears every chunk (a liveness signal).
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, onBytes: () => void = () => {}): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) buffer += decoder.decode();
      else {
        onBytes();
        buffer += decoder.decode(value, { stream: true });
      }
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        // A CR at the very end may be the first half of a CRLF still on its way (unless the stream has ended).
        if (end < 0 || (!done && buffer[end] === '\r' && end === buffer.length - 1)) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

export const changeSchema = z.object({
  seq: z.int().check(z.minimum(1)),
  kind: z.enum(['created', 'updated', 'deleted']),
  customerId: idSchema,
  activityId: idSchema,
  activity: z.optional(activitySchema),
});
export type FeedChange = z.output<typeof changeSchema>;

const changesPageSchema = z.object({ changes: z.array(changeSchema), hasMore: z.boolean(), head: z.int().check(z.minimum(0)) });
const readySchema = z.object({ head: z.int().check(z.minimum(0)) });
const gapSchema = z.object({ after: z.int().check(z.minimum(0)), head: z.int().check(z.minimum(0)) });
const resetSchema = z.object({ head: z.int().check(z.minimum(0)) });
/** An erasure of the customer (server/erasure.ts): the id only, heard live, with no change number of its own. */
const erasedSchema = z.object({ customerId: z.string() });

/**
 * What `onError` hears when the server's change numbers went back (a server restored from a
 * backup), or when the changes after this client's number were pruned from the feed: the stream
 * goes on from `head`, and what the client holds may lack changes it never heard.
 */
export class ChangeFeedReset extends Error {
  constructor(
    readonly head: number,
    readonly lastSeq: number | undefined,
  ) {
    super(`The server's change feed restarted at ${head} (this client had heard of ${lastSeq ?? 'none'}): listening on from there`);
    this.name = 'ChangeFeedReset';
  }
}

export interface StreamOptions {
  /** A stream that carries no bytes (not even the server's heartbeat) this long is dropped and reopened (default 45 s). */
  readonly idleMs?: number;
  /** Waits between reconnections: doubling from `baseDelayMs` up to `maxDelayMs`, with jitter (defaults 250 ms and 10 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Each backfill request's time limit (default 15 s). */
  readonly backfillTimeoutMs?: number;
  /** Hears failures the stream recovers from by itself (for diagnostics). */
  readonly onError?: (error: unknown) => void;
}

/**
 * One customer's live changes over `GET /v1/events`, shared by that customer's listeners. It
 * resumes after a drop with Last-Event-ID, reads what a `gap` says it missed from
 * `/v1/changes`, and passes each change on exactly once, in order: a change whose number is not
 * above the last one passed on is dropped. On `reset` (the server's numbers went back) it takes
 * the server's head as the last number passed on.
 */
export class CustomerEventStream {
  readonly listeners = new Set<(change: ActivityChange) => void>();
  /** Hear that the server erased the customer: what is held of them must be forgotten (src/backend/offline-copy.ts). */
  readonly erasureListeners = new Set<(customerId: string) => void>();
  /** The last change number passed on or acknowledged by the server. */
  lastSeq: number | undefined;
  private readonly stopper = new AbortController();
  private connection: AbortController | undefined;
  /** Connections opened so far (for diagnostics and tests). */
  connections = 0;
  /**
   * Whether the server follows this stream now: its connection has been told the server's head
   * (`ready`, `gap` or `reset`) and has not ended since. An erasure is told only to streams that
   * are live when it commits; `lastSeq` alone is no sign, for it may come from any answer's
   * Context-Seq before the stream has connected.
   */
  live = false;

  constructor(
    private readonly transport: HttpTransport,
    readonly customerId: string,
    private readonly options: StreamOptions = {},
  ) {
    this.lastSeq = transport.lastSeq;
    void this.run();
  }

  stop(): void {
    this.stopper.abort();
    this.connection?.abort();
  }

  get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const healthy = await this.connect();
        failures = healthy ? 0 : failures + 1;
      } catch (error) {
        if (this.stopped) return;
        failures += 1;
        this.options.onError?.(error);
      }
      if (this.stopped) return;
      const base = this.options.baseDelayMs ?? 250;
      const cap = this.options.maxDelayMs ?? 10_000;
      const wait = failures === 0 ? Math.random() * base : Math.min(cap, base * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
      await sleep(wait, this.stopper.signal).catch(() => undefined);
    }
  }

  /** One connection, until it ends; resolves true when it delivered anything (so the next one starts at once). */
  private async connect(): Promise<boolean> {
    const connection = new AbortController();
    this.connection = connection;
    const stop = () => connection.abort();
    this.stopper.signal.addEventListener('abort', stop, { once: true });
    const idleMs = this.options.idleMs ?? 45_000;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`No bytes from the event stream for ${idleMs} ms`)), idleMs);
    };
    let heard = false;
    try {
      this.connections += 1;
      alive();
      const response = await this.transport.fetch(this.transport.url('/v1/events', { customerId: this.customerId }), {
        headers: await this.transport.headers({
          Accept: 'text/event-stream',
          ...(this.lastSeq === undefined ? {} : { 'Last-Event-ID': String(this.lastSeq) }),
        }),
        signal: connection.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`The event stream answered ${response.status}`);
      }
      for await (const event of readEvents(response.body, alive)) {
        heard = true;
        await this.handle(event, connection.signal);
        if (this.stopped) break;
      }
      return heard;
    } finally {
      this.live = false;
      clearTimeout(idle);
      this.stopper.signal.removeEventListener('abort', stop);
      connection.abort();
    }
  }

  private async handle(event: ServerSentEvent, signal: AbortSignal): Promise<void> {
    const data = parseJson(event.data);
    switch (event.event) {
      case 'change':
        this.deliver(parseResponse(changeSchema, data, 'a change event'));
        return;
      case 'ready':
        this.advance(parseResponse(readySchema, data, 'a ready event').head);
        this.live = true;
        return;
      case 'gap': {
        const gap = parseResponse(gapSchema, data, 'a gap event');
        await this.backfill(signal);
        this.advance(gap.head);
        this.live = true;
        return;
      }
      case 'reset':
        this.reset(parseResponse(resetSchema, data, 'a reset event').head);
        this.live = true;
        return;
      case 'erased':
        if (parseResponse(erasedSchema, data, 'an erased event').customerId === this.customerId) notify(this.erasureListeners, this.customerId);
        return;
      default:
        return;
    }
  }

  /** Reads from the change feed everything after the last change passed on, and passes it on. */
  private async backfill(signal: AbortSignal): Promise<void> {
    for (;;) {
      const limit = this.options.backfillTimeoutMs ?? 15_000;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error(`Backfill took over ${limit} ms`)), limit);
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        let body: unknown;
        try {
          ({ body } = await this.transport.send({
            method: 'GET',
            path: '/v1/changes',
            query: { after: String(this.lastSeq ?? 0), customerId: this.customerId, limit: '500' },
            deadline: performance.now() + limit,
            signal: controller.signal,
          }));
        } catch (error) {
          // 410: the changes after lastSeq were pruned from the feed. As on reset, go on from the
          // head, which the answer's Context-Seq gave the transport.
          if (error instanceof NotFoundError && error.kind === 'changes') return this.reset(this.transport.lastSeq!);
          throw error;
        }
        const page = parseResponse(changesPageSchema, body, 'the change feed');
        for (const change of page.changes) this.deliver(change);
        if (!page.hasMore || !page.changes.length) {
          this.advance(page.head);
          return;
        }
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    }
  }

  /** Takes `head` as the last number heard: the numbers after it will be given to new changes, maybe again, and none may be dropped as heard, here or in a stream opened later from the transport's number. */
  private reset(head: number): void {
    const heard = this.lastSeq;
    this.lastSeq = head;
    if (this.transport.lastSeq !== undefined && this.transport.lastSeq > head) this.transport.lastSeq = head;
    this.options.onError?.(new ChangeFeedReset(head, heard));
  }

  private advance(seq: number): void {
    if (this.lastSeq === undefined || seq > this.lastSeq) this.lastSeq = seq;
  }

  private deliver(change: FeedChange): void {
    if (this.lastSeq !== undefined && change.seq <= this.lastSeq) return;
    this.lastSeq = change.seq;
    if (change.customerId !== this.customerId) return;
    const { kind, customerId, activityId, activity } = change;
    notify(this.listeners, { kind, customerId, activityId, ...(activity && kind !== 'deleted' ? { activity } : {}) });
  }
}

function notify<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      // One failing listener must not keep what it hears from the others.
      reportError(error);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
