/**
 * The reference server: `npm run server -- [flags]` (see docs/server.md, "Production configuration").
 * Every setting but the test-only ones may also come from the environment; a flag wins.
 *
 *   --port <n>               CC_PORT             port to listen on (default 8787; 0 picks a free one)
 *   --host <h>               CC_HOST             address to bind (default 127.0.0.1; loopback only without authentication)
 *   --data <dir>             CC_DATA             PGlite data directory (default server/.data)
 *   --memory                                     PGlite in memory: nothing survives a restart
 *   --seed demo                                  load the Cumulus Motorcycle demo journey unless it is there
 *   --lab                                        enable the lab partition, where deletes are allowed
 *   --token <t>              CC_TOKEN            require Authorization: Bearer <t> (without it, no authentication)
 *   --allow-origin <o>       CC_ALLOWED_ORIGINS  a browser origin allowed to call the API (repeat; the variable comma-separated)
 *   --rate-limit <n/time>    CC_RATE_LIMIT       requests per caller, such as 600/60s, or off (default 1200/60s)
 *   --request-timeout <time> CC_REQUEST_TIMEOUT  deadline per request (default 30s; event streams exempt)
 *   --keep-alive <time>      CC_KEEP_ALIVE       how long idle connections stay open (default 75s)
 *   --faults                                     enable the fault harness (/__faults), for tests only
 *   --region <cc>            CC_REGION           region for national phone numbers (default US)
 *   --schema <name>          CC_SCHEMA           PostgreSQL schema (default customer_context)
 *
 * DATABASE_URL (postgres://…) selects a PostgreSQL server instead of PGlite.
 */
import { parseArgs } from 'node:util';
import { seedDemoJourney, DEMO_IDS } from '../src/demo/journey.js';
import { loadPhoneNormaliser } from '../src/model/index.js';
import {
  bindingRefusal,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseAllowedOrigins,
  parseDuration,
  parseRateLimit,
  splitList,
  type RateLimit,
} from './config.js';
import { openDatabase } from './db.js';
import { localBackend } from './local-backend.js';
import { DEFAULT_SCHEMA, KEEP_ALIVE_MS, startInstance } from './server.js';

const USAGE = `usage: npm run server -- [flags]   (each flag may also come from the variable named beside it; a flag wins)
  --port <n>               CC_PORT             port (default 8787; 0 picks a free one)
  --host <h>               CC_HOST             address to bind (default 127.0.0.1; without authentication, loopback only)
  --data <dir>             CC_DATA             PGlite data directory (default server/.data)
  --memory                                     PGlite in memory: nothing survives a restart
  --seed demo                                  load the demo journey unless it is there
  --lab                                        enable the lab partition (deletes allowed there)
  --token <t>              CC_TOKEN            require Authorization: Bearer <t>
  --allow-origin <o>       CC_ALLOWED_ORIGINS  browser origin allowed to call the API (repeat; variable: comma-separated)
                                               e.g. --allow-origin http://localhost:5173 for the demo under npm start
  --rate-limit <n/time>    CC_RATE_LIMIT       requests per caller, such as 600/60s, or off (default 1200/60s)
  --request-timeout <time> CC_REQUEST_TIMEOUT  deadline per request (default 30s)
  --keep-alive <time>      CC_KEEP_ALIVE       idle connections stay open this long (default 75s)
  --faults                                     enable the fault harness (/__faults): tests only
  --region <cc>            CC_REGION           region for national phone numbers (default US)
  --schema <name>          CC_SCHEMA           PostgreSQL schema (default customer_context)
  DATABASE_URL=postgres://…                    PostgreSQL instead of PGlite`;

/** A setting's text: the flag's, else the environment's (empty counts as unset), else the default. */
function setting(flag: string | undefined, variable: string, fallback?: string): string | undefined {
  return flag ?? (process.env[variable] || undefined) ?? fallback;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean', default: false },
        seed: { type: 'string' },
        lab: { type: 'boolean', default: false },
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        'request-timeout': { type: 'string' },
        'keep-alive': { type: 'string' },
        faults: { type: 'boolean', default: false },
        region: { type: 'string' },
        schema: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const portText = setting(values.port, 'CC_PORT', '8787')!;
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) fail(`--port (CC_PORT) must be a port number, not ${portText}`);
  const host = setting(values.host, 'CC_HOST', '127.0.0.1')!;
  const token = setting(values.token, 'CC_TOKEN');
  const region = setting(values.region, 'CC_REGION', 'US')!;
  const schema = setting(values.schema, 'CC_SCHEMA', DEFAULT_SCHEMA)!;
  if (values.seed !== undefined && values.seed !== 'demo') fail('--seed knows only "demo"');
  const data = setting(values.data, 'CC_DATA');
  if (values.memory && values.data) fail('--memory and --data exclude each other');
  let allowedOrigins: readonly string[] = [];
  let rateLimit: RateLimit | undefined = DEFAULT_RATE_LIMIT;
  let requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  let keepAliveMs = KEEP_ALIVE_MS;
  try {
    allowedOrigins = parseAllowedOrigins(values['allow-origin'] ?? splitList(process.env['CC_ALLOWED_ORIGINS']));
    const limit = setting(values['rate-limit'], 'CC_RATE_LIMIT');
    if (limit !== undefined) rateLimit = parseRateLimit(limit, '--rate-limit (CC_RATE_LIMIT)');
    const timeout = setting(values['request-timeout'], 'CC_REQUEST_TIMEOUT');
    if (timeout !== undefined) requestTimeoutMs = parseDuration(timeout, '--request-timeout (CC_REQUEST_TIMEOUT)');
    const keepAlive = setting(values['keep-alive'], 'CC_KEEP_ALIVE');
    if (keepAlive !== undefined) keepAliveMs = parseDuration(keepAlive, '--keep-alive (CC_KEEP_ALIVE)');
  } catch (error) {
    fail((error as Error).message);
  }
  const refusal = bindingRefusal(host, token !== undefined);
  if (refusal) fail(refusal);
  try {
    await loadPhoneNormaliser(region);
  } catch (error) {
    fail(`--region: ${(error as Error).message}`);
  }
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  const dataDir = data ?? 'server/.data';
  const db = await openDatabase({ databaseUrl, dataDir, memory: values.memory });
  const instance = await startInstance({
    db,
    ownsDatabase: true,
    schema,
    host,
    port,
    lab: values.lab,
    faults: values.faults,
    region,
    allowedOrigins,
    requestTimeoutMs,
    keepAliveMs,
    ...(rateLimit ? { rateLimit } : {}),
    ...(token ? { token } : {}),
  });
  if (values.seed === 'demo') {
    for (const lab of values.lab ? [false, true] : [false]) {
      const backend = localBackend(instance.store, instance.hub, { lab, region: region.toUpperCase() });
      const seeded = await backend.getCustomer(DEMO_IDS.jordan).then(
        () => true,
        () => false,
      );
      if (!seeded) await seedDemoJourney(backend);
    }
  }
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : values.memory ? 'PGlite in memory' : `PGlite in ${dataDir}`;
  console.log(`Customer Context server on ${instance.url}/v1 — ${where}${values.lab ? ', lab partition on' : ''}${token ? ', bearer token required' : ''}${values.faults ? ', FAULT HARNESS ON' : ''}`);
  if (!token) console.log('No authentication is configured: listening on loopback only (configure --token to bind another address).');
  console.log(
    allowedOrigins.length
      ? `Browser pages allowed (CORS): ${allowedOrigins.join(', ')}`
      : 'No browser origin is allowed (CORS): pass --allow-origin <origin> for the pages that call this server, e.g. http://localhost:5173 for npm start.',
  );
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
