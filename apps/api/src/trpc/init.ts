import { DomainError } from '@cm/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import { ZodError } from 'zod';
import { describeError, type ErrorBody } from '../errors';
import { type AccessRule, auditDenial, authorize } from '../services/authorize';
import { actorOf, type TrpcContext } from './context';
import { preferSyncParseForDomainSchemas } from './sync-parse';

/** Every procedure declares who may call it (see AccessRule). */
export type ProcedureMeta = AccessRule;

preferSyncParseForDomainSchemas();

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
    sse: {
      // Comments on an idle stream keep proxies and load balancers (often 60 s idle limits) from
      // cutting it; the client reconnects when even those stop arriving.
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 45_000 },
    },
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

/**
 * The one middleware of every procedure: the permission check (`meta`), then the call, with every
 * thrown error made a tRPC error here, in one place; internals are logged, never returned. One level
 * instead of two (mapping around authorization): each level copies tRPC's call options per call.
 */
const guardProcedure = t.middleware(async ({ ctx, meta, next, path }) => {
  try {
    await authorize(ctx.deps.db, actorOf(ctx), meta, path);
  } catch (cause) {
    // The error tRPC would have made of it had authorization been a middleware of its own.
    const error = getTRPCErrorFromUnknown(cause);
    await mapError(ctx, path, error);
    throw error;
  }
  const result = await next();
  if (!result.ok) await mapError(ctx, path, result.error);
  return result;
});

/** Throws the mapped error for ours and crashes; tRPC's own errors (bad JSON, input shape) keep their code. */
async function mapError(ctx: TrpcContext, path: string, err: TRPCError): Promise<void> {
  const ours = err.cause instanceof DomainError || err.cause instanceof ZodError;
  if (!ours && err.code !== 'INTERNAL_SERVER_ERROR') return;
  await auditDenial(ctx.deps.db, actorOf(ctx), err.cause);
  const body = describeError(err.cause ?? err, ctx.requestId);
  if (body.status >= 500)
    ctx.deps.logger.error({ err: err.cause ?? err, path, requestId: ctx.requestId }, 'procedure failed');
  throw new MappedError(body);
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** The only procedure builder; every procedure must add `.meta(...)`. */
export const procedure = t.procedure.use(guardProcedure);

/**
 * The error body of a call made through `createCaller` (the REST routes): `mapErrors` already made
 * it, so both paths answer alike; tRPC's own errors keep their code and status.
 */
export function callErrorBody(err: unknown, requestId: string | null): ErrorBody {
  if (err instanceof MappedError) return err.body;
  if (err instanceof TRPCError) {
    return {
      code: err.code as ErrorBody['code'],
      message: err.message,
      status: getHTTPStatusCodeFromError(err),
      data: {},
    };
  }
  return describeError(err, requestId);
}
