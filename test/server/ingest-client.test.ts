import { expect } from '@open-wc/testing';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { jsonLines, sendEvents, summaryText } from '../../server/ingest-client.js';
import { connect, scheduleFaults, startServer, stopServer, type TestServer } from './http-support.js';

describe('npm run ingest (server/ingest-client.ts)', function () {
  let server: TestServer;
  let sample: string;

  before(async () => {
    sample = await (await fetch('/samples/cumulus-events.jsonl')).text();
  });

  beforeEach(async () => {
    server = await startServer({ faults: true });
    const seeder = await connect(server);
    await seedDemoJourney(seeder, new Date(2026, 10, 20, 11, 0));
    seeder.close();
  });

  afterEach(async () => {
    await stopServer(server);
  });

  it('backfills the sample file into Jordan Ellis’s journey: stored, a repeat once, a stranger kept, a bad time named', async () => {
    const progress: string[] = [];
    const summary = await sendEvents(jsonLines(sample), { url: server.url, batchSize: 3, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(progress).to.deep.equal(['0/8', '3/8', '6/8', '8/8']);
    expect(summary).to.deep.include({ events: 8, stored: 5, duplicate: 1, unmatched: 1, refused: 1 });
    expect(summary.refusals).to.have.length(1);
    expect(summary.refusals[0]).to.deep.include({ line: 8, source: 'urn:cumulus:web', id: 'web-991' });
    expect(summary.refusals[0]!.reasons[0]).to.match(/^time: /);
    const text = summaryText(summary);
    expect(text.split('\n')[0]).to.equal('8 events: 5 stored, 1 duplicate, 1 unmatched (kept for an agent to attach), 1 refused');
    expect(text).to.contain('line 8 (urn:cumulus:web web-991): time:');

    const journey = (await (await fetch(`${server.url}/v1/customers/${DEMO_IDS.jordan}/activities?pageSize=50`)).json()) as { activities: { title: string }[] };
    const titles = journey.activities.map((activity) => activity.title);
    for (const title of ['Called about the loaner bike', 'Loaner confirmed', 'com.cumulus.bike.fault', 'Can I pick the bike up on Saturday?', 'Invoice for the voltage regulator']) {
      expect(titles, title).to.include(title);
    }
    expect(titles.filter((title) => title === 'Called about the loaner bike')).to.have.length(1);

    // Run again after an interruption: nothing is doubled.
    const again = await sendEvents(jsonLines(sample), { url: server.url });
    expect(again).to.deep.include({ stored: 0, duplicate: 7, unmatched: 0, refused: 1 });
  });

  it('names a line that is not JSON, and sends the rest', async () => {
    const lines = jsonLines(`${sample.split('\n')[0]}\n\n{"specversion": \n`);
    expect(lines.map((line) => line.line)).to.deep.equal([1, 3]);
    const summary = await sendEvents(lines, { url: server.url });
    expect(summary).to.deep.include({ events: 2, stored: 1, refused: 1 });
    expect(summary.refusals[0]!.line).to.equal(3);
    expect(summary.refusals[0]!.reasons[0]).to.match(/^Not JSON/);
  });

  it('sends a batch again when the service cannot answer now, and stops on a refusal of the batch itself', async () => {
    await scheduleFaults(server, [{ kind: 'status', status: 503, method: 'POST', path: '/v1/cloudevents', times: 2 }]);
    const summary = await sendEvents(jsonLines(sample), { url: server.url, retryMs: 10 });
    expect(summary.stored).to.equal(5);
    await scheduleFaults(server, [{ kind: 'status', status: 503, method: 'POST', path: '/v1/cloudevents', times: 5 }]);
    const gaveUp = await sendEvents(jsonLines(sample), { url: server.url, retryMs: 10, tries: 3 }).then(
      () => 'sent',
      (error: Error) => error.message,
    );
    expect(gaveUp).to.contain('kept answering 503');
    const secured = await startServer({ token: 'right' });
    try {
      const refused = await sendEvents(jsonLines(sample), { url: secured.url, authorization: 'Bearer wrong' }).then(
        () => 'sent',
        (error: Error) => error.message,
      );
      expect(refused).to.contain('refused the batch (401)');
    } finally {
      await stopServer(secured);
    }
  });
});
