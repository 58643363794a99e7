import { promisifyRequest } from 'idb-keyval';
import * as z from 'zod/mini';

/** The writes the outbox keeps: every write of the adapter interface but deletes (lab mode only, never queued). */
export const QUEUED_WRITES = ['createCustomer', 'updateCustomer', 'createActivity', 'updateActivity', 'createRequest'] as const;
export type QueuedWrite = (typeof QUEUED_WRITES)[number];

const entrySchema = z.object({
  seq: z.number(),
  op: z.enum(QUEUED_WRITES),
  /** The arguments as the caller gave them, ids assigned (creates) so that a replay names the same record. */
  args: z.array(z.unknown()),
  idempotencyKey: z.string(),
  queuedAt: z.string(),
  /** Set when the backend refused the write for good (a conflict, invalid input): kept, not retried. */
  failure: z.optional(z.object({ code: z.string(), message: z.string(), at: z.string() })),
});

/** One write waiting for the backend, in the order it was made. */
export type OutboxEntry = z.infer<typeof entrySchema>;

const ENTRIES = 'entries';
const META = 'meta';
const VERSION = 1;

/**
 * Writes made while the backend could not be reached, kept in IndexedDB (so a closed tab loses
 * none) and handed back in the order they were made. Entries are removed only once the backend
 * has taken them; one it refuses for good stays, marked with why, for someone to look at.
 */
export class Outbox {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name: string): Promise<Outbox> {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES, { keyPath: 'seq', autoIncrement: true });
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    };
    const db = await promisifyRequest(request);
    db.onversionchange = () => db.close();
    return new Outbox(db);
  }

  static async deleteDatabase(name: string): Promise<void> {
    await promisifyRequest(indexedDB.deleteDatabase(name) as IDBRequest<unknown>);
  }

  /** Queues a write; resolves once it is on disk. */
  async add(op: QueuedWrite, args: readonly unknown[], idempotencyKey: string): Promise<OutboxEntry> {
    const tx = this.db.transaction(ENTRIES, 'readwrite');
    const entry = { op, args: [...args], idempotencyKey, queuedAt: new Date().toISOString() };
    const seq = await promisifyRequest(tx.objectStore(ENTRIES).add(entry) as IDBRequest<number>);
    await done(tx);
    return { ...entry, seq };
  }

  /** Every entry, oldest first. Entries that do not read as an outbox entry are reported, never dropped silently. */
  async entries(): Promise<OutboxEntry[]> {
    const raw = await promisifyRequest(this.db.transaction(ENTRIES, 'readonly').objectStore(ENTRIES).getAll());
    return raw.map((value, index) => {
      const parsed = z.safeParse(entrySchema, value);
      if (parsed.success) return parsed.data;
      const seq = typeof (value as { seq?: unknown })?.seq === 'number' ? (value as { seq: number }).seq : index;
      return {
        seq,
        op: 'createActivity',
        args: [],
        idempotencyKey: '',
        queuedAt: '',
        failure: { code: 'invalid-input', message: 'This queued write could not be read back', at: new Date().toISOString() },
      } satisfies OutboxEntry;
    });
  }

  /** The oldest entry still to send, if any. */
  async next(): Promise<OutboxEntry | undefined> {
    return (await this.entries()).find((entry) => !entry.failure);
  }

  async remove(seq: number): Promise<void> {
    const tx = this.db.transaction(ENTRIES, 'readwrite');
    tx.objectStore(ENTRIES).delete(seq);
    await done(tx);
  }

  async markFailed(seq: number, failure: { code: string; message: string }): Promise<void> {
    const tx = this.db.transaction(ENTRIES, 'readwrite');
    const store = tx.objectStore(ENTRIES);
    const entry = (await promisifyRequest(store.get(seq))) as OutboxEntry | undefined;
    if (entry) store.put({ ...entry, failure: { ...failure, at: new Date().toISOString() } });
    await done(tx);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const value: unknown = await promisifyRequest(this.db.transaction(META, 'readonly').objectStore(META).get(key));
    return typeof value === 'string' ? value : undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    const tx = this.db.transaction(META, 'readwrite');
    tx.objectStore(META).put(value, key);
    await done(tx);
  }

  close(): void {
    this.db.close();
  }
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}
