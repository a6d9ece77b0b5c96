import { auditListSchema, auditQuerySchema } from './auditApi.js';
import {
  createDelegationRequestSchema,
  delegationListSchema,
  delegationSchema,
  setRolesRequestSchema,
} from './delegationApi.js';
import { documentListSchema, documentSummarySchema } from './documentApi.js';
import { healthSchema, readySchema } from './healthApi.js';
import { importRequestSchema, importResponseSchema } from './importApi.js';
import {
  acceptInvitationRequestSchema,
  createInvitationRequestSchema,
  invitationCreatedSchema,
  invitationListSchema,
  invitationOfferSchema,
} from './invitationApi.js';
import { personListSchema, personViewSchema, setDisabledRequestSchema } from './peopleApi.js';
import type { ApiSchema } from './readBody.js';
import {
  amendmentDetailSchema,
  amendmentFeedQuerySchema,
  amendmentListSchema,
  amendmentResponseSchema,
  compromiseListSchema,
  compromiseRequestSchema,
  compromiseResponseSchema,
  decisionRequestSchema,
  positionRequestSchema,
  submitAmendmentsRequestSchema,
  submitAmendmentsResponseSchema,
  undoRequestSchema,
  withdrawRequestSchema,
} from './amendmentApi.js';
import {
  createThreadRequestSchema,
  editCommentRequestSchema,
  reanchorRequestSchema,
  replyRequestSchema,
  resolveRequestSchema,
  threadListSchema,
  threadResponseSchema,
} from './threadApi.js';
import { sessionViewSchema, signInRequestSchema } from './sessionApi.js';
import {
  createRoundRequestSchema,
  extensionRequestSchema,
  extensionResponseSchema,
  phaseRequestSchema,
  roundListSchema,
  roundResponseSchema,
  trackerSchema,
  updateRoundRequestSchema,
} from './roundApi.js';
import {
  compareQuerySchema,
  comparisonSchema,
  versionListSchema,
  versionResponseSchema,
} from './versionApi.js';
import {
  breakSilenceRequestSchema,
  silenceListSchema,
  silenceResponseSchema,
  startSilenceRequestSchema,
  withdrawSilenceRequestSchema,
} from './silenceApi.js';
import { documentLabelsSchema } from './labelApi.js';
import { compilationQuerySchema, revisionExportQuerySchema } from './exportApi.js';
import { documentStatusSchema, setStatusRequestSchema } from './statusApi.js';

/** One route of the JSON API and the schemas of what goes in and comes out. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express-style path under the server's origin, e.g. `/api/admin/people/:id`. */
  path: string;
  /** The JSON body the route reads, if any. */
  request?: ApiSchema;
  /** The query string the route reads, if any. */
  query?: ApiSchema;
  /** The JSON body of a success; null when it answers 204 without one. */
  response: ApiSchema | null;
  /** The status of a success. */
  status: 200 | 201 | 204;
  /** A stream of server-sent events rather than one JSON body (its events have schemas). */
  stream?: true;
  /** A file to download (e.g. "text/csv") rather than a JSON body. */
  download?: string;
}

/**
 * Every route of the API (README, "Interfaces"), in one table: the server reads the bodies with
 * these schemas and is typed by their answers; the client reads the answers with them. Every
 * refusal is `apiErrorSchema`.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/api/health', response: healthSchema, status: 200 },
  { method: 'GET', path: '/api/ready', response: readySchema, status: 200 },
  {
    method: 'POST',
    path: '/api/session',
    request: signInRequestSchema,
    response: sessionViewSchema,
    status: 200,
  },
  { method: 'GET', path: '/api/session', response: sessionViewSchema, status: 200 },
  { method: 'DELETE', path: '/api/session', response: null, status: 204 },
  { method: 'GET', path: '/api/invitations/:token', response: invitationOfferSchema, status: 200 },
  {
    method: 'POST',
    path: '/api/invitations/:token/accept',
    request: acceptInvitationRequestSchema,
    response: sessionViewSchema,
    status: 201,
  },
  { method: 'GET', path: '/api/documents', response: documentListSchema, status: 200 },
  { method: 'GET', path: '/api/documents/:id', response: documentSummarySchema, status: 200 },
  { method: 'GET', path: '/api/delegations', response: delegationListSchema, status: 200 },
  {
    method: 'GET',
    path: '/api/documents/:documentId/amendments',
    response: amendmentListSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/documents/:documentId/amendments',
    request: submitAmendmentsRequestSchema,
    response: submitAmendmentsResponseSchema,
    status: 201,
  },
  {
    // Server-sent events (text/event-stream), each `amendmentEventSchema` JSON; not JSON itself.
    method: 'GET',
    path: '/api/documents/:documentId/amendments/events',
    query: amendmentFeedQuerySchema,
    response: null,
    status: 200,
    stream: true,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/labels',
    response: documentLabelsSchema,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/compromises',
    response: compromiseListSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/documents/:documentId/compromises',
    request: compromiseRequestSchema,
    response: compromiseResponseSchema,
    status: 201,
  },
  { method: 'GET', path: '/api/amendments/:id', response: amendmentDetailSchema, status: 200 },
  {
    method: 'GET',
    path: '/api/documents/:documentId/threads',
    response: threadListSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/documents/:documentId/threads',
    request: createThreadRequestSchema,
    response: threadResponseSchema,
    status: 201,
  },
  {
    method: 'POST',
    path: '/api/threads/:id/comments',
    request: replyRequestSchema,
    response: threadResponseSchema,
    status: 201,
  },
  {
    method: 'PATCH',
    path: '/api/comments/:id',
    request: editCommentRequestSchema,
    response: threadResponseSchema,
    status: 200,
  },
  { method: 'DELETE', path: '/api/comments/:id', response: threadResponseSchema, status: 200 },
  {
    method: 'POST',
    path: '/api/threads/:id/resolve',
    request: resolveRequestSchema,
    response: threadResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/threads/:id/reopen',
    request: resolveRequestSchema,
    response: threadResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/threads/:id/anchor',
    request: reanchorRequestSchema,
    response: threadResponseSchema,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/versions',
    response: versionListSchema,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/versions/:versionId',
    response: versionResponseSchema,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/compare',
    query: compareQuerySchema,
    response: comparisonSchema,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/revision.docx',
    query: revisionExportQuerySchema,
    response: null,
    status: 200,
    download: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/revision-clean.docx',
    query: revisionExportQuerySchema,
    response: null,
    status: 200,
    download: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/revision.html',
    query: revisionExportQuerySchema,
    response: null,
    status: 200,
    download: 'text/html',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/revision.pdf',
    query: revisionExportQuerySchema,
    response: null,
    status: 200,
    download: 'application/pdf',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/compilation.docx',
    query: compilationQuerySchema,
    response: null,
    status: 200,
    download: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/compilation.html',
    query: compilationQuerySchema,
    response: null,
    status: 200,
    download: 'text/html',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/amendments.csv',
    response: null,
    status: 200,
    download: 'text/csv',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/exports/amendments.json',
    response: null,
    status: 200,
    download: 'application/json',
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/versions/:versionId/akn.xml',
    response: null,
    status: 200,
    download: 'application/akn+xml',
  },
  {
    method: 'POST',
    path: '/api/amendments/:id/withdraw',
    request: withdrawRequestSchema,
    response: amendmentResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/amendments/:id/position',
    request: positionRequestSchema,
    response: amendmentResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/amendments/:id/decision',
    request: decisionRequestSchema,
    response: amendmentResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/amendments/:id/undo',
    request: undoRequestSchema,
    response: amendmentResponseSchema,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/admin/audit',
    query: auditQuerySchema,
    response: auditListSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/admin/import',
    request: importRequestSchema,
    response: importResponseSchema,
    status: 201,
  },
  {
    method: 'POST',
    path: '/api/admin/delegations',
    request: createDelegationRequestSchema,
    response: delegationSchema,
    status: 201,
  },
  {
    method: 'PUT',
    path: '/api/admin/delegations/:id/roles',
    request: setRolesRequestSchema,
    response: delegationSchema,
    status: 200,
  },
  { method: 'GET', path: '/api/admin/people', response: personListSchema, status: 200 },
  {
    method: 'PATCH',
    path: '/api/admin/people/:id',
    request: setDisabledRequestSchema,
    response: personViewSchema,
    status: 200,
  },
  { method: 'GET', path: '/api/admin/invitations', response: invitationListSchema, status: 200 },
  {
    method: 'POST',
    path: '/api/admin/invitations',
    request: createInvitationRequestSchema,
    response: invitationCreatedSchema,
    status: 201,
  },
  {
    method: 'GET',
    path: '/api/documents/:documentId/status',
    response: documentStatusSchema,
    status: 200,
  },
  {
    method: 'PUT',
    path: '/api/documents/:documentId/status/:blockId',
    request: setStatusRequestSchema,
    response: documentStatusSchema,
    status: 200,
  },
  { method: 'GET', path: '/api/silence', response: silenceListSchema, status: 200 },
  {
    method: 'POST',
    path: '/api/silence',
    request: startSilenceRequestSchema,
    response: silenceResponseSchema,
    status: 201,
  },
  { method: 'GET', path: '/api/silence/:id', response: silenceResponseSchema, status: 200 },
  {
    method: 'POST',
    path: '/api/silence/:id/breaks',
    request: breakSilenceRequestSchema,
    response: silenceResponseSchema,
    status: 201,
  },
  {
    method: 'POST',
    path: '/api/silence/:id/withdraw',
    request: withdrawSilenceRequestSchema,
    response: silenceResponseSchema,
    status: 200,
  },
  { method: 'GET', path: '/api/rounds', response: roundListSchema, status: 200 },
  {
    method: 'POST',
    path: '/api/rounds',
    request: createRoundRequestSchema,
    response: roundResponseSchema,
    status: 201,
  },
  {
    method: 'PATCH',
    path: '/api/rounds/:id',
    request: updateRoundRequestSchema,
    response: roundResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/rounds/:id/phase',
    request: phaseRequestSchema,
    response: roundResponseSchema,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/rounds/:id/extensions',
    request: extensionRequestSchema,
    response: extensionResponseSchema,
    status: 201,
  },
  { method: 'GET', path: '/api/rounds/:id/tracker', response: trackerSchema, status: 200 },
  {
    method: 'GET',
    path: '/api/rounds/:id/tracker.csv',
    response: null,
    status: 200,
    download: 'text/csv',
  },
  {
    method: 'GET',
    path: '/api/negotiation/events',
    response: null,
    status: 200,
    stream: true,
  },
];
