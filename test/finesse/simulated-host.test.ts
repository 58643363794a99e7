import { aTimeout, expect } from '@open-wc/testing';
import { finessePresent } from '../../src/finesse/present.js';
import { SimulatedFinesseHost, type SimulatedHostOptions } from '../../src/finesse/simulated-host.js';
import type { FinesseCollection, FinesseDialog, FinesseMediaList, FinesseUser } from '../../src/finesse/types.js';

/** ClientServices started as a gadget starts it, and the agent loaded. */
async function signedIn(options: SimulatedHostOptions = {}): Promise<{ host: SimulatedFinesseHost; user: FinesseUser }> {
  const host = new SimulatedFinesseHost(options);
  host.finesse.clientservices.ClientServices.init(host.finesse.gadget?.Config);
  const user = await new Promise<FinesseUser>((resolve, reject) => {
    new host.finesse.restservices.User({ id: host.finesse.gadget?.Config.id, onLoad: resolve, onError: reject });
  });
  return { host, user };
}

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

  describe('versions', () => {
    it('has no finesse.gadget, toaster or media list in 10.5; the container still gives the configuration as preferences', () => {
      const host = new SimulatedFinesseHost({ version: '10.5', userId: 'agent7' });
      expect(host.finesse.gadget).to.equal(undefined);
      expect(host.finesse.containerservices.FinesseToaster).to.equal(undefined);
      const prefs = new host.gadgets.Prefs();
      expect([prefs.getString('id'), prefs.getString('host'), prefs.getString('authorization')]).to.deep.equal(['agent7', 'finesse.example.com', btoa('agent7:secret')]);
    });

    it('has finesse.gadget.Config and media but no toaster in 11.x, and all three in 12.x', async () => {
      const eleven = await signedIn({ version: '11.x' });
      expect(eleven.host.finesse.gadget?.Config.id).to.equal('agent1');
      expect(eleven.host.finesse.containerservices.FinesseToaster).to.equal(undefined);
      expect(eleven.user.getMediaList).to.be.a('function');
      const twelve = await signedIn();
      expect(twelve.host.finesse.containerservices.FinesseToaster).to.exist;
      const ten = new SimulatedFinesseHost({ version: '10.5' });
      expect(ten.version).to.equal('10.5');
    });
  });

  describe('ClientServices and the user', () => {
    it('refuses a config without host, restHost or credentials, as finesse.js does, and takes only the first', () => {
      const host = new SimulatedFinesseHost();
      const { init } = host.finesse.clientservices.ClientServices;
      expect(() => init(undefined)).to.throw('Config object contains invalid properties.');
      expect(() => init({ host: 'finesse.example.com', restHost: 'finesse.example.com', id: 'agent1' })).to.throw('Config object contains invalid properties.');
      expect(() => init({ host: '', restHost: 'finesse.example.com', authorization: 'x' })).to.throw('Config object contains invalid properties.');
      init(host.finesse.gadget!.Config);
      init({ host: 'other' });
      expect(host.inits).to.deep.equal([host.finesse.gadget!.Config]);
    });

    it('loads the user only after ClientServices started, and only as the agent the config names', async () => {
      const host = new SimulatedFinesseHost({ userId: 'agent7' });
      const outcome = (id: string) =>
        new Promise<string>((resolve) => {
          new host.finesse.restservices.User({ id, onLoad: () => resolve('loaded'), onError: () => resolve('error') });
        });
      expect(await outcome('agent7')).to.equal('error');
      host.finesse.clientservices.ClientServices.init(host.finesse.gadget!.Config);
      expect(await outcome('agent8')).to.equal('error');
      expect(await outcome('agent7')).to.equal('loaded');
    });
  });

  describe('dialogs', () => {
    it('builds the dialogs present at load silently and gives them to onLoad only; later ones go to onCollectionAdd', async () => {
      const { host, user } = await signedIn();
      const first = host.ring({ from: '+14085550142' });
      const added: FinesseDialog[] = [];
      const deleted: FinesseDialog[] = [];
      let loaded: FinesseCollection<FinesseDialog> | undefined;
      const dialogs = user.getDialogs({ onLoad: (collection) => (loaded = collection), onCollectionAdd: (dialog) => added.push(dialog), onCollectionDelete: (dialog) => deleted.push(dialog) });
      expect(() => dialogs.getCollection()).to.throw('not fully instantiated');
      // Rung while the collection loads: part of what the load returns.
      const second = host.ring({ from: '+16505550199' });
      await aTimeout(0);
      expect(loaded).to.equal(dialogs);
      expect(Object.values(dialogs.getCollection())).to.deep.equal([first, second]);
      expect(added).to.deep.equal([]);
      const third = host.ring({ callVariables: { 'POD.ID': 'a1' }, callType: 'TRANSFER' });
      expect(added).to.deep.equal([third]);
      expect(third.getMediaProperties()).to.include({ 'POD.ID': 'a1', callType: 'TRANSFER' });
      host.drop(first);
      expect(deleted).to.deep.equal([first]);
      expect(first.getState()).to.equal('DROPPED');
      expect(Object.keys(dialogs.getCollection())).to.deep.equal([second.getId(), third.getId()]);
    });

    it('returns the same collection to a second getDialogs, whose handlers it ignores', async () => {
      const { host, user } = await signedIn();
      const heard: string[] = [];
      const dialogs = user.getDialogs({ onCollectionAdd: () => heard.push('first') });
      expect(user.getDialogs({ onCollectionAdd: () => heard.push('second') })).to.equal(dialogs);
      await aTimeout(0);
      host.ring();
      expect(heard).to.deep.equal(['first']);
    });

    it('rings, answers and changes call variables through change events', () => {
      const host = new SimulatedFinesseHost();
      const dialog = host.ring({ from: '+14085550142', to: '8005550100' });
      expect(dialog.getState()).to.equal('ALERTING');
      expect(dialog.getFromAddress()).to.equal('+14085550142');
      expect(dialog.getToAddress()).to.equal('8005550100');
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
  });

  describe('media', () => {
    async function mediaList(user: FinesseUser): Promise<FinesseMediaList> {
      return new Promise((resolve) => user.getMediaList!({ onLoad: resolve }));
    }

    it('offers tasks to the dialogs of a media loaded through getMedia, present ones at load and later ones as added', async () => {
      const { host, user } = await signedIn();
      const early = host.offerTask({ callVariables: { 'POD.ID': 'a2' } });
      const list = await mediaList(user);
      expect(Object.keys(list.getCollection())).to.deep.equal(['chat']);
      const offered: FinesseDialog[] = [];
      const atLoad: FinesseDialog[] = [];
      const media = list.getMedia({ id: 'chat' });
      expect(() => media.getMediaDialogs({})).to.throw('not fully instantiated');
      await aTimeout(0);
      media.getMediaDialogs({ onLoad: (tasks) => atLoad.push(...Object.values(tasks.getCollection())), onCollectionAdd: (dialog) => offered.push(dialog) });
      await aTimeout(0);
      expect(atLoad).to.deep.equal([early]);
      const task = host.offerTask({ callVariables: { 'POD.ID': 'a3' } });
      expect(offered).to.deep.equal([task]);
      expect(task.getState()).to.equal('OFFERED');
      expect(task.getMediaProperties()['POD.ID']).to.equal('a3');
      expect(() => list.getMedia({ id: 'email' })).to.throw('No media with id email');
    });

    it('tells the list’s own entries, which are not subscribed to their media, of no later task', async () => {
      const { host, user } = await signedIn();
      const list = await mediaList(user);
      const entry = list.getCollection()['chat'] as { getMediaDialogs: FinesseUser['getDialogs'] };
      const offered: FinesseDialog[] = [];
      entry.getMediaDialogs({ onCollectionAdd: (dialog) => offered.push(dialog) });
      await aTimeout(0);
      host.offerTask();
      expect(offered).to.deep.equal([]);
    });
  });

  describe('container services', () => {
    it('needs gadgets.Hub', () => {
      const host = new SimulatedFinesseHost({ hub: false });
      expect(host.gadgets.Hub).to.equal(undefined);
      expect(() => host.finesse.containerservices.ContainerServices.init()).to.throw('Hub is not defined.');
    });

    it('tells ACTIVE_TAB handlers only of the tab going from hidden to visible, and answers makeActiveTabReq to handlers added before it', async () => {
      const host = new SimulatedFinesseHost({ tabVisible: true });
      const container = host.finesse.containerservices.ContainerServices.init();
      let tabs = 0;
      container.addHandler(host.finesse.containerservices.ContainerServices.Topics.ACTIVE_TAB, () => (tabs += 1));
      // init() asked before the handler was there: that answer does not reach it.
      await aTimeout(0);
      expect(tabs).to.equal(0);
      container.makeActiveTabReq();
      await aTimeout(0);
      expect(tabs).to.equal(1);
      host.activateTab();
      container.activateMyTab();
      expect(tabs).to.equal(1);
      host.hideTab();
      host.activateTab();
      expect(tabs).to.equal(2);
      host.hideTab();
      container.activateMyTab();
      expect(tabs).to.equal(3);
      expect(host.activatedTabs).to.equal(2);
      expect(host.activeTabEvents).to.equal(3);
    });
  });

  describe('toaster', () => {
    it('refuses to show a toast before init(config, logger), then records each with how long it stays', () => {
      const host = new SimulatedFinesseHost();
      const toaster = host.finesse.containerservices.FinesseToaster!;
      expect(() => toaster.showToaster('Customer Context', { body: 'Jordan Ellis' })).to.throw('FinesseToaster.init');
      toaster.init(host.finesse.gadget!.Config, host.finesse.cslogger!.ClientLogger);
      toaster.showToaster('Customer Context', { body: 'Jordan Ellis', autoClose: 15_000 });
      toaster.showToaster('Customer Context', { body: 'Default' });
      toaster.showToaster('Customer Context', { body: 'Boolean', autoClose: true as unknown as number });
      expect(host.toasts.map((toast) => [toast.options.body, toast.shownForMs])).to.deep.equal([
        ['Jordan Ellis', 15_000],
        ['Default', 8000],
        ['Boolean', 1],
      ]);
      expect(host.toasterInits).to.have.length(1);
    });

    it('leaves toasts out for a desktop before 12.x, or when told to', () => {
      expect(new SimulatedFinesseHost({ version: '11.x' }).finesse.containerservices.FinesseToaster).to.equal(undefined);
      expect(new SimulatedFinesseHost({ toaster: false }).finesse.containerservices.FinesseToaster).to.equal(undefined);
    });
  });

  it('records height fits and the client log (from its init on); reads URL parameters and preferences', () => {
    const host = new SimulatedFinesseHost({ urlParameters: { timeout: '2000' }, prefs: { theme: 'dark' } });
    host.gadgets.window.adjustHeight();
    const logger = host.finesse.cslogger!.ClientLogger;
    logger.log('before init');
    logger.init!(host.gadgets.Hub, 'MyGadget', host.finesse.gadget!.Config);
    logger.log('hello');
    expect(host.heightAdjustments).to.equal(1);
    expect(host.clientLog).to.deep.equal(['MyGadget : hello']);
    expect(host.gadgets.util.getUrlParameters()).to.deep.equal({ timeout: '2000' });
    expect(new host.gadgets.Prefs().getString('theme')).to.equal('dark');
    expect(new host.gadgets.Prefs().getString('locale')).to.equal('');
  });

  it('tells the page when the gadget activates its tab or raises a toast', () => {
    let notified = 0;
    const host = new SimulatedFinesseHost({ onNotify: () => (notified += 1) });
    host.finesse.containerservices.ContainerServices.init().activateMyTab();
    const toaster = host.finesse.containerservices.FinesseToaster!;
    toaster.init(host.finesse.gadget!.Config);
    toaster.showToaster('Customer Context', { body: 'New date proposed' });
    host.gadgets.window.adjustHeight();
    expect(notified).to.equal(2);
  });
});
