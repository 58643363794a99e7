/**
 * Sensitive fields encrypted at rest: AES-GCM with a key the host provides, and a keyed hash
 * (HMAC-SHA-256) of phones and emails so that they can still be looked up by exact match, as
 * Context Service did for PII. Pure WebCrypto; no key ever leaves the host's CryptoKey objects.
 */
import { FieldSetRegistry, LIMITS, foldForMatch, type FieldSetDefinition, type FieldValue } from '../model/index.js';

/** The keys the host provides: one to encrypt values, one to hash what lookups look for. */
export interface FieldKeys {
  /** AES-GCM, 128 or 256 bits, usable to encrypt and decrypt. */
  readonly encryption: CryptoKey;
  /** HMAC with SHA-256, usable to sign. */
  readonly hashing: CryptoKey;
}

/** How an encrypted value is stored: a prefix, then the IV and the ciphertext, base64url. */
export const ENVELOPE_PREFIX = 'cc-enc:v1:';
const IV_BYTES = 12;

/** The longest plaintext (UTF-8 bytes of its JSON) whose envelope still fits a stored value. */
export const MAX_ENCRYPTED_BYTES = Math.floor(((LIMITS.fieldValueLength - ENVELOPE_PREFIX.length - 1) * 3) / 4) - IV_BYTES - 16 - 4;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Both keys from one secret of the host's (at least 32 random bytes), through HKDF-SHA-256 with
 * a label per key, so that the two can never be the same key. The keys are not extractable.
 */
export async function deriveFieldKeys(secret: BufferSource): Promise<FieldKeys> {
  if (secret.byteLength < 32) throw new RangeError('The secret must be at least 32 bytes');
  const material = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const params = (label: string): HkdfParams => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode(label) });
  const [encryption, hashing] = await Promise.all([
    crypto.subtle.deriveKey(params('customer-context field encryption'), material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.deriveKey(params('customer-context lookup hash'), material, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { encryption, hashing };
}

export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX);
}

/** Encrypts and decrypts single values, and hashes lookup values, with the host's keys. */
export class FieldCipher {
  constructor(private readonly keys: FieldKeys) {}

  /**
   * The value as an envelope: a fresh random IV each time, the value's JSON (so numbers and
   * booleans come back as they were), and `context` (the field's id) bound as additional data,
   * so that an envelope moved to another field does not decrypt.
   */
  async encrypt(value: FieldValue, context: string): Promise<string> {
    const plain = new TextEncoder().encode(JSON.stringify(value));
    if (plain.byteLength > MAX_ENCRYPTED_BYTES) throw new RangeError(`At most ${MAX_ENCRYPTED_BYTES} bytes can be stored encrypted`);
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, this.keys.encryption, plain),
    );
    return `${ENVELOPE_PREFIX}${toBase64Url(iv)}.${toBase64Url(sealed)}`;
  }

  /** The value an envelope holds; rejects (OperationError) when the key or the field is not the one it was sealed with. */
  async decrypt(envelope: string, context: string): Promise<FieldValue> {
    if (!isEnvelope(envelope)) throw new TypeError('Not an encrypted value');
    const [iv, sealed] = envelope.slice(ENVELOPE_PREFIX.length).split('.');
    if (!iv || !sealed) throw new TypeError('Not an encrypted value');
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(context) },
      this.keys.encryption,
      fromBase64Url(sealed),
    );
    return JSON.parse(new TextDecoder().decode(plain)) as FieldValue;
  }

  /**
   * A keyed hash of what a lookup looks for (`phone:+14085550142`, `email:` and the folded
   * address): the same input gives the same hash, and without the key nobody can compute it.
   */
  async lookupHash(kind: 'phone' | 'email', value: string): Promise<string> {
    const normalised = kind === 'email' ? foldForMatch(value) : value;
    const mac = await crypto.subtle.sign('HMAC', this.keys.hashing, new TextEncoder().encode(`${kind}:${normalised}`));
    return `${kind}:${toBase64Url(new Uint8Array(mac))}`;
  }
}

/**
 * The field sets a store that holds envelopes checks against: each sensitive field becomes a text
 * field of up to 2000 characters (its envelope), keeping whether it is required. The real
 * definitions are checked on the plaintext before encryption.
 */
export function storageRegistry(registry: FieldSetRegistry): FieldSetRegistry {
  return new FieldSetRegistry(
    registry.all().map(
      (set): FieldSetDefinition => ({
        ...set,
        fields: set.fields.map((field) => {
          if (!field.sensitive) return field;
          const { maxLength: _maxLength, options: _options, ...rest } = field;
          return { ...rest, dataType: 'string', format: 'text' };
        }),
      }),
    ),
  );
}
