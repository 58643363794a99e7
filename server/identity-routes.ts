/**
 * The routes that identities add to the API: the audited reveal of a sensitive field, the
 * administration of API keys, and the demo's development token issuer.
 */
import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  idSchema,
  localisedLabel,
  parseOrThrow,
  revealAuditActivity,
} from '../src/model/index.js';
import type { ApiKeys } from './api-keys.js';
import { type Env, API_HEADERS } from './app.js';
import { respond } from './problems.js';
import { allow } from './authz.js';
import { DEV_USERS, type DevIssuer } from './dev-issuer.js';
import type { CallContext, Store } from './store.js';

/**
 * `field` is `<field set>.<field>` (the set's id may itself hold dots: `cumulus.rider.Date_Of_Birth`)
 * or a field id alone, looked for in the record's field sets. `activityId` names an activity of
 * the customer whose field it is.
 */
export const revealInputSchema = z.strictObject({
  field: z.string().check(z.regex(/^[^\s.]+(\.[^\s.]+)*$/, 'Must be <field set>.<field> or a field id, e.g. cumulus.rider.Date_Of_Birth'), z.maxLength(300)),
  activityId: z.optional(idSchema),
});

/**
 * Reveals one sensitive field of a customer: the audit activity (who, when, which field, never
 * the value) is written to the customer's journey and committed first; only then is the value
 * answered. A reveal that cannot be recorded reveals nothing.
 */
export async function revealRoute(
  c: Context<Env>,
  store: Store,
  callContext: (c: Context<Env>) => Promise<CallContext>,
  jsonBody: (c: Context<Env>) => Promise<{ value: unknown }>,
): Promise<Response> {
  const ctx = await callContext(c);
  const { field, activityId } = parseOrThrow(revealInputSchema, (await jsonBody(c)).value);
  const dot = field.lastIndexOf('.');
  const setId = dot < 0 ? undefined : field.slice(0, dot);
  const fieldId = field.slice(dot + 1);
  const customerId = c.req.param('id')!;
  const principal = c.get('principal');
  const outcome = await store.transaction(ctx, async (tx) => {
    const customer = await store.getCustomer(tx, ctx, customerId, true);
    let record: { fieldsets: readonly string[]; dataElements: Readonly<Record<string, unknown>> } = customer;
    if (activityId !== undefined) {
      const activity = await store.getActivity(tx, ctx, activityId);
      if (activity.customerId !== customerId) throw new NotFoundError('activity', activityId);
      record = activity;
    }
    const fieldSets = await store.registryFor(tx, ctx.tenant);
    const definition =
      setId === undefined
        ? fieldSets.findField(record.fieldsets, fieldId)
        : record.fieldsets.includes(setId)
          ? fieldSets.get(setId)?.fields.find((each) => each.id === fieldId)
          : undefined;
    if (!definition) throw new InvalidInputError([{ path: 'field', message: `This ${activityId === undefined ? 'customer' : 'activity'} has no field ${field}` }]);
    if (!definition.sensitive) throw new InvalidInputError([{ path: 'field', message: `${field} is not sensitive: it is shown without a reveal` }]);
    const audit = await store.createActivity(
      tx,
      ctx,
      revealAuditActivity({
        customerId,
        fieldId: field,
        fieldLabel: localisedLabel(definition.label, 'en-US', fieldId),
        agent: { id: principal.id, name: principal.name },
        ...(activityId === undefined ? {} : { activityId }),
      }),
    );
    return { value: record.dataElements[fieldId] ?? null, auditActivityId: audit.id, seq: await store.head(tx) };
  });
  return respond(
    c,
    { status: 200, body: { customerId, field, value: outcome.value, auditActivityId: outcome.auditActivityId } },
    { [API_HEADERS.seq]: String(outcome.seq), 'Cache-Control': 'no-store' },
  );
}

/**
 * API keys, for admins: created (the key is in this answer only), listed, revoked. An admin
 * manages the keys of their own tenant; the local operator (`--token`) those of any tenant.
 */
export function adminRoutes(app: Hono<Env>, apiKeys: ApiKeys): void {
  const scope = (c: Context<Env>) => {
    const principal = c.get('principal');
    return principal.via === 'token' ? undefined : principal.tenant;
  };
  app.post('/v1/admin/api-keys', allow('api-keys.manage'), async (c) => {
    const principal = c.get('principal');
    const body: unknown = await c.req.json().catch(() => {
      throw new InvalidInputError([{ path: '', message: 'The request body is not JSON' }]);
    });
    const tenant = (body as { tenant?: unknown } | null)?.tenant;
    const own = scope(c);
    if (own !== undefined && tenant !== undefined && tenant !== own) throw new ForbiddenError('An admin creates API keys for their own tenant only');
    const created = await apiKeys.create(body, principal.tenant, principal.id);
    return respond(c, { status: 201, body: created }, { 'Cache-Control': 'no-store' });
  });
  app.get('/v1/admin/api-keys', allow('api-keys.manage'), async (c) => respond(c, { status: 200, body: { apiKeys: await apiKeys.list(scope(c)) } }));
  app.delete('/v1/admin/api-keys/:id', allow('api-keys.manage'), async (c) =>
    respond(c, { status: 200, body: await apiKeys.revoke(c.req.param('id'), scope(c)) }),
  );
}

const devTokenSchema = z.strictObject({ user: z.enum(Object.keys(DEV_USERS) as [keyof typeof DEV_USERS]) });

/** The demo's issuer: its public keys, and a token for the demo agent or supervisor. */
export function devIssuerRoutes(app: Hono<Env>, issuer: DevIssuer): void {
  app.get('/dev/jwks.json', (c) => respond(c, { status: 200, body: issuer.jwks }));
  app.post('/dev/token', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const { user } = parseOrThrow(devTokenSchema, body);
    const { token, expiresIn } = await issuer.mint(user);
    return respond(c, { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } }, { 'Cache-Control': 'no-store' });
  });
}
