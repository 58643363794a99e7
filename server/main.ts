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
 *   --token <t>              CC_TOKEN            the local operator's token: Authorization: Bearer <t>
 *   --token-tenant <t>       CC_TOKEN_TENANT     the tenant the local operator acts in (default "default")
 *   --jwt-issuer <url> --jwt-audience <aud> --jwt-jwks-url <url>   accept OIDC/JWT bearer tokens
 *       [--jwt-algorithms RS256,ES256] [--jwt-clock-skew 30] [--jwt-tenant-claim tenant]
 *       [--jwt-roles-claim roles] [--jwt-name-claim name]
 *   --finesse-url <url> --finesse-tenant <t> [--finesse-cache-ms 60000]   accept Finesse agent credentials (Basic)
 *   --api-keys                                   accept API keys (Authorization: Bearer cck_…)
 *   --dev-issuer                                 with --seed demo only: a development token issuer for the demo (/dev/token)
 *   --allow-origin <o>       CC_ALLOWED_ORIGINS  a browser origin allowed to call the API (repeat; the variable comma-separated)
 *   --rate-limit <n/time>    CC_RATE_LIMIT       requests per caller, such as 600/60s, or off (default 1200/60s)
 *   --sign-in-limit <n/time> CC_SIGN_IN_LIMIT    failed sign-ins per address before it must wait, or off (default 30/60s)
 *   --request-timeout <time> CC_REQUEST_TIMEOUT  deadline per request (default 30s; event streams exempt)
 *   --keep-alive <time>      CC_KEEP_ALIVE       how long idle connections stay open (default 75s)
 *   --retention-interval <time> CC_RETENTION_INTERVAL  how often retention runs (default 1h; the first a minute after start), or off
 *   --faults                                     enable the fault harness (/__faults), for tests only
 *   --region <cc>            CC_REGION           region for national phone numbers (default US)
 *   --schema <name>          CC_SCHEMA           PostgreSQL schema (default customer_context)
 *   --pool-size <n>          CC_POOL_SIZE        PostgreSQL connections at most (default 20)
 *
 * DATABASE_URL (postgres://…) selects a PostgreSQL server instead of PGlite. Each authentication
 * flag can come from the environment instead: CC_TOKEN, CC_JWT_ISSUER, CC_JWT_AUDIENCE,
 * CC_JWT_JWKS_URL, CC_JWT_ALGORITHMS, CC_JWT_CLOCK_SKEW, CC_JWT_TENANT_CLAIM, CC_JWT_ROLES_CLAIM,
 * CC_JWT_NAME_CLAIM, CC_FINESSE_URL, CC_FINESSE_TENANT, CC_FINESSE_CACHE_MS, CC_API_KEYS=true.
 *
 *   npm run server -- api-key create --name <n> --tenant <t> --scope ingest [--scope admin]
 * creates an API key in the database and prints it (once).
 */
import { parseArgs } from 'node:util';
import { seedDemoJourney, DEMO_IDS } from '../src/demo/journey.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../src/demo/field-sets.js';
import { BASE_FIELD_SETS, FieldSetRegistry, loadPhoneNormaliser, parseOrganisationFieldSets } from '../src/model/index.js';
import { ApiKeys } from './api-keys.js';
import type { AuthOptions } from './auth.js';
import {
  bindingRefusal,
  DEFAULT_RATE_LIMIT,
  DEFAULT_SIGN_IN_LIMIT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseAllowedOrigins,
  parseDuration,
  parsePoolSize,
  parseRateLimit,
  splitList,
  type RateLimit,
} from './config.js';
import { DEFAULT_POOL_SIZE, openDatabase } from './db.js';
import { createDevIssuer, DEV_TENANT } from './dev-issuer.js';
import { migrate } from './migrations.js';
import { localBackend } from './local-backend.js';
import { RetentionScheduler } from './retention.js';
import { DEFAULT_SCHEMA, KEEP_ALIVE_MS, startInstance } from './server.js';
import { DEFAULT_TENANT } from './store.js';

const USAGE = `usage: npm run server -- [flags]   (each flag may also come from the variable named beside it; a flag wins)
  --port <n>               CC_PORT             port (default 8787; 0 picks a free one)
  --host <h>               CC_HOST             address to bind (default 127.0.0.1; without authentication, loopback only)
  --data <dir>             CC_DATA             PGlite data directory (default server/.data)
  --memory                                     PGlite in memory: nothing survives a restart
  --seed demo                                  load the demo journey unless it is there
  --lab                                        enable the lab partition (deletes allowed there)
  --token <t>              CC_TOKEN            the local operator's token: Authorization: Bearer <t>
  --token-tenant <t>       CC_TOKEN_TENANT     the tenant the local operator acts in (default "default")
  --jwt-issuer <url> --jwt-audience <aud> --jwt-jwks-url <url>   (CC_JWT_ISSUER, CC_JWT_AUDIENCE, CC_JWT_JWKS_URL)
      [--jwt-algorithms RS256,ES256] [--jwt-clock-skew 30] [--jwt-tenant-claim tenant] [--jwt-roles-claim roles] [--jwt-name-claim name]
                                               accept OIDC/JWT access tokens
  --finesse-url <url> --finesse-tenant <t> [--finesse-cache-ms 60000]   (CC_FINESSE_URL, CC_FINESSE_TENANT, CC_FINESSE_CACHE_MS)
                                               accept Finesse agents' own credentials (Basic)
  --api-keys               CC_API_KEYS=true    accept API keys (Authorization: Bearer cck_…)
  --dev-issuer                                 with --seed demo only: the demo's agent and supervisor sign-in (/dev/token)
  --allow-origin <o>       CC_ALLOWED_ORIGINS  browser origin allowed to call the API (repeat; variable: comma-separated)
                                               e.g. --allow-origin http://localhost:5173 for the demo under npm start
  --rate-limit <n/time>    CC_RATE_LIMIT       requests per caller, such as 600/60s, or off (default 1200/60s)
  --sign-in-limit <n/time> CC_SIGN_IN_LIMIT    failed sign-ins per address before it must wait, or off (default 30/60s)
  --request-timeout <time> CC_REQUEST_TIMEOUT  deadline per request (default 30s)
  --keep-alive <time>      CC_KEEP_ALIVE       idle connections stay open this long (default 75s)
  --retention-interval <time> CC_RETENTION_INTERVAL  how often retention runs (default 1h; the first a minute after start), or off
  --faults                                     enable the fault harness (/__faults): tests only
  --region <cc>            CC_REGION           region for national phone numbers (default US)
  --schema <name>          CC_SCHEMA           PostgreSQL schema (default customer_context)
  --pool-size <n>          CC_POOL_SIZE        PostgreSQL connections this instance holds at most (default ${DEFAULT_POOL_SIZE})
  DATABASE_URL=postgres://…                    PostgreSQL instead of PGlite

       npm run server -- api-key create --name <name> --tenant <tenant> --scope <role> [--scope <role>…] [--data <dir>] [--schema customer_context]`;

/** How often retention runs by default. */
const RETENTION_INTERVAL_MS = 3600_000;

/** `--retention-interval`: a duration of a second or more, or `off`. */
function retentionInterval(text: string): number | undefined {
  if (text.trim().toLowerCase() === 'off') return undefined;
  const ms = parseDuration(text, '--retention-interval (CC_RETENTION_INTERVAL)');
  if (ms < 1000) throw new RangeError('--retention-interval (CC_RETENTION_INTERVAL) must be at least 1s, or off');
  return ms;
}

/** A setting's text: the flag's, else the environment's (empty counts as unset), else the default. */
function setting(flag: string | undefined, variable: string, fallback?: string): string | undefined {
  return flag ?? (process.env[variable] || undefined) ?? fallback;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function authSummary(auth: AuthOptions, devIssuer: boolean): string {
  const ways = [
    auth.jwt ? 'JWT' : '',
    auth.finesse ? 'Finesse' : '',
    auth.apiKeys ? 'API keys' : '',
    auth.token !== undefined ? 'local token' : '',
    devIssuer ? 'DEV ISSUER (demo identities)' : '',
  ].filter(Boolean);
  return ways.length ? `, sign-in: ${ways.join(', ')}` : ', NO AUTHENTICATION (every caller is the local operator)';
}

type AuthFlags = Record<string, string | readonly string[] | boolean | undefined>;

/** The authentication settings of the flags, else of the environment (CC_*). */
function authOptionsOf(values: AuthFlags): AuthOptions {
  const get = (flag: string, env: string): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' && value !== '' ? value : process.env[env] || undefined;
  };
  const issuer = get('jwt-issuer', 'CC_JWT_ISSUER');
  const audience = get('jwt-audience', 'CC_JWT_AUDIENCE');
  const jwksUrl = get('jwt-jwks-url', 'CC_JWT_JWKS_URL');
  const finesseUrl = get('finesse-url', 'CC_FINESSE_URL');
  const finesseTenant = get('finesse-tenant', 'CC_FINESSE_TENANT');
  const token = get('token', 'CC_TOKEN');
  const options: { -readonly [K in keyof AuthOptions]: AuthOptions[K] } = {};
  if (issuer || audience || jwksUrl) {
    if (!issuer || !audience || !jwksUrl) throw new Error('JWT sign-in needs --jwt-issuer, --jwt-audience and --jwt-jwks-url together');
    const skew = get('jwt-clock-skew', 'CC_JWT_CLOCK_SKEW');
    if (skew !== undefined && !/^\d{1,4}$/.test(skew)) throw new Error('--jwt-clock-skew must be a number of seconds');
    const algorithms = get('jwt-algorithms', 'CC_JWT_ALGORITHMS');
    const tenant = get('jwt-tenant-claim', 'CC_JWT_TENANT_CLAIM');
    const roles = get('jwt-roles-claim', 'CC_JWT_ROLES_CLAIM');
    const name = get('jwt-name-claim', 'CC_JWT_NAME_CLAIM');
    options.jwt = {
      issuer,
      audience,
      jwksUrl,
      ...(algorithms ? { algorithms: algorithms.split(',').map((alg) => alg.trim()) } : {}),
      ...(skew !== undefined ? { clockSkewSec: Number(skew) } : {}),
      claims: { ...(tenant ? { tenant } : {}), ...(roles ? { roles } : {}), ...(name ? { name } : {}) },
    };
  }
  if (finesseUrl || finesseTenant) {
    if (!finesseUrl || !finesseTenant) throw new Error('Finesse sign-in needs --finesse-url and --finesse-tenant together');
    const cacheMs = get('finesse-cache-ms', 'CC_FINESSE_CACHE_MS');
    if (cacheMs !== undefined && !/^\d{1,7}$/.test(cacheMs)) throw new Error('--finesse-cache-ms must be a number of milliseconds');
    options.finesse = { baseUrl: finesseUrl, tenant: finesseTenant, ...(cacheMs !== undefined ? { cacheMs: Number(cacheMs) } : {}) };
  }
  if (values['api-keys'] === true || process.env['CC_API_KEYS'] === 'true') options.apiKeys = true;
  if (token) options.token = token;
  const tokenTenant = get('token-tenant', 'CC_TOKEN_TENANT');
  if (tokenTenant) options.tokenTenant = tokenTenant;
  return options;
}

/** `api-key create`: a key written to the database, printed once. */
async function apiKeyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      tenant: { type: 'string' },
      scope: { type: 'string', multiple: true },
      data: { type: 'string' },
      schema: { type: 'string', default: DEFAULT_SCHEMA },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'create' || positionals.length !== 1 || !values.name || !values.tenant || !values.scope?.length) {
    throw new Error('api-key create needs --name, --tenant and at least one --scope');
  }
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  const db = await openDatabase({ databaseUrl, dataDir: values.data ?? 'server/.data', memory: false });
  try {
    await migrate(db, values.schema);
    const { key, apiKey } = await new ApiKeys(db, values.schema).create(
      { name: values.name, tenant: values.tenant, scopes: values.scope },
      values.tenant,
      'cli',
    );
    console.log(`API key ${apiKey.id} "${apiKey.name}" for tenant ${apiKey.tenant}, scopes ${apiKey.scopes.join(', ')}.`);
    console.log('The key, shown this once (send it as Authorization: Bearer <key>):');
    console.log(key);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'api-key') {
    try {
      await apiKeyCommand(process.argv.slice(3));
    } catch (error) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      process.exit(2);
    }
    return;
  }
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
        'token-tenant': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        'sign-in-limit': { type: 'string' },
        'request-timeout': { type: 'string' },
        'keep-alive': { type: 'string' },
        'retention-interval': { type: 'string' },
        faults: { type: 'boolean', default: false },
        region: { type: 'string' },
        schema: { type: 'string' },
        'pool-size': { type: 'string' },
        'jwt-issuer': { type: 'string' },
        'jwt-audience': { type: 'string' },
        'jwt-jwks-url': { type: 'string' },
        'jwt-algorithms': { type: 'string' },
        'jwt-clock-skew': { type: 'string' },
        'jwt-tenant-claim': { type: 'string' },
        'jwt-roles-claim': { type: 'string' },
        'jwt-name-claim': { type: 'string' },
        'finesse-url': { type: 'string' },
        'finesse-tenant': { type: 'string' },
        'finesse-cache-ms': { type: 'string' },
        'api-keys': { type: 'boolean', default: false },
        'dev-issuer': { type: 'boolean', default: false },
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
  const region = setting(values.region, 'CC_REGION', 'US')!;
  const schema = setting(values.schema, 'CC_SCHEMA', DEFAULT_SCHEMA)!;
  if (values.seed !== undefined && values.seed !== 'demo') fail('--seed knows only "demo"');
  const data = setting(values.data, 'CC_DATA');
  if (values.memory && values.data) fail('--memory and --data exclude each other');
  // The demo under `npm start` (Vite) calls a demo server from its own origin.
  const demoOrigins = values.seed === 'demo' ? ['http://localhost:5173', 'http://127.0.0.1:5173'] : [];
  let allowedOrigins: readonly string[] = [];
  let rateLimit: RateLimit | undefined = DEFAULT_RATE_LIMIT;
  let signInLimit: RateLimit | undefined = DEFAULT_SIGN_IN_LIMIT;
  let requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  let keepAliveMs = KEEP_ALIVE_MS;
  let retentionIntervalMs: number | undefined = RETENTION_INTERVAL_MS;
  let poolSize = DEFAULT_POOL_SIZE;
  try {
    const pool = setting(values['pool-size'], 'CC_POOL_SIZE');
    if (pool !== undefined) poolSize = parsePoolSize(pool, '--pool-size (CC_POOL_SIZE)');
    const listed = values['allow-origin'] ?? splitList(process.env['CC_ALLOWED_ORIGINS']);
    allowedOrigins = parseAllowedOrigins(listed.length ? listed : demoOrigins);
    const limit = setting(values['rate-limit'], 'CC_RATE_LIMIT');
    if (limit !== undefined) rateLimit = parseRateLimit(limit, '--rate-limit (CC_RATE_LIMIT)');
    const signIns = setting(values['sign-in-limit'], 'CC_SIGN_IN_LIMIT');
    if (signIns !== undefined) signInLimit = parseRateLimit(signIns, '--sign-in-limit (CC_SIGN_IN_LIMIT)');
    const timeout = setting(values['request-timeout'], 'CC_REQUEST_TIMEOUT');
    if (timeout !== undefined) requestTimeoutMs = parseDuration(timeout, '--request-timeout (CC_REQUEST_TIMEOUT)');
    const keepAlive = setting(values['keep-alive'], 'CC_KEEP_ALIVE');
    if (keepAlive !== undefined) keepAliveMs = parseDuration(keepAlive, '--keep-alive (CC_KEEP_ALIVE)');
    const retention = setting(values['retention-interval'], 'CC_RETENTION_INTERVAL');
    if (retention !== undefined) retentionIntervalMs = retentionInterval(retention);
  } catch (error) {
    fail((error as Error).message);
  }
  try {
    await loadPhoneNormaliser(region);
  } catch (error) {
    fail(`--region: ${(error as Error).message}`);
  }
  if (values['dev-issuer'] && values.seed !== 'demo') fail('--dev-issuer is for the demo only: it needs --seed demo');
  let auth: AuthOptions = {};
  try {
    auth = authOptionsOf(values);
  } catch (error) {
    fail((error as Error).message);
  }
  // The dev issuer signs anyone in as the demo's people, a supervisor among them: with it, the
  // server is as open as without any sign-in, and stays on loopback whatever else is configured.
  const authenticated = !values['dev-issuer'] && Boolean(auth.jwt || auth.finesse || auth.apiKeys || auth.token !== undefined);
  const refusal = bindingRefusal(host, authenticated);
  if (refusal) fail(refusal);
  const devIssuer = values['dev-issuer'] ? await createDevIssuer() : undefined;
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  const dataDir = data ?? 'server/.data';
  const db = await openDatabase({ databaseUrl, dataDir, memory: values.memory, poolSize });
  const instance = await startInstance({
    db,
    ownsDatabase: true,
    schema,
    host,
    port,
    lab: values.lab,
    faults: values.faults,
    region,
    auth,
    allowedOrigins,
    requestTimeoutMs,
    keepAliveMs,
    ...(rateLimit ? { rateLimit } : {}),
    ...(signInLimit ? { signInLimit } : {}),
    // The demo's own field sets: a rider's date of birth is sensitive, masked in every answer.
    ...(values.seed === 'demo' ? { fieldSets: new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]) } : {}),
    ...(devIssuer ? { devIssuer } : {}),
  });
  if (values.seed === 'demo') {
    // The local operator's tenant, and the tenant of the demo's own identities when they sign in.
    for (const tenant of devIssuer ? [DEFAULT_TENANT, DEV_TENANT] : [DEFAULT_TENANT]) {
      for (const lab of values.lab ? [false, true] : [false]) {
        const backend = localBackend(instance.store, instance.hub, { tenant, lab, region: region.toUpperCase() });
        const seeded = await backend.getCustomer(DEMO_IDS.jordan).then(
          () => true,
          () => false,
        );
        if (!seeded) await seedDemoJourney(backend);
        await ensureDemoRiderFields(backend);
      }
    }
  }
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : values.memory ? 'PGlite in memory' : `PGlite in ${dataDir}`;
  console.log(`Customer Context server on ${instance.url}/v1 — ${where}${values.lab ? ', lab partition on' : ''}${authSummary(auth, devIssuer !== undefined)}${values.faults ? ', FAULT HARNESS ON' : ''}`);
  if (!authenticated) console.log('No authentication is configured: listening on loopback only (configure a way to sign in to bind another address).');
  console.log(
    allowedOrigins.length
      ? `Browser pages allowed (CORS): ${allowedOrigins.join(', ')}`
      : 'No browser origin is allowed (CORS): pass --allow-origin <origin> for the pages that call this server, e.g. http://localhost:5173 for npm start.',
  );
  // Retention (server/retention.ts): one run at a time here, and one among the servers on the database.
  const retention = retentionIntervalMs === undefined ? undefined : new RetentionScheduler(instance.store, { intervalMs: retentionIntervalMs, log: (line) => console.log(line) });
  retention?.start();
  const stop = () => {
    // A retention run under way stops at its next batch before the database closes.
    Promise.resolve(retention?.stop()).then(() => instance.close()).then(
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
