import { randomInt } from 'node:crypto';
import { Invalid, PASSWORD_MAX, PASSWORD_MIN } from '@cm/domain';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** SPEC §9: 12–128 characters and not a well-known password. */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN) throw Invalid.field(field, `Use at least ${PASSWORD_MIN} characters.`);
  if (password.length > PASSWORD_MAX) throw Invalid.field(field, `Use at most ${PASSWORD_MAX} characters.`);
  if (common.has(password.toLowerCase())) {
    throw Invalid.field(field, 'This password is too common; choose another.');
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so an unknown email costs the same time as a wrong password
 * and the two cannot be told apart.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

// No 0/O, 1/l/I: a one-time password is read off a screen and typed by hand.
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password for an admin's reset: 4 groups of 5 random characters (about 115 bits). */
export function newTemporaryPassword(): string {
  const group = () => Array.from({ length: 5 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
