import { createCallerFactory, router } from './init';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { customersRouter } from './routers/customers';
import { usersRouter } from './routers/users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  customers: customersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
