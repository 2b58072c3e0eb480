import { describe, expect, it } from 'vitest';
import { burnPasswordCheck, checkPasswordPolicy, hashPassword, verifyPassword } from '../src/passwords';
import { hashToken, newSessionToken } from '../src/tokens';

describe('password policy', () => {
  it('accepts 12 to 128 characters', () => {
    expect(() => checkPasswordPolicy('a'.repeat(11))).toThrow(/at least 12/);
    expect(() => checkPasswordPolicy('tree-lamp-river')).not.toThrow();
    expect(() => checkPasswordPolicy('x'.repeat(128).replace(/^x/, 'y'))).not.toThrow();
    expect(() => checkPasswordPolicy('x'.repeat(129))).toThrow(/at most 128/);
  });

  it('refuses very common passwords, whatever their case', () => {
    expect(() => checkPasswordPolicy('qwerty123456')).toThrow(/too common/);
    expect(() => checkPasswordPolicy('LeaveMeAlone')).toThrow(/too common/);
  });
});

describe('password hashing', () => {
  it('uses argon2id with a salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await burnPasswordCheck('anything')).toBe(false);
  });
});

describe('session tokens', () => {
  it('are 256-bit random, URL-safe, and stored only as SHA-256', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newSessionToken));
    expect(tokens.size).toBe(1000);
    const t = [...tokens][0]!;
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
  });
});
