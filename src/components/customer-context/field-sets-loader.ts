/**
 * Loading the organisation's field set JSON from an address (`field-sets-url`): only pages that
 * name one load this module.
 */

/** A loading failure, said briefly: never the response's body. */
export class FieldSetsLoadError extends Error {}

/** The most of the organisation's field set JSON read: 50 sets of 200 fields fit in far less. */
const FIELD_SETS_MAX_BYTES = 1024 * 1024;

/** A response's body as text, refused once it passes `maxBytes` (read no further than that). */
async function boundedText(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new FieldSetsLoadError(`larger than ${maxBytes / 1024 / 1024} MB`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * The organisation's field set JSON at `url`, as the page would load it (cookies for its own
 * origin only), in no longer than `limit` ms. Only http and https are fetched:
 * a `javascript:` or `data:` address set in a layout is never followed. Throws a
 * FieldSetsLoadError saying briefly why, or the abort when `signal` is.
 */
export async function fetchFieldSets(url: string, limit: number, signal: AbortSignal): Promise<unknown> {
  let address: URL;
  try {
    address = new URL(url, document.baseURI);
  } catch {
    throw new FieldSetsLoadError('not an http or https address');
  }
  if (address.protocol !== 'http:' && address.protocol !== 'https:') throw new FieldSetsLoadError('not an http or https address');
  const loading = new AbortController();
  const timeout = new FieldSetsLoadError(`timed out after ${limit} ms`);
  const timer = setTimeout(() => loading.abort(timeout), limit);
  const forward = () => loading.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  if (signal.aborted) forward();
  try {
    let response: Response;
    try {
      response = await fetch(address, { credentials: 'same-origin', signal: loading.signal });
    } catch (error) {
      throw loading.signal.aborted ? loading.signal.reason : new FieldSetsLoadError('unreachable', { cause: error });
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw new FieldSetsLoadError(`HTTP ${response.status}`);
    }
    let text: string;
    try {
      text = await boundedText(response, FIELD_SETS_MAX_BYTES);
    } catch (error) {
      throw loading.signal.aborted ? loading.signal.reason : error instanceof FieldSetsLoadError ? error : new FieldSetsLoadError('unreachable', { cause: error });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new FieldSetsLoadError('not JSON', { cause: error });
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}

/**
 * The document at `url`, or why it could not be loaded (briefly: never the response's body).
 * Throws only the abort, when `signal` is aborted.
 */
export async function loadFieldSetsDocument(url: string, limit: number, signal: AbortSignal): Promise<{ document: unknown } | { cause: string }> {
  try {
    return { document: await fetchFieldSets(url, limit, signal) };
  } catch (error) {
    signal.throwIfAborted();
    return { cause: error instanceof FieldSetsLoadError ? error.message : 'unreachable' };
  }
}
