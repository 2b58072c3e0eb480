import {
  documentOutput,
  documentUploadMetadataInput,
  kycDocumentOutput,
  kycUploadMetadataInput,
  type Permission,
  ticketMessageOutput,
  ticketMessageUploadInput,
} from '@cm/domain';
import type { z } from 'zod';
import { SESSION_COOKIE } from '../trpc/session-cookie';
import { REST_OPERATIONS, type RestMethod, type RestTag } from './operations';
import { type JsonSchema, jsonSchemaOf, procedureDef } from './procedures';

/** The multipart upload and streamed download routes (routes/files.ts, routes/ticket-files.ts). */
interface FileOperation {
  method: RestMethod;
  path: string;
  operationId: string;
  tag: RestTag;
  summary: string;
  /** Multipart fields besides the `file` part(s). */
  fields?: z.ZodType;
  files?: { max: number };
  output?: z.ZodType;
  /** The permission the route checks (see routes/files.ts, routes/ticket-files.ts). */
  permission: Permission;
}

const C = '/api/customers/{id}';
export const FILE_OPERATIONS: readonly FileOperation[] = [
  {
    method: 'POST',
    path: `${C}/kyc`,
    operationId: 'kyc.upload',
    permission: 'kyc:upload',
    tag: 'KYC documents',
    summary: 'Upload a KYC document (multipart)',
    fields: kycUploadMetadataInput,
    files: { max: 1 },
    output: kycDocumentOutput,
  },
  {
    method: 'GET',
    path: `${C}/kyc/{documentId}/download`,
    operationId: 'kyc.download',
    permission: 'kyc:download',
    tag: 'KYC documents',
    summary: 'Download a KYC document',
  },
  {
    method: 'POST',
    path: `${C}/documents`,
    operationId: 'documents.upload',
    permission: 'documents:upload',
    tag: 'Documents',
    summary: 'Upload a document (multipart)',
    fields: documentUploadMetadataInput,
    files: { max: 1 },
    output: documentOutput,
  },
  {
    method: 'GET',
    path: `${C}/documents/{documentId}/download`,
    operationId: 'documents.download',
    permission: 'documents:download',
    tag: 'Documents',
    summary: 'Download a document',
  },
  {
    method: 'POST',
    path: '/api/tickets/{id}/messages',
    operationId: 'tickets.postMessage',
    permission: 'tickets:reply',
    tag: 'Tickets',
    summary: 'Post a message with up to 5 attachments (multipart)',
    fields: ticketMessageUploadInput,
    files: { max: 5 },
    output: ticketMessageOutput,
  },
  {
    method: 'GET',
    path: '/api/tickets/{id}/attachments/{attachmentId}/download',
    operationId: 'tickets.downloadAttachment',
    permission: 'tickets:view',
    tag: 'Tickets',
    summary: 'Download a message attachment',
  },
];

const ERRORS = {
  400: ['BadRequest', 'Invalid input; `fieldErrors` names each field and what is wrong with it.'],
  401: ['Unauthorized', 'No valid session cookie or bearer token.'],
  403: ['Forbidden', 'Your role lacks the permission (or a cross-site request was refused).'],
  404: ['NotFound', 'No such record, or not yours to see (a client asking for another customer).'],
  409: ['Conflict', 'The record changed since you read it (stale `version`), or a duplicate.'],
  412: ['PreconditionFailed', 'Not allowed in the record’s current state (e.g. activating without verified KYC).'],
  413: ['PayloadTooLarge', 'The request body or file is too large.'],
  415: [
    'UnsupportedMediaType',
    'Wrong content type (JSON bodies must be application/json; files are checked by content).',
  ],
  429: ['TooManyRequests', 'Rate limited; retry after the `Retry-After` seconds.'],
  500: ['InternalError', 'Something went wrong on the server; the message carries a reference.'],
  503: ['ServiceUnavailable', 'The database is briefly unreachable; retry after `Retry-After` seconds.'],
} as const;
type ErrorStatus = keyof typeof ERRORS;

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['NOT_FOUND'] },
        message: { type: 'string' },
        fieldErrors: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'string' } },
          description: 'Per-field messages (400 only).',
        },
      },
    },
  },
};

const uuidParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
});

function pathParams(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => uuidParam(m[1] as string));
}

function errorResponses(statuses: ErrorStatus[]) {
  return Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s][0]}` }]));
}

/** The error answers an operation can give: all share the one error body. */
function errorStatusesOf(method: RestMethod, path: string, hasInput: boolean): ErrorStatus[] {
  const s: ErrorStatus[] = [];
  if (hasInput || method !== 'GET') s.push(400);
  s.push(401, 403);
  if (path.includes('{')) s.push(404);
  if (method !== 'GET') s.push(409, 412, 413, 415);
  s.push(429, 500, 503);
  return s;
}

/** The input schema minus the keys the path supplies. */
function withoutKeys(schema: JsonSchema, keys: string[]): JsonSchema {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !keys.includes(k)));
  const required = (schema.required ?? []).filter((k) => !keys.includes(k));
  const { default: _, ...rest } = schema;
  return { ...rest, properties, ...(required.length ? { required } : { required: undefined }) };
}

function cleaned<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function procedureOperation(op: (typeof REST_OPERATIONS)[number]) {
  const def = procedureDef(op.procedure);
  const input = def.inputs[0] ? jsonSchemaOf(def.inputs[0], 'input') : null;
  const fromPath = Object.values(op.params);
  const rest = input ? withoutKeys(input, fromPath) : null;
  const parameters: object[] = pathParams(op.path);
  let requestBody: object | undefined;
  if (rest && op.method === 'GET') {
    const required = new Set(rest.required ?? []);
    for (const [name, schema] of Object.entries(rest.properties ?? {})) {
      const list = (schema.anyOf ?? [schema]).some((a) => a.type === 'array');
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        schema,
        ...(list ? { style: 'form', explode: true } : {}),
      });
    }
  } else if (rest && Object.keys(rest.properties ?? {}).length > 0 && op.method !== 'DELETE') {
    requestBody = {
      required: (rest.required ?? []).length > 0,
      content: { 'application/json': { schema: rest } },
    };
  }
  const success = op.created ? '201' : '200';
  const rule = def.meta;
  const permission = rule && 'permission' in rule ? rule.permission : null;
  return {
    operationId: op.procedure,
    tags: [op.tag],
    summary: op.summary,
    description: [
      `Calls the tRPC procedure \`${op.procedure}\`.`,
      permission
        ? `Permission: \`${permission}\`${rule && 'roles' in rule && rule.roles ? ` (roles: ${rule.roles.join(', ')})` : ''}.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
    'x-permission': permission,
    ...(rule && 'roles' in rule && rule.roles ? { 'x-roles': rule.roles } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: {
      [success]: {
        description: op.created ? 'Created' : 'OK',
        content: { 'application/json': { schema: def.output ? jsonSchemaOf(def.output, 'output') : {} } },
      },
      ...errorResponses(
        errorStatusesOf(op.method, op.path, Boolean(rest && Object.keys(rest.properties ?? {}).length)),
      ),
    },
  };
}

function fileOperation(op: FileOperation) {
  const parameters: object[] = pathParams(op.path);
  if (op.method === 'GET') {
    parameters.push({
      name: 'disposition',
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['attachment', 'inline'], default: 'attachment' },
      description: '`inline` previews (recorded as a view); `attachment` downloads.',
    });
    return {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: `Permission: \`${op.permission}\`.`,
      'x-permission': op.permission,
      parameters,
      responses: {
        '200': {
          description: 'The file, streamed, with its stored content type and a Content-Disposition.',
          content: {
            'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
        ...errorResponses([400, 401, 403, 404, 429, 500, 503]),
      },
    };
  }
  const fields = op.fields ? jsonSchemaOf(op.fields, 'input') : { type: 'object', properties: {} };
  const file = {
    type: 'string',
    contentMediaType: 'application/octet-stream',
    description: 'The file; its content must match its extension.',
  };
  const schema = {
    ...fields,
    properties: {
      ...fields.properties,
      file: op.files && op.files.max > 1 ? { type: 'array', items: file, maxItems: op.files.max } : file,
    },
    required: [...(fields.required ?? []), ...(op.files?.max === 1 ? ['file'] : [])],
  };
  parameters.push({
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: { type: 'string', pattern: '^[\\w.:-]{1,200}$' },
    description: 'A retry with the same key and the same request gets the first answer; nothing is stored twice.',
  });
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `Permission: \`${op.permission}\`.`,
    'x-permission': op.permission,
    parameters,
    requestBody: { required: true, content: { 'multipart/form-data': { schema } } },
    responses: {
      '201': {
        description: 'Created',
        content: { 'application/json': { schema: op.output ? jsonSchemaOf(op.output, 'output') : {} } },
      },
      ...errorResponses([400, 401, 403, 404, 409, 412, 413, 415, 429, 500, 503]),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the REST surface, built from the same operation table the routes
 * are registered from and the procedures' own zod schemas: it cannot drift from what is served.
 */
export function buildOpenApiDocument(version = '1.0.0') {
  const paths: Record<string, Record<string, object>> = {};
  const add = (method: RestMethod, path: string, operation: object) => {
    paths[path] ??= {};
    (paths[path] as Record<string, object>)[method.toLowerCase()] = operation;
  };
  for (const op of REST_OPERATIONS) add(op.method, op.path, procedureOperation(op));
  for (const op of FILE_OPERATIONS) add(op.method, op.path, fileOperation(op));
  return cleaned({
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Customer Manager API',
      version,
      description:
        'The REST form of the tRPC procedures at `/trpc` (same permissions, scope, audit and errors). ' +
        'Authenticate with the session cookie (sign in through `/trpc/auth.login`) or an API token ' +
        '(`Authorization: Bearer …`). Errors: the HTTP status of the error code and ' +
        '`{ "error": { "code", "message", "fieldErrors"? } }`. Lists return `{ items, nextCursor }`; ' +
        'pass `cursor` to get the next page.',
    },
    tags: [
      { name: 'Customers', description: 'Customers and their lifecycle.' },
      { name: 'KYC documents', description: 'Identity and address documents, review and status.' },
      { name: 'Notes', description: 'Internal notes about a customer.' },
      { name: 'Documents', description: 'Other customer documents.' },
      { name: 'Tickets', description: 'Requests, incidents and compliance work about a customer.' },
    ],
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: `Set by \`/trpc/auth.login\`; over https it is named \`__Host-${SESSION_COOKIE}\`.`,
        },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token created by an admin.' },
      },
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  });
}
