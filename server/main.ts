/**
 * The reference server: `npm run server -- [flags]` (see docs/server.md).
 *
 *   --port <n>        port to listen on (default 8787; 0 picks a free one)
 *   --host <h>        address to bind (default 127.0.0.1)
 *   --data <dir>      PGlite data directory (default server/.data)
 *   --memory          PGlite in memory: nothing survives a restart
 *   --seed demo       load the Cumulus Motorcycle demo journey unless it is there
 *   --lab             enable the lab partition, where deletes are allowed
 *   --token <t>       require Authorization: Bearer <t> (without it, no authentication)
 *   --faults          enable the fault harness (/__faults), for tests only
 *   --region <cc>     region for national phone numbers (default US)
 *   --schema <name>   PostgreSQL schema (default customer_context)
 *
 * DATABASE_URL (postgres://…) selects a PostgreSQL server instead of PGlite.
 */
import { parseArgs } from 'node:util';
import { seedDemoJourney, DEMO_IDS } from '../src/demo/journey.js';
import { loadPhoneNormaliser } from '../src/model/index.js';
import { openDatabase } from './db.js';
import { localBackend } from './local-backend.js';
import { DEFAULT_SCHEMA, startInstance } from './server.js';
import { DEFAULT_TENANT } from './store.js';

const USAGE = 'usage: npm run server -- [--port 8787] [--host 127.0.0.1] [--data <dir> | --memory] [--seed demo] [--lab] [--token <t>] [--faults] [--region US] [--schema customer_context]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        memory: { type: 'boolean', default: false },
        seed: { type: 'string' },
        lab: { type: 'boolean', default: false },
        token: { type: 'string' },
        faults: { type: 'boolean', default: false },
        region: { type: 'string', default: 'US' },
        schema: { type: 'string', default: DEFAULT_SCHEMA },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be a port number, not ${values.port}\n${USAGE}`);
    process.exit(2);
  }
  if (values.seed !== undefined && values.seed !== 'demo') {
    console.error(`--seed knows only "demo"\n${USAGE}`);
    process.exit(2);
  }
  if (values.memory && values.data) {
    console.error(`--memory and --data exclude each other\n${USAGE}`);
    process.exit(2);
  }
  try {
    await loadPhoneNormaliser(values.region);
  } catch (error) {
    console.error(`--region: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  const dataDir = values.data ?? 'server/.data';
  const db = await openDatabase({ databaseUrl, dataDir, memory: values.memory });
  const instance = await startInstance({
    db,
    ownsDatabase: true,
    schema: values.schema,
    host: values.host,
    port,
    lab: values.lab,
    faults: values.faults,
    region: values.region,
    ...(values.token ? { token: values.token } : {}),
  });
  if (values.seed === 'demo') {
    for (const lab of values.lab ? [false, true] : [false]) {
      const backend = localBackend(instance.store, instance.hub, { tenant: DEFAULT_TENANT, lab, region: values.region.toUpperCase() });
      const seeded = await backend.getCustomer(DEMO_IDS.jordan).then(
        () => true,
        () => false,
      );
      if (!seeded) await seedDemoJourney(backend);
    }
  }
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : values.memory ? 'PGlite in memory' : `PGlite in ${dataDir}`;
  console.log(`Customer Context server on ${instance.url}/v1 — ${where}${values.lab ? ', lab partition on' : ''}${values.token ? ', bearer token required' : ', no authentication'}${values.faults ? ', FAULT HARNESS ON' : ''}`);
  const stop = () => {
    instance.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
