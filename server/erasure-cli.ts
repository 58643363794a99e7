/**
 * `npm run erase -- --customer <id> [--yes]` and
 * `npm run export -- --customer <id> [--format json|cloudevents] [--out <file>]`, each with
 * `[--url <service>] [--token <t>] [--lab]`: an admin erases one customer, or exports everything held
 * about them for a subject-access request, on a running context service (server/erasure-client.ts).
 * The token (an admin's) may come from CC_ADMIN_TOKEN instead, the address from CC_ADMIN_URL
 * (default http://127.0.0.1:8787). An erasure cannot be undone: without --yes it asks for the id
 * again on a terminal, and refuses elsewhere. Exits 0 when done, 1 when the service refused, 2 when
 * it could not run.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { erasureText, eraseCustomerAt, exportCustomerFrom, type AdminCallOptions } from './erasure-client.js';

const USAGE = `Usage: npm run erase -- --customer <id> [--yes] [--url http://127.0.0.1:8787] [--token <t>] [--lab]
       npm run export -- --customer <id> [--format json|cloudevents] [--out <file>] [--url …] [--token <t>] [--lab]`;

async function confirmed(customerId: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error('An erasure cannot be undone: pass --yes to erase without being asked.');
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`Erase customer ${customerId} and everything held about them? This cannot be undone. Type the id again to confirm: `);
    return answer.trim() === customerId;
  } finally {
    prompt.close();
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'erase' && command !== 'export') {
    console.error(USAGE);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        customer: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        yes: { type: 'boolean' },
        url: { type: 'string' },
        token: { type: 'string' },
        lab: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const customerId = values.customer;
  if (!customerId) {
    console.error(`--customer is required\n${USAGE}`);
    return 2;
  }
  const format = values.format ?? 'json';
  if (command === 'export' ? format !== 'json' && format !== 'cloudevents' : values.format !== undefined || values.out !== undefined) {
    console.error(`${command === 'export' ? '--format takes json or cloudevents' : '--format and --out belong to export'}\n${USAGE}`);
    return 2;
  }
  const token = values.token ?? process.env['CC_ADMIN_TOKEN'];
  const options: AdminCallOptions = {
    url: values.url ?? process.env['CC_ADMIN_URL'] ?? 'http://127.0.0.1:8787',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    headers: values.lab ? { 'Context-Lab-Mode': 'true' } : {},
  };
  try {
    if (command === 'erase') {
      if (!values.yes && !(await confirmed(customerId))) {
        console.error('Nothing was erased.');
        return 2;
      }
      console.log(erasureText(await eraseCustomerAt(customerId, options)));
      return 0;
    }
    const exported = format === 'cloudevents' ? await exportCustomerFrom(customerId, 'cloudevents', options) : await exportCustomerFrom(customerId, 'json', options);
    const text = `${JSON.stringify(exported, null, 2)}\n`;
    if (values.out) {
      // Only its owner may read what it holds: every value of the customer, sensitive ones too.
      writeFileSync(values.out, text, { mode: 0o600 });
      console.error(`Wrote ${values.out} (${Array.isArray(exported) ? `${exported.length} events` : `${exported.activities.length} activities, ${exported.requests.length} requests`}).`);
    } else process.stdout.write(text);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return (error as Error).message.startsWith('The service refused') ? 1 : 2;
  }
}

process.exitCode = await main();
