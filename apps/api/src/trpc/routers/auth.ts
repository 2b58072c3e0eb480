import { changePasswordInput, loginInput, sessionUser, Unauthorized } from '@cm/domain';
import { z } from 'zod';
import { changeOwnPassword, login, logout, sessionUserOf } from '../../services/auth';
import { actorOf } from '../context';
import { procedure, router } from '../init';
import { clearedSessionCookie, sessionCookie } from '../session-cookie';

export const authRouter = router({
  login: procedure
    .meta({ public: true })
    .input(loginInput)
    .output(sessionUser)
    .mutation(async ({ ctx, input }) => {
      const { session, user } = await login(
        { db: ctx.deps.db, now: ctx.deps.now, session: ctx.deps.config.session },
        actorOf(ctx),
        { ...input, userAgent: ctx.userAgent },
      );
      ctx.resHeaders.append(
        'Set-Cookie',
        sessionCookie(session.token, ctx.deps.config.session.maxHours * 3600, ctx.secure),
      );
      return user;
    }),
  logout: procedure
    .meta({ public: true })
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      if (ctx.user) await logout(ctx.deps, { ...actorOf(ctx), sessionId: ctx.user.sessionId });
      ctx.resHeaders.append('Set-Cookie', clearedSessionCookie(ctx.secure));
      return { ok: true as const };
    }),
  /** Any signed-in user, whatever the role, may change their own password. */
  changePassword: procedure
    .meta({ public: true })
    .input(changePasswordInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.user) throw new Unauthorized();
      await changeOwnPassword(ctx.deps, { ...actorOf(ctx), userId: ctx.user.id, sessionId: ctx.user.sessionId }, input);
      return { ok: true as const };
    }),
  me: procedure
    .meta({ public: true })
    .output(sessionUser.nullable())
    .query(({ ctx }) => (ctx.user ? sessionUserOf(ctx.deps, ctx.user.id) : null)),
});
