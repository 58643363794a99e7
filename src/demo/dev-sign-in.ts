import * as z from 'zod/mini';

/** Who the demo can sign in as on a server with the development issuer (`--seed demo --dev-issuer`). */
export const DEV_SIGN_IN_USERS = ['agent', 'supervisor'] as const;
export type DevSignInUser = (typeof DEV_SIGN_IN_USERS)[number];

const answerSchema = z.object({ access_token: z.string().check(z.minLength(1)), expires_in: z.number().check(z.minimum(1)) });

/** Early enough before expiry that a request in flight does not carry a token that lapses on the way. */
const RENEW_BEFORE_MS = 60_000;

/**
 * A token source for the HTTP adapter's `token` option: the demo server's token for its agent
 * (Alex Agent) or supervisor (Sam Supervisor), fetched when first asked and again shortly before
 * it expires. Demo only: the development issuer exists nowhere else.
 */
export function devIssuerToken(baseUrl: string, user: DevSignInUser, fetchImpl: typeof fetch = (...args) => fetch(...args)): () => Promise<string> {
  let current: { readonly token: string; readonly until: number } | undefined;
  let pending: Promise<string> | undefined;
  const signIn = async (): Promise<string> => {
    const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/dev/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    if (!response.ok) throw new Error(`The demo server refused to sign in (${response.status}): start it with --seed demo --dev-issuer`);
    const answer = z.safeParse(answerSchema, await response.json().catch(() => undefined));
    if (!answer.success) throw new Error('The demo server answered its sign-in with something that is not a token');
    current = { token: answer.data.access_token, until: Date.now() + answer.data.expires_in * 1000 - RENEW_BEFORE_MS };
    return current.token;
  };
  return async () => {
    if (current && current.until > Date.now()) return current.token;
    pending ??= signIn().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
