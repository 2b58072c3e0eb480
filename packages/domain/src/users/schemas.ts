import { z } from 'zod';
import { cursorSchema, limitSchema, text, uuid } from '../common';
import { customerType } from '../customers/enums';
import { ROLES } from '../rbac/permissions';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export const role = z.enum(ROLES);

/** Length rule of SPEC §9; the common-password rule needs a word list and lives in @cm/auth. */
export const password = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const loginInput = z.object({
  email: text().min(1, 'Enter your email.').max(254),
  password: z.string().min(1, 'Enter your password.').max(1024),
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
  newPassword: password,
});

export const userCreateInput = z
  .object({
    email: text().max(254).pipe(z.email('Enter a valid email address.')),
    name: text().min(1, 'Name is required.').max(200),
    role,
    password,
    customerId: uuid.nullish(),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'client' && !u.customerId) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'A client login must be linked to a customer.' });
    }
    if (u.role !== 'client' && u.customerId) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'Only client logins are linked to a customer.' });
    }
  });

export const userUpdateInput = z.object({
  id: uuid,
  version: z.number().int().min(1),
  name: text().min(1).max(200).optional(),
  role: role.optional(),
  customerId: uuid.nullish(),
  password: password.optional(),
});

export const userIdInput = z.object({ id: uuid });

/** users.list: by email, optionally narrowed by a case-insensitive substring of name or email. */
export const userListInput = z
  .object({
    search: text().max(100).optional(),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .default({ limit: 25 });

/** users.setRole: an admin changes another user's role (a client login needs its customer). */
export const userSetRoleInput = z.object({
  id: uuid,
  version: z.number().int().min(1),
  role,
  customerId: uuid.nullish(),
});

export const sessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  customerId: z.string().nullable(),
  customer: z
    .object({
      id: z.string(),
      customerNumber: z.string(),
      /** The company name for a business, the person's name for an individual. */
      displayName: z.string(),
      type: customerType,
    })
    .optional(),
  /** An admin reset the password: the console shows only the change-password screen until it is changed. */
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  customerId: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  lastSignInAt: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof userOutput>;

/** users.resetPassword → a one-time password, shown once, that the user must change at sign-in. */
export const userResetPasswordOutput = z.object({ user: userOutput, temporaryPassword: z.string() });
