import { expect } from '@open-wc/testing';
import { BuiltInStore } from '../../src/backend/index.js';
import { formatReport } from '../../src/diagnostics/report.js';
import { formatStatusLine } from '../../src/diagnostics/status-log.js';
import { lastErrorOf, redactBackendName, redactText, summarize } from '../../src/diagnostics/summary.js';
import { setLocale } from '../../src/localization.js';
import { sampleStatus } from './fake-backend.js';

const AT = Date.parse('2026-11-25T10:30:00.000Z');
/** Customer input an error message could quote: it must never reach a report or a log. */
const PHONE = '+1 408 555 0142';
const EMAIL = 'jordan.ellis@example.com';

describe('status summary', () => {
  it('keeps the figures of each operation in the interface’s order, with totals', () => {
    const summary = summarize(sampleStatus(), { at: AT, registration: 'registered', timeoutMs: 1200 });
    expect(summary.operations.map(({ operation }) => operation)).to.deep.equal(['findCustomers', 'getCustomer', 'listActivities']);
    expect(summary.operations[1]).to.deep.equal({ operation: 'getCustomer', count: 7, errors: 2, p50Ms: 2, p95Ms: 6.25 });
    expect(summary.totals).to.deep.equal({ count: 22, errors: 3 });
    expect(summary).to.include({ at: '2026-11-25T10:30:00.000Z', state: 'registered', registration: 'registered', reachable: true, timeoutMs: 1200, labMode: false });
  });

  it('names the latest failure across operations by its code, operation and time only', () => {
    expect(lastErrorOf(sampleStatus())).to.deep.equal({ operation: 'listActivities', code: 'timeout', at: '2026-11-25T10:04:30.000Z' });
    expect(lastErrorOf({ operations: { getCustomer: { count: 1, errors: 0, meanMs: 1, p95Ms: 1 } } })).to.equal(undefined);
  });

  it('names the status probe’s failure when another failed in the same millisecond, as the connection state does', () => {
    const at = '2026-11-25T10:00:00.000Z';
    const operations = {
      getCustomer: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'not-found' as const, message: 'x', at } },
      status: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'unavailable' as const, message: 'x', at } },
    };
    expect(lastErrorOf({ operations })).to.deep.equal({ operation: 'status', code: 'unavailable', at });
  });

  it('reads only what the interface defines: unknown operations and codes, and odd figures, leak nothing', () => {
    const status = sampleStatus({
      operations: {
        getCustomer: { count: 2, errors: 1, meanMs: 1, p95Ms: Number.NaN, lastError: { code: EMAIL as never, message: EMAIL, at: '2026-11-25T10:00:00.000Z' } },
        [`lookup ${PHONE}`]: { count: 1, errors: 0, meanMs: 1, p95Ms: 1 },
      } as never,
    });
    const summary = summarize(status, { at: AT });
    expect(summary.operations).to.deep.equal([{ operation: 'getCustomer', count: 2, errors: 1, p95Ms: 0 }]);
    expect(summary.lastError?.code).to.equal('unknown');
    const text = JSON.stringify(summary) + formatReport(summary) + formatStatusLine(summary);
    expect(text).not.to.include(EMAIL);
    expect(text).not.to.include('408');
  });

  describe('redaction', () => {
    it('masks email addresses and phone numbers in free text, and keeps short numbers', () => {
      expect(redactText(`call ${PHONE} or write to ${EMAIL} within 1200 ms`)).to.equal('call [number] or write to [email] within 1200 ms');
      expect(redactText('+14085550142')).to.equal('[number]');
    });

    it('keeps a backend address’s origin and path, without credentials, query or fragment', () => {
      expect(redactBackendName('HTTP https://admin:s3cret@context.example.com:8443/api/v1?token=abc#x')).to.equal('HTTP https://context.example.com:8443/api/v1');
      expect(redactBackendName('HTTP https://10.20.30.40/')).to.equal('HTTP https://10.20.30.40');
      expect(redactBackendName(`Store of ${EMAIL}`)).to.equal('Store of [email]');
      expect(redactBackendName('x'.repeat(500))).to.have.length(120);
    });

    it('never puts an error’s message in the report or the log line, from a real store', async () => {
      const databaseName = 'cc-test-diagnostics-redaction';
      await BuiltInStore.deleteDatabase(databaseName);
      const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
      try {
        await store.getCustomer(`${EMAIL} ${PHONE}`).catch(() => undefined);
        await store.findCustomers(PHONE);
        const status = await store.status();
        // The store's own message does quote the input: that is why it stays out.
        expect(status.operations.getCustomer?.lastError?.message).to.include(EMAIL);
        const summary = summarize(status, { at: AT });
        expect(summary.lastError).to.include({ operation: 'getCustomer', code: 'not-found' });
        for (const text of [formatReport(summary), formatStatusLine(summary), JSON.stringify(summary)]) {
          expect(text).not.to.include(EMAIL);
          expect(text).not.to.include('jordan');
          expect(text.replace(/\D/g, '')).not.to.include('4085550142');
          expect(text).not.to.include('555');
        }
      } finally {
        store.close();
        await BuiltInStore.deleteDatabase(databaseName);
      }
    });
  });

  describe('report', () => {
    afterEach(() => setLocale('en'));

    it('is plain text a support ticket can take: settings, counts, latencies and the last error’s code', () => {
      const report = formatReport(summarize(sampleStatus(), { at: AT, registration: 'registered', timeoutMs: 1200 }));
      expect(report).to.equal(
        [
          'Customer Context diagnostics',
          'Taken at: 2026-11-25T10:30:00.000Z',
          'Connection: Registered (registered)',
          'Registration reported by the host: registered',
          'Reachable: yes',
          'Probe latency: 3.2 ms',
          'Backend: Built-in store (IndexedDB)',
          'Timeout: 1200 ms',
          'Lab mode: off',
          'Calls: 22, errors: 3',
          'Last error: timeout in listActivities at 2026-11-25T10:04:30.000Z: Timed out',
          '',
          'Operation       Calls  Errors  p50 (ms)  p95 (ms)',
          'findCustomers      12       0       4.1       9.8',
          'getCustomer         7       2         2       6.3',
          'listActivities      3       1        18      31.5',
          '',
        ].join('\n'),
      );
    });

    it('says so when nothing was called and no timeout was given', () => {
      const report = formatReport(summarize(sampleStatus({ operations: {}, reachable: false, labMode: true }), { at: AT }));
      expect(report).to.include('Connection: Not registered (not-registered)');
      expect(report).to.include('Reachable: no');
      expect(report).to.include('Lab mode: on');
      expect(report).to.include('Timeout: not set by the host');
      expect(report).to.include('Last error: none');
      expect(report).to.include('No operation has been called yet.');
    });

    it('is in French with the stable codes kept', async () => {
      await setLocale('fr');
      const report = formatReport(summarize(sampleStatus(), { at: AT, registration: 'registering' }));
      expect(report).to.include('(registration-in-progress)');
      expect(report).to.include('listActivities');
      expect(report).not.to.include('Reachable');
      expect(report).not.to.include('Last error');
    });
  });

  describe('log line', () => {
    it('is one line with the state, reachability, latency and each operation', () => {
      const line = formatStatusLine(summarize(sampleStatus(), { at: AT, timeoutMs: 1200 }));
      expect(line).not.to.include('\n');
      expect(line).to.equal(
        'Customer Context status at 2026-11-25T10:30:00.000Z: registered; reachable; latency 3.2 ms; backend "Built-in store (IndexedDB)"; timeout 1200 ms; lab mode off; ' +
          'calls 22, errors 3; last error timeout in listActivities at 2026-11-25T10:04:30.000Z; ' +
          'operations (calls/errors): findCustomers 12/0 p50=4.1 p95=9.8, getCustomer 7/2 p50=2 p95=6.3, listActivities 3/1 p50=18 p95=31.5',
      );
    });
  });
});
