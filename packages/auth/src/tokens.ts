import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe; only its hash is ever stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** An API token secret: a recognisable prefix and 256 random bits; only its hash is stored. */
export function newApiTokenSecret(): string {
  return `cm_${randomBytes(32).toString('base64url')}`;
}
