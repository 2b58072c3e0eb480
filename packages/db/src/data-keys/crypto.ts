/**
 * AES-256-GCM for audit personal values (SPEC §14): a per-customer data key encrypts each value,
 * and the master key (`DATA_KEY`) wraps the data keys. Both bind the customer id as associated
 * data, so neither a value nor a wrapped key can be moved to another customer and still open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A master key and its id (a short fingerprint, stored next to each wrapped key for rotation). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/** The keys an instance holds: `current` wraps new data keys; `previous` only unwraps (during rotation). */
export interface MasterKeyring {
  current: MasterKey;
  previous: MasterKey[];
}

export class DataKeyError extends Error {}

/** 32 bytes as base64 (44 characters) or hex (64); anything else is refused with the reason. */
export function parseMasterKey(text: string): MasterKey {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t))
    key = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  if (!key || key.length !== KEY_BYTES) {
    throw new DataKeyError('must be 32 random bytes, base64 (44 characters) or hex (64 characters)');
  }
  return { id: masterKeyId(key), key };
}

export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update('cm-master-key-id\0').update(key).digest('hex').slice(0, 16);
}

export function keyringOf(current: string, previous: readonly string[] = []): MasterKeyring {
  const cur = parseMasterKey(current);
  return { current: cur, previous: previous.map(parseMasterKey).filter((k) => k.id !== cur.id) };
}

/** A new random master key, base64 — what `DATA_KEY` holds. */
export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function seal(key: Buffer, aad: string, plain: Buffer) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}

function open(key: Buffer, aad: string, iv: Buffer, ct: Buffer, tag: Buffer): Buffer {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DataKeyError('malformed ciphertext');
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** The data key sealed by the master key: iv ‖ tag ‖ ciphertext (60 bytes). */
export function wrapDataKey(master: MasterKey, customerId: string, dataKey: Buffer): Buffer {
  const { iv, ct, tag } = seal(master.key, `cm-data-key:${customerId}`, dataKey);
  return Buffer.concat([iv, tag, ct]);
}

/** Throws when the master key is not the one that wrapped it or the bytes were changed. */
export function unwrapDataKey(master: MasterKey, customerId: string, wrapped: Uint8Array): Buffer {
  const b = Buffer.from(wrapped);
  const key = open(
    master.key,
    `cm-data-key:${customerId}`,
    b.subarray(0, IV_BYTES),
    b.subarray(IV_BYTES + TAG_BYTES),
    b.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
  );
  if (key.length !== KEY_BYTES) throw new DataKeyError('malformed data key');
  return key;
}

/** Unwraps with whichever key of the ring has the id the row was wrapped under. */
export function unwrapWithRing(ring: MasterKeyring, customerId: string, masterKeyId: string, wrapped: Uint8Array) {
  const master = [ring.current, ...ring.previous].find((k) => k.id === masterKeyId);
  if (!master) throw new DataKeyError(`no master key with id ${masterKeyId} is configured`);
  return unwrapDataKey(master, customerId, wrapped);
}

/** An encrypted value inside audit `changes`: `{"$enc": "v1:<iv>:<ciphertext>:<tag>"}` (base64). */
export interface Envelope {
  $enc: string;
}

export function isEnvelope(v: unknown): v is Envelope {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as Envelope).$enc === 'string' &&
    Object.keys(v).length === 1
  );
}

/** Encrypts one JSON value under the customer's data key. */
export function sealValue(dataKey: Buffer, customerId: string, value: unknown): Envelope {
  const { iv, ct, tag } = seal(dataKey, `cm-audit:${customerId}`, Buffer.from(JSON.stringify(value), 'utf8'));
  return { $enc: `v1:${iv.toString('base64')}:${ct.toString('base64')}:${tag.toString('base64')}` };
}

/** The JSON value back; throws (fails closed) when the envelope was altered or the key is wrong. */
export function openValue(dataKey: Buffer, customerId: string, envelope: Envelope): unknown {
  const parts = envelope.$enc.split(':');
  if (parts.length !== 4 || parts[0] !== 'v1') throw new DataKeyError('unknown envelope format');
  const [, iv, ct, tag] = parts.map((p) => Buffer.from(p, 'base64'));
  return JSON.parse(open(dataKey, `cm-audit:${customerId}`, iv!, ct!, tag!).toString('utf8'));
}
