import { aTimeout, expect } from '@open-wc/testing';
import { finessePresent } from '../../src/finesse/present.js';
import { SimulatedFinesseHost } from '../../src/finesse/simulated-host.js';
import type { FinesseDialog } from '../../src/finesse/types.js';

describe('SimulatedFinesseHost', () => {
  it('installs window.finesse and window.gadgets, and restores what was there', () => {
    const host = new SimulatedFinesseHost();
    expect(window.finesse).to.equal(undefined);
    const uninstall = host.install();
    expect(window.finesse).to.equal(host.finesse);
    expect(window.gadgets).to.equal(host.gadgets);
    expect(finessePresent()).to.be.true;
    uninstall();
    expect(finessePresent()).to.be.false;
    expect(window.finesse).to.equal(undefined);
    expect(window.gadgets).to.equal(undefined);
  });

  it('loads the user after start-up and hands it the dialogs, old and new', async () => {
    const host = new SimulatedFinesseHost({ userId: 'agent7' });
    expect(host.finesse.gadget.Config.id).to.equal('agent7');
    const first = host.ring({ from: '+14085550142' });
    const added: FinesseDialog[] = [];
    const deleted: FinesseDialog[] = [];
    new host.finesse.restservices.User({
      id: 'agent7',
      onLoad: (user) => user.getDialogs({ onCollectionAdd: (dialog) => added.push(dialog), onCollectionDelete: (dialog) => deleted.push(dialog) }),
    });
    expect(added).to.deep.equal([]);
    await aTimeout(0);
    expect(added).to.deep.equal([first]);
    const second = host.ring({ callVariables: { 'POD.ID': 'a1' }, callType: 'TRANSFER' });
    expect(added).to.deep.equal([first, second]);
    expect(second.getMediaProperties()).to.include({ 'POD.ID': 'a1', callType: 'TRANSFER' });
    host.drop(first);
    expect(deleted).to.deep.equal([first]);
    expect(first.getState()).to.equal('DROPPED');
  });

  it('rings, answers and changes call variables through change events', () => {
    const host = new SimulatedFinesseHost();
    const dialog = host.ring({ from: '+14085550142' });
    expect(dialog.getState()).to.equal('ALERTING');
    expect(dialog.getFromAddress()).to.equal('+14085550142');
    expect(dialog.getMediaProperties()['callType']).to.equal('ACD_IN');
    const states: string[] = [];
    const handler = (changed: FinesseDialog) => states.push(`${changed.getState()} ${String(changed.getMediaProperties()['user.POD.ID'] ?? '')}`);
    dialog.addHandler('change', handler);
    dialog.setCallVariables({ 'user.POD.ID': 'a3' });
    host.answer();
    dialog.removeHandler('change', handler);
    host.drop();
    expect(states).to.deep.equal(['ALERTING a3', 'ACTIVE a3']);
  });

  it('records tab activations, toasts and height fits; reads URL parameters and preferences', () => {
    const host = new SimulatedFinesseHost({ urlParameters: { timeout: '2000' }, prefs: { theme: 'dark' } });
    const container = host.finesse.containerservices.ContainerServices.init();
    container.activateMyTab();
    host.finesse.containerservices.FinesseToaster?.showToaster('Customer Context', { body: 'Jordan Ellis' });
    host.gadgets.window.adjustHeight();
    let tabs = 0;
    container.addHandler(host.finesse.containerservices.ContainerServices.Topics.ACTIVE_TAB, () => (tabs += 1));
    host.activateTab();
    expect(host.activatedTabs).to.equal(1);
    expect(host.toasts).to.deep.equal([{ title: 'Customer Context', options: { body: 'Jordan Ellis' } }]);
    expect(host.heightAdjustments).to.equal(1);
    expect(tabs).to.equal(1);
    expect(host.gadgets.util.getUrlParameters()).to.deep.equal({ timeout: '2000' });
    expect(new host.gadgets.Prefs().getString('theme')).to.equal('dark');
    expect(new host.gadgets.Prefs().getString('locale')).to.equal('');
  });

  it('offers non-voice tasks through the media list', async () => {
    const host = new SimulatedFinesseHost();
    const offered: FinesseDialog[] = [];
    new host.finesse.restservices.User({
      id: 'agent1',
      onLoad: (user) =>
        user.getMediaList?.({
          onLoad: (list) => {
            for (const media of Object.values(list.getCollection())) media.getMediaDialogs({ onCollectionAdd: (dialog) => offered.push(dialog) });
          },
        }),
    });
    await aTimeout(0);
    await aTimeout(0);
    const task = host.offerTask({ callVariables: { 'POD.ID': 'a3' } });
    expect(offered).to.deep.equal([task]);
    expect(task.getState()).to.equal('OFFERED');
    expect(task.getMediaProperties()['POD.ID']).to.equal('a3');
  });

  it('tells the page when the gadget activates its tab or raises a toast', () => {
    let notified = 0;
    const host = new SimulatedFinesseHost({ onNotify: () => (notified += 1) });
    host.finesse.containerservices.ContainerServices.init().activateMyTab();
    host.finesse.containerservices.FinesseToaster?.showToaster('Customer Context', { body: 'New date proposed' });
    host.gadgets.window.adjustHeight();
    expect(notified).to.equal(2);
  });

  it('leaves toasts out for a desktop before 12.x', () => {
    expect(new SimulatedFinesseHost({ toaster: false }).finesse.containerservices.FinesseToaster).to.equal(undefined);
  });
});
