import { expect } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { BuiltInStore } from '../../src/backend/index.js';
import { SimulatedFinesseHost } from '../../src/finesse/simulated-host.js';

// The bundle mounts and bridges at import, as in the gadget iframe: the desktop and the container come first.
const databaseName = `cc-test-gadget-bundle-${crypto.randomUUID()}`;
const host = new SimulatedFinesseHost({ urlParameters: { url: '/3rdpartygadget/files/customer-context/ContextService.xml?timeout=2500' } });
const container = document.createElement('div');
container.dataset['ccGadget'] = '';
container.dataset['databaseName'] = databaseName;

describe('the gadget bundle inside Finesse', () => {
  let uninstall: () => void;

  before(async () => {
    uninstall = host.install();
    document.body.append(container);
    await import('../../src/gadget.js');
  });

  after(async () => {
    uninstall();
    container.remove();
    await BuiltInStore.deleteDatabase(databaseName);
  });

  it('starts the Finesse bridge for the gadget it mounts', async () => {
    const gadget = container.querySelector('cc-customer-context');
    expect(gadget).to.exist;
    await waitUntil(() => host.inits.length === 1, 'Expected the client services to start');
    await waitUntil(() => host.heightAdjustments > 0, 'Expected the height fitted');
    expect(gadget!.timeout).to.equal(2500);
  });

  it('looks up the caller of a ring', async () => {
    const gadget = container.querySelector('cc-customer-context')!;
    await waitUntil(() => gadget.shadowRoot?.querySelector('cc-customer-search')?.shadowRoot?.querySelector('input'), 'Expected the search');
    host.ring({ from: '+1 408 555 0100' });
    const input = () => gadget.shadowRoot!.querySelector('cc-customer-search')!.shadowRoot!.querySelector('input')!;
    await waitUntil(() => input().value === '+1 408 555 0100', 'Expected the number searched');
  });
});
