import { expect } from '@open-wc/testing';
import { readEvents, type ServerSentEvent } from '../../src/backend/http-events.js';
import { retryAfterMs } from '../../src/backend/http-transport.js';

/** A body delivering `chunks` one by one, as a network would cut them. */
function body(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]!));
      else controller.close();
    },
  });
}

async function all(chunks: readonly string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readEvents(body(chunks))) events.push(event);
  return events;
}

describe('readEvents (text/event-stream)', () => {
  it('reads events, ids and multi-line data, skipping comments and retry', async () => {
    expect(await all(['retry: 1000\n\n: ping\n\nevent: change\nid: 7\ndata: {"a":\ndata: 1}\n\n', 'data: plain\n\n'])).to.deep.equal([
      { event: 'change', id: '7', data: '{"a":\n1}' },
      // The last id stays in force, as EventSource keeps it.
      { event: 'message', id: '7', data: 'plain' },
    ]);
  });

  it('accepts CRLF and CR line ends, also split across chunks', async () => {
    const events = await all(['event: ready\r', '\nid: 1\r\ndata: {"head":1}\r', '\n\r', '\nevent: gap\rdata: x\r\r']);
    expect(events).to.deep.equal([
      { event: 'ready', id: '1', data: '{"head":1}' },
      { event: 'gap', id: '1', data: 'x' },
    ]);
  });

  it('reads a UTF-8 character split between chunks, and drops an event cut off before its blank line', async () => {
    const encoded = new TextEncoder().encode('data: Zoë 👩🏽‍💻\n\ndata: cut');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < encoded.length; offset += 3) controller.enqueue(encoded.slice(offset, offset + 3));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readEvents(stream)) events.push(event);
    expect(events).to.deep.equal([{ event: 'message', data: 'Zoë 👩🏽‍💻' }]);
  });

  it('ignores an event with no data, as EventSource does', async () => {
    expect(await all(['event: nothing\n\nid: 3\n\ndata: after\n\n'])).to.deep.equal([{ event: 'message', id: '3', data: 'after' }]);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('3')).to.equal(3000);
    expect(retryAfterMs(' 0 ')).to.equal(0);
    const now = Date.parse('2026-11-25T09:00:00Z');
    expect(retryAfterMs('Wed, 25 Nov 2026 09:00:05 GMT', now)).to.equal(5000);
    expect(retryAfterMs('Wed, 25 Nov 2026 08:59:00 GMT', now)).to.equal(0);
    expect(retryAfterMs('soon')).to.equal(undefined);
    expect(retryAfterMs('-1')).to.equal(undefined);
    expect(retryAfterMs(null)).to.equal(undefined);
  });
});
