import { createCallerFactory, router } from './init';
import { apiTokensRouter } from './routers/api-tokens';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { customersRouter } from './routers/customers';
import { documentsRouter } from './routers/documents';
import { kycRouter } from './routers/kyc';
import { notesRouter } from './routers/notes';
import { notificationsRouter } from './routers/notifications';
import { privacyRouter } from './routers/privacy';
import { slaRouter } from './routers/sla';
import { ticketGroupsRouter } from './routers/ticket-groups';
import { ticketsRouter } from './routers/tickets';
import { usersRouter } from './routers/users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  customers: customersRouter,
  kyc: kycRouter,
  notes: notesRouter,
  documents: documentsRouter,
  audit: auditRouter,
  apiTokens: apiTokensRouter,
  tickets: ticketsRouter,
  ticketGroups: ticketGroupsRouter,
  sla: slaRouter,
  notifications: notificationsRouter,
  privacy: privacyRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
