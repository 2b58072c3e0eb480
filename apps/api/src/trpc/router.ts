import { createCallerFactory, router } from './init';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { customersRouter } from './routers/customers';
import { documentsRouter } from './routers/documents';
import { kycRouter } from './routers/kyc';
import { notesRouter } from './routers/notes';
import { usersRouter } from './routers/users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  customers: customersRouter,
  kyc: kycRouter,
  notes: notesRouter,
  documents: documentsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
