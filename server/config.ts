/**
 * The server's production settings as text (flags and environment variables) parsed into values,
 * and the rule that an unauthenticated server binds loopback only. Pure functions without Node
 * built-ins, so that the browser tests import them as they are.
 */

/** Requests per window, for each caller. */
export interface RateLimit {
  readonly requests: number;
  readonly perMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 1200, perMs: 60_000 };
/** Failed sign-ins per address before its requests wait (see `AppOptions.signInLimit`). */
export const DEFAULT_SIGN_IN_LIMIT: RateLimit = { requests: 30, perMs: 60_000 };
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000 };

/** `250ms`, `30s`, `2m`, `1h`, or a bare number of milliseconds; throws a RangeError naming `what`. */
export function parseDuration(text: string, what: string): number {
  const match = /^\s*(\d{1,9})\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new RangeError(`${what} must be a duration such as 30s, 500ms or 2m, not "${text}"`);
  const ms = Number(match[1]) * UNITS[match[2] ?? 'ms']!;
  if (ms < 1) throw new RangeError(`${what} must be longer than 0`);
  return ms;
}

/** `600/60s` (600 requests a minute), `10/1s`; `off` turns the limit off (undefined). */
export function parseRateLimit(text: string, what: string): RateLimit | undefined {
  if (text.trim().toLowerCase() === 'off') return undefined;
  const match = /^\s*(\d{1,9})\s*\/\s*(.+)$/.exec(text);
  if (!match || Number(match[1]) < 1) throw new RangeError(`${what} must be requests per time such as 600/60s, or off, not "${text}"`);
  return { requests: Number(match[1]), perMs: parseDuration(match[2]!, what) };
}

/**
 * Exact browser origins (`https://host[:port]`) allowed to call the API; never `null` or `*`,
 * never a URL with a path. Throws a RangeError naming the first one that is not an origin.
 */
export function parseAllowedOrigins(origins: readonly string[]): readonly string[] {
  return origins.map((text) => {
    const origin = text.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== origin) {
      throw new RangeError(`An allowed origin must be scheme://host[:port] with nothing after it, such as https://finesse.example.com, not "${text}"`);
    }
    return origin;
  });
}

/** `--pool-size`: the PostgreSQL connections one server instance holds at most, 1–1000. */
export function parsePoolSize(text: string, what: string): number {
  const match = /^\s*(\d{1,4})\s*$/.exec(text);
  const size = match ? Number(match[1]) : 0;
  if (size < 1 || size > 1000) throw new RangeError(`${what} must be a whole number of connections from 1 to 1000, not "${text}"`);
  return size;
}

/** Comma-separated origins, as the environment gives them. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

/** Whether `host` names this machine only: `localhost`, 127.0.0.0/8 or ::1 (also IPv4-mapped). */
export function isLoopback(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (/^(0{0,4}:){2,7}0{0,3}1$/.test(name) || name === '::1') return true;
  const v4 = name.replace(/^::ffff:/, '');
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255) && octets[1] === '127';
}

/**
 * Why the server must not bind `host`, or undefined when it may: without authentication the API
 * answers anyone who reaches it, so only this machine may.
 */
export function bindingRefusal(host: string, authenticated: boolean): string | undefined {
  if (authenticated || isLoopback(host)) return undefined;
  return (
    `Refusing to listen on ${host}: no authentication is configured, so anyone who reaches this address could read ` +
    'and write customer data. Bind a loopback address (127.0.0.1, ::1, localhost) or configure authentication (--token).'
  );
}
