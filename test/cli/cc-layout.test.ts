import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { GADGET_URL_PRESETS, STOCK_LAYOUT, addContextTab, checkLayout, contextTabSnippet, removeContextTab } from '../../src/layout/index.js';
import { LAYOUT_FILES, loadLayout, reparse } from '../layout/fixtures.js';

interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

const cli = (args: readonly string[], stdin = '') => executeServerCommand<CliRun, { args: readonly string[]; stdin: string }>('cc-layout', { args, stdin });
const FIXTURES = 'test/fixtures/layouts';
/** `file:line:column: severity: message`, or `cc-layout: severity: message` for options. */
const FINDING_LINE = /^(?:[^:\n]+:\d+:\d+|cc-layout): (error|warning): .+$/;

describe('cc-layout', function () {
  // Each run starts Node (the plugin bundles the CLI's source once per test run); the machine may be busy.
  this.timeout(120_000);

  it('runs from bin/cc-layout.js as npx runs it, bundling the source when there is no build', async () => {
    const run = await executeServerCommand<CliRun, { args: readonly string[]; stdin: string; bin: boolean }>('cc-layout', { args: ['snippet'], stdin: '', bin: true });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal((await cli(['snippet'])).stdout);
    expect(run.stdout).to.contain('<tab>');
  });

  describe('add', () => {
    it('gives the same layout as the library for every real layout, from a file and from stdin', async () => {
      for (const name of LAYOUT_FILES) {
        const xml = await loadLayout(name);
        const expected = addContextTab(xml, { roles: 'all', params: { backend: 'https://cc.example.com/api', timeout: '1200' } });
        const args = ['add', '--role', 'all', '--param', 'backend=https://cc.example.com/api', '--param', 'timeout=1200'];
        const fromFile = await cli([...args, `${FIXTURES}/${name}`]);
        expect(fromFile.code, fromFile.stderr).to.equal(0);
        expect(fromFile.stdout === expected.xml, name).to.equal(true);
        const fromStdin = await cli([...args, '-'], xml);
        expect(fromStdin.stdout === expected.xml, `${name} from stdin`).to.equal(true);
        for (const line of fromFile.stderr.split('\n').filter(Boolean)) expect(line).to.match(FINDING_LINE);
      }
    });

    it('passes every option through as the library takes it', async () => {
      const run = await cli(
        ['add', '--role', 'Supervisor', '--tab-id', 'cc', '--label', 'Customer <Context>', '--preset', 'thirdParty:customer-context', '--after', 'home', '--gadget-id', 'ccGadget', '--hidden', '--max-rows', '3', '--no-icon'],
        STOCK_LAYOUT,
      );
      expect(run.code, run.stderr).to.equal(0);
      const expected = addContextTab(STOCK_LAYOUT, {
        roles: ['Supervisor'],
        tabId: 'cc',
        label: 'Customer <Context>',
        gadgetUrl: '/3rdpartygadget/files/customer-context/ContextService.xml',
        after: 'home',
        gadget: { id: 'ccGadget', hidden: true, maxRows: 3 },
        icon: false,
      });
      expect(run.stdout).to.equal(expected.xml);
      expect(run.stdout).to.include('<label>Customer &lt;Context&gt;</label>');
      reparse(run.stdout);
    });

    it('points --preset thirdParty at the folder the README and the page use, and says so in its help', async () => {
      const run = await cli(['add', '--preset', 'thirdParty', '-'], STOCK_LAYOUT);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include('<gadget>/3rdpartygadget/files/customer-context/ContextService.xml</gadget>');
      expect(run.stdout).to.equal(addContextTab(STOCK_LAYOUT, { gadgetUrl: GADGET_URL_PRESETS.thirdParty() }).xml);
      const help = await cli(['--help']);
      expect(help.stdout).to.include('/3rdpartygadget/files/customer-context/ContextService.xml');
      expect(help.stdout).to.not.match(/CustomerContext\//);
    });

    it('keeps CRLF and the byte order mark, and adding twice changes nothing', async () => {
      const once = await cli(['add', `${FIXTURES}/crlf-bom-mixed.xml`]);
      expect(once.stdout.charCodeAt(0)).to.equal(0xfeff);
      expect(once.stdout.replace(/\r\n/g, '')).to.not.match(/\n/);
      const twice = await cli(['add', '-'], once.stdout);
      expect(twice.code).to.equal(0);
      expect(twice.stdout === once.stdout).to.equal(true);
    });

    it('writes nothing to stdout and exits 1 when the layout has errors, with file:line:column on stderr', async () => {
      const broken = STOCK_LAYOUT.replace('<version>1252.02</version>', '<version>1252.02</versoin>');
      const run = await cli(['add', '-'], broken);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(/^<stdin>:3:\d+: error: The XML is not well-formed/);
      const library = checkLayout(broken).findings[0]!;
      expect(run.stderr).to.include(`<stdin>:${library.line}:${library.column}: error: ${library.message}`);
    });

    it('exits 1 on options the library refuses', async () => {
      const run = await cli(['add', '--tab-id', '1 bad', `${FIXTURES}/stock-style-columns.xml`]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(/^cc-layout: error: The tab id "1 bad" must start with a letter/);
    });

    it('prints warnings to stderr and the layout to stdout on success', async () => {
      const run = await cli(['add', `${FIXTURES}/legacy-gadgets-in-tab.xml`]);
      expect(run.code).to.equal(0);
      expect(run.stderr.trim().split('\n')).to.deep.equal([
        `${FIXTURES}/legacy-gadgets-in-tab.xml:16:13: warning: The tab has no gadgets; it shows an empty page. (Agent layout > tab "manageCall")`,
        `${FIXTURES}/legacy-gadgets-in-tab.xml:42:13: warning: The tab has no gadgets; it shows an empty page. (Supervisor layout > tab "manageCall")`,
      ]);
      expect(checkLayout(run.stdout).ok).to.equal(true);
    });
  });

  describe('remove', () => {
    it('removes the tab again, byte for byte, as the library does', async () => {
      const added = addContextTab(STOCK_LAYOUT, { roles: 'all' }).xml!;
      const run = await cli(['remove', '-'], added);
      expect(run.code).to.equal(0);
      expect(run.stdout === STOCK_LAYOUT).to.equal(true);
      const supervisorOnly = await cli(['remove', '--role', 'Supervisor', '-'], added);
      expect(supervisorOnly.stdout).to.equal(removeContextTab(added, { roles: ['Supervisor'] }).xml);
    });
  });

  describe('check', () => {
    it('says ok on stdout for a valid layout', async () => {
      const run = await cli(['check', `${FIXTURES}/stock-style-columns.xml`]);
      expect(run).to.deep.equal({ code: 0, stderr: '', stdout: `${FIXTURES}/stock-style-columns.xml: ok: version 1252.02, layouts for Agent, Supervisor\n` });
    });

    it('lists every finding and exits 1 on errors', async () => {
      const xml = STOCK_LAYOUT.replace(/<header>[\s\S]*<\/header>\n/, '').replace('<id>myHistory</id>', '<id>home</id>');
      const run = await cli(['check', '-'], xml);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).to.have.length(checkLayout(xml).findings.length);
      for (const line of lines) expect(line).to.match(FINDING_LINE);
      expect(run.stderr).to.include('error: A layout of version 1252.02');
      expect(run.stderr).to.include('Two tabs in the Agent layout have the id "home"');
    });

    it('refuses a DOCTYPE', async () => {
      const run = await cli(['check', '-'], `<!DOCTYPE a [<!ENTITY a "aaaa">]>\n${STOCK_LAYOUT.replace(/^<\?xml[^>]*>\n/, '')}`);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^<stdin>:1:1: error: The layout has a DOCTYPE/);
    });
  });

  describe('snippet', () => {
    it('prints the library\'s snippet', async () => {
      const run = await cli(['snippet', '--style', 'columns', '--indent', '2', '--role', 'Supervisor', '--param', 'a=1', '--param', 'b=2']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(`${contextTabSnippet({ style: 'columns', indent: '  ', roles: ['Supervisor'], params: { a: '1', b: '2' } })}\n`);
      expect(run.stdout).to.include('ContextService.xml?a=1&amp;b=2');
    });
  });

  describe('usage', () => {
    it('prints help and exits 0', async () => {
      for (const args of [['--help'], ['-h'], ['help'], ['add', '--help']]) {
        const run = await cli(args);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.match(/^Usage: cc-layout <command>/);
      }
    });

    it('exits 2 with nothing on stdout on bad usage', async () => {
      const cases: string[][] = [
        [],
        ['frobnicate'],
        ['add', '--bogus'],
        ['add', '--role', 'Boss', '-'],
        ['add', '--preset', 'nowhere', '-'],
        ['add', '--preset', 'customerContext', '--gadget-url', '/x.xml', '-'],
        ['add', '--param', 'novalue', '-'],
        ['add', '--max-rows', 'many', '-'],
        ['remove', '--label', 'x', '-'],
        ['check'],
        ['check', 'a.xml', 'b.xml'],
        ['check', 'test/fixtures/layouts/does-not-exist.xml'],
        ['snippet', '--style', 'rows'],
        ['snippet', 'file.xml'],
      ];
      for (const args of cases) {
        const run = await cli(args, STOCK_LAYOUT);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(run.stdout, args.join(' ')).to.equal('');
        expect(run.stderr, args.join(' ')).to.match(/^cc-layout: .+\nTry cc-layout --help\.\n$/);
      }
    });
  });
});
