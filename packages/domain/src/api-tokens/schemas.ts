import { z } from 'zod';
import { cursorSchema, limitSchema, page, requiredText, uuid } from '../common';
import { PERMISSIONS, type Permission, ROLE_PERMISSIONS, type Role } from '../rbac/permissions';

/** Every API token secret starts with this, so a leaked one is recognisable (e.g. by secret scanners). */
export const API_TOKEN_PREFIX = 'cm_';
/** The prefix and 32 random bytes in base64url (43 characters). */
const API_TOKEN_PATTERN = /^cm_[A-Za-z0-9_-]{43}$/;

/** Whether a string has the shape of an API token secret (checked before any database read). */
export function looksLikeApiToken(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}

export const permission = z.enum(PERMISSIONS, { message: 'Unknown permission.' });

export const apiTokenCreateInput = z.object({
  name: requiredText(100, 'Name'),
  permissions: z
    .array(permission)
    .min(1, 'Choose at least one permission.')
    .max(PERMISSIONS.length)
    .transform((ps) => [...new Set(ps)]),
  /** When the token stops working; omitted or null: it works until revoked. Must lie in the future. */
  expiresAt: z.iso.datetime({ offset: true, message: 'Use an ISO date and time.' }).nullish(),
});
export type ApiTokenCreateInput = z.input<typeof apiTokenCreateInput>;

export const apiTokenIdInput = z.object({ id: uuid });
export const apiTokenListInput = z.object({ cursor: cursorSchema, limit: limitSchema }).default({ limit: 25 });

export const API_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ApiTokenStatus = (typeof API_TOKEN_STATUSES)[number];

export const apiTokenOutput = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(permission),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(API_TOKEN_STATUSES),
});
export type ApiToken = z.infer<typeof apiTokenOutput>;
export const apiTokenPage = page(apiTokenOutput);

/** `create` answers the secret exactly once, next to the stored record. */
export const apiTokenCreatedOutput = z.object({ token: apiTokenOutput, secret: z.string() });

/** Revoked wins over expired: a revoked token stays revoked whatever its expiry. */
export function apiTokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiTokenStatus {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt <= now) return 'expired';
  return 'active';
}

/** A token holds a subset of its creator's permissions: the ones asked for that the role lacks. */
export function permissionsBeyondRole(role: Role, asked: readonly Permission[]): Permission[] {
  return asked.filter((p) => !ROLE_PERMISSIONS[role].has(p));
}

/** Permissions grouped by area (`customers`, `kyc` …) in the order of SPEC §1, for choosing. */
export function permissionAreas(): { area: string; permissions: Permission[] }[] {
  const areas = new Map<string, Permission[]>();
  for (const p of PERMISSIONS) {
    const area = p.split(':')[0] as string;
    areas.set(area, [...(areas.get(area) ?? []), p]);
  }
  return [...areas].map(([area, permissions]) => ({ area, permissions }));
}
