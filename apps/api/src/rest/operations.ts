import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../trpc/router';

type Inputs = inferRouterInputs<AppRouter>;
/** `customers.byId`, `notes.pin` …: every procedure of the router, by its dotted path. */
export type ProcedurePath = {
  [R in keyof Inputs & string]: `${R}.${keyof Inputs[R] & string}`;
}[keyof Inputs & string];

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type RestTag = 'Customers' | 'KYC documents' | 'Notes' | 'Documents' | 'Tickets';

/**
 * One REST operation: which procedure answers it and how the request becomes the procedure's
 * input. Path parameters go to the input keys named in `params` (they win over the body); a GET
 * reads the other input fields from the query string, a POST or PUT from the JSON body.
 */
export interface RestOperation {
  method: RestMethod;
  /** OpenAPI path template (`{id}`); the Hono route is derived from it. */
  path: string;
  procedure: ProcedurePath;
  params: Record<string, string>;
  tag: RestTag;
  summary: string;
  /** 201 for operations that create a record. */
  created?: true;
}

const C = '/api/customers/{id}';
const T = '/api/tickets/{id}';
const customer = { id: 'id' };
const kycDoc = { id: 'customerId', documentId: 'documentId' };
const note = { id: 'customerId', noteId: 'noteId' };
const doc = { id: 'customerId', documentId: 'documentId' };

/**
 * The REST surface of SPEC §13 at the seed's paths. Each line calls an existing procedure, so
 * permissions, customer scope, audit and errors are the procedure's own; nothing is implemented twice.
 */
export const REST_OPERATIONS: readonly RestOperation[] = [
  // Customers
  {
    method: 'GET',
    path: '/api/customers',
    procedure: 'customers.list',
    params: {},
    tag: 'Customers',
    summary: 'List customers',
  },
  {
    method: 'POST',
    path: '/api/customers',
    procedure: 'customers.create',
    params: {},
    tag: 'Customers',
    summary: 'Create a customer',
    created: true,
  },
  {
    method: 'GET',
    path: '/api/customers/statistics',
    procedure: 'customers.stats',
    params: {},
    tag: 'Customers',
    summary: 'Customer statistics',
  },
  {
    method: 'GET',
    path: C,
    procedure: 'customers.byId',
    params: customer,
    tag: 'Customers',
    summary: 'Get a customer',
  },
  {
    method: 'PUT',
    path: C,
    procedure: 'customers.update',
    params: customer,
    tag: 'Customers',
    summary: 'Update a customer (send the version you read)',
  },
  {
    method: 'DELETE',
    path: C,
    procedure: 'customers.delete',
    params: customer,
    tag: 'Customers',
    summary: 'Delete a customer (soft; admin)',
  },
  {
    method: 'POST',
    path: `${C}/restore`,
    procedure: 'customers.restore',
    params: customer,
    tag: 'Customers',
    summary: 'Restore a deleted customer (admin)',
  },
  {
    method: 'POST',
    path: `${C}/activate`,
    procedure: 'customers.activate',
    params: customer,
    tag: 'Customers',
    summary: 'Activate a customer (KYC verified)',
  },
  {
    method: 'POST',
    path: `${C}/suspend`,
    procedure: 'customers.suspend',
    params: customer,
    tag: 'Customers',
    summary: 'Suspend a customer, with a reason',
  },
  {
    method: 'POST',
    path: `${C}/close`,
    procedure: 'customers.close',
    params: customer,
    tag: 'Customers',
    summary: 'Close a customer, with a reason (final)',
  },
  // KYC documents (upload and download are the multipart routes, see FILE_OPERATIONS)
  {
    method: 'GET',
    path: `${C}/kyc`,
    procedure: 'kyc.list',
    params: { id: 'customerId' },
    tag: 'KYC documents',
    summary: "List a customer's KYC documents",
  },
  {
    method: 'GET',
    path: `${C}/kyc/status`,
    procedure: 'kyc.status',
    params: { id: 'customerId' },
    tag: 'KYC documents',
    summary: 'KYC status: missing requirements and documents expiring soon',
  },
  {
    method: 'GET',
    path: `${C}/kyc/{documentId}`,
    procedure: 'kyc.byId',
    params: kycDoc,
    tag: 'KYC documents',
    summary: 'Get a KYC document',
  },
  {
    method: 'PUT',
    path: `${C}/kyc/{documentId}`,
    procedure: 'kyc.update',
    params: kycDoc,
    tag: 'KYC documents',
    summary: "Update a KYC document's metadata",
  },
  {
    method: 'DELETE',
    path: `${C}/kyc/{documentId}`,
    procedure: 'kyc.delete',
    params: kycDoc,
    tag: 'KYC documents',
    summary: 'Delete a KYC document (soft; admin)',
  },
  {
    method: 'POST',
    path: `${C}/kyc/{documentId}/verify`,
    procedure: 'kyc.verify',
    params: kycDoc,
    tag: 'KYC documents',
    summary: 'Verify a KYC document (not by its uploader)',
  },
  {
    method: 'POST',
    path: `${C}/kyc/{documentId}/reject`,
    procedure: 'kyc.reject',
    params: kycDoc,
    tag: 'KYC documents',
    summary: 'Reject a KYC document, with a reason',
  },
  // Notes
  {
    method: 'GET',
    path: `${C}/notes`,
    procedure: 'notes.list',
    params: { id: 'customerId' },
    tag: 'Notes',
    summary: "List a customer's notes (pinned first)",
  },
  {
    method: 'POST',
    path: `${C}/notes`,
    procedure: 'notes.create',
    params: { id: 'customerId' },
    tag: 'Notes',
    summary: 'Create a note',
    created: true,
  },
  {
    method: 'GET',
    path: `${C}/notes/{noteId}`,
    procedure: 'notes.byId',
    params: note,
    tag: 'Notes',
    summary: 'Get a note',
  },
  {
    method: 'PUT',
    path: `${C}/notes/{noteId}`,
    procedure: 'notes.update',
    params: note,
    tag: 'Notes',
    summary: 'Update a note (send the version you read)',
  },
  {
    method: 'DELETE',
    path: `${C}/notes/{noteId}`,
    procedure: 'notes.delete',
    params: note,
    tag: 'Notes',
    summary: 'Delete a note (soft; admin)',
  },
  {
    method: 'POST',
    path: `${C}/notes/{noteId}/pin`,
    procedure: 'notes.pin',
    params: note,
    tag: 'Notes',
    summary: 'Pin or unpin a note',
  },
  // Documents (upload and download are the multipart routes, see FILE_OPERATIONS)
  {
    method: 'GET',
    path: `${C}/documents`,
    procedure: 'documents.list',
    params: { id: 'customerId' },
    tag: 'Documents',
    summary: "List a customer's documents",
  },
  {
    method: 'GET',
    path: `${C}/documents/{documentId}`,
    procedure: 'documents.byId',
    params: doc,
    tag: 'Documents',
    summary: 'Get a document',
  },
  {
    method: 'PUT',
    path: `${C}/documents/{documentId}`,
    procedure: 'documents.update',
    params: doc,
    tag: 'Documents',
    summary: "Update a document's metadata",
  },
  {
    method: 'DELETE',
    path: `${C}/documents/{documentId}`,
    procedure: 'documents.delete',
    params: doc,
    tag: 'Documents',
    summary: 'Delete a document (soft; admin)',
  },
  // Tickets
  {
    method: 'GET',
    path: '/api/tickets',
    procedure: 'tickets.list',
    params: {},
    tag: 'Tickets',
    summary: 'List tickets (staff: all; client: their own customer)',
  },
  {
    method: 'POST',
    path: '/api/tickets',
    procedure: 'tickets.create',
    params: {},
    tag: 'Tickets',
    summary: 'Open a ticket with its first public message',
    created: true,
  },
  {
    method: 'GET',
    path: '/api/tickets/statistics',
    procedure: 'tickets.stats',
    params: {},
    tag: 'Tickets',
    summary: 'Ticket statistics (staff)',
  },
  { method: 'GET', path: T, procedure: 'tickets.byId', params: { id: 'id' }, tag: 'Tickets', summary: 'Get a ticket' },
  {
    method: 'PUT',
    path: T,
    procedure: 'tickets.update',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: 'Update a ticket (send the version you read)',
  },
  {
    method: 'DELETE',
    path: T,
    procedure: 'tickets.delete',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: 'Delete a ticket (soft; admin)',
  },
  {
    method: 'GET',
    path: `${T}/messages`,
    procedure: 'tickets.messages',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: "A ticket's thread (a client sees public messages only)",
  },
  {
    method: 'POST',
    path: `${T}/assign`,
    procedure: 'tickets.assign',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: 'Assign or unassign (assigneeId null) a ticket',
  },
  {
    method: 'POST',
    path: `${T}/status`,
    procedure: 'tickets.setStatus',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: "Change a ticket's status",
  },
  {
    method: 'POST',
    path: `${T}/reply`,
    procedure: 'tickets.reply',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: 'Reply publicly (text only; attachments: POST …/messages)',
    created: true,
  },
  {
    method: 'POST',
    path: `${T}/note`,
    procedure: 'tickets.note',
    params: { id: 'id' },
    tag: 'Tickets',
    summary: 'Add an internal note (staff)',
    created: true,
  },
];

/** `/api/customers/{id}/kyc/{documentId}` → `/api/customers/:id{uuid}/kyc/:documentId{uuid}` for Hono. */
export function honoPath(template: string, uuidPattern: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => `:${name}{${uuidPattern}}`);
}
