import { appendAudit } from '@cm/db';
import { can, DomainError, type Permission, type Role } from '@cm/domain';
import { ZodError } from 'zod';
import { initTRPC, TRPCError } from '@trpc/server';
import { describeError, type ErrorBody } from '../errors';
import { auditMeta } from '../services/actor';
import { actorOf, type TrpcContext } from './context';

/**
 * Every procedure declares who may call it: a permission of SPEC §1, or `public: true`.
 * `roles` narrows further (e.g. the audit log is admin-only although staff hold `audit:view`).
 */
export type ProcedureMeta = { permission: Permission; roles?: readonly Role[] } | { public: true };

class MappedError extends TRPCError {
  constructor(readonly body: ErrorBody) {
    super({ code: body.code as TRPCError['code'], message: body.message });
  }
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    isDev: false,
    errorFormatter({ shape, error }) {
      const body = error instanceof MappedError ? error.body : null;
      return {
        message: body?.message ?? shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          ...(body?.data ?? {}),
          ...(body?.retryAfterSeconds ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
        },
      };
    },
  });

/** The single place where thrown errors become tRPC errors; internals are logged, never returned. */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const err = result.error;
  const ours = err.cause instanceof DomainError || err.cause instanceof ZodError;
  // tRPC's own errors (bad JSON, unknown input shape) keep their code; only ours and crashes are mapped.
  if (!ours && err.code !== 'INTERNAL_SERVER_ERROR') return result;
  const body = describeError(err.cause ?? err, ctx.requestId);
  if (body.status >= 500) ctx.deps.logger.error({ err: err.cause ?? err, path, requestId: ctx.requestId }, 'procedure failed');
  throw new MappedError(body);
});

const authorize = t.middleware(async ({ ctx, meta, next, path }) => {
  if (!meta) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Procedure ${path} declares no permission.` });
  if ('public' in meta) return next();
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
  const allowed = can(ctx.user.role, meta.permission) && (!meta.roles || meta.roles.includes(ctx.user.role));
  if (!allowed) {
    await appendAudit(ctx.deps.db, {
      ...auditMeta(actorOf(ctx)),
      action: 'permission.denied',
      entityType: 'procedure',
      entityId: path,
      customerId: null,
      changes: { permission: meta.permission },
    });
    throw new TRPCError({ code: 'FORBIDDEN', message: 'You do not have permission to do this.' });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** The only procedure builder; every procedure must add `.meta(...)`. */
export const procedure = t.procedure.use(mapErrors).use(authorize);
