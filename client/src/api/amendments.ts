import {
  amendmentDetailSchema,
  amendmentListSchema,
  amendmentResponseSchema,
  compromiseListSchema,
  compromiseResponseSchema,
  submitAmendmentsResponseSchema,
  type Amendment,
  type AmendmentPosition,
  type Compromise,
} from '@accord/shared';
import { requestJson } from './http.js';

const docPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`;
const amendmentPath = (id: string) => `/api/amendments/${encodeURIComponent(id)}`;

/** `GET /api/documents/:documentId/amendments`: every submitted amendment, in document order. */
export function fetchAmendments(documentId: string, signal?: AbortSignal): Promise<Amendment[]> {
  return requestJson(`${docPath(documentId)}/amendments`, amendmentListSchema, 'amendment list', {
    signal,
  });
}

/** `GET /api/documents/:documentId/compromises`. */
export function fetchCompromises(documentId: string, signal?: AbortSignal): Promise<Compromise[]> {
  return requestJson(`${docPath(documentId)}/compromises`, compromiseListSchema, 'compromises', {
    signal,
  });
}

/** `GET /api/amendments/:id`: the amendment and its revisions. */
export function fetchAmendment(id: string, signal?: AbortSignal) {
  return requestJson(amendmentPath(id), amendmentDetailSchema, 'amendment', { signal });
}

/** What a submission sends besides the blocks. */
export interface SubmitOptions {
  justification: string;
  /** "en", "fr", … (Or. en). */
  language: string;
}

/**
 * `POST /api/documents/:documentId/amendments`: submits the working copy's changes to
 * `blockIds` (or all of them); resolves with the amendments created or revised.
 */
export async function submitAmendments(
  documentId: string,
  blocks: readonly string[] | 'all',
  options: SubmitOptions,
): Promise<Amendment[]> {
  const body = {
    ...(blocks === 'all' ? { all: true } : { blockIds: blocks }),
    justification: options.justification,
    language: options.language,
  };
  const answer = await requestJson(
    `${docPath(documentId)}/amendments`,
    submitAmendmentsResponseSchema,
    'submission',
    { method: 'POST', body },
  );
  return answer.amendments;
}

/** `POST /api/amendments/:id/withdraw` (the proposing delegation only). */
export function withdrawAmendment(id: string): Promise<Amendment> {
  return requestJson(`${amendmentPath(id)}/withdraw`, amendmentResponseSchema, 'amendment', {
    method: 'POST',
  });
}

/** `POST /api/amendments/:id/position`: co-sponsor, support, object (with a reason) or none. */
export function setPosition(
  id: string,
  position: AmendmentPosition,
  reason: string | null = null,
): Promise<Amendment> {
  return requestJson(`${amendmentPath(id)}/position`, amendmentResponseSchema, 'amendment', {
    method: 'POST',
    body: { position, reason },
  });
}

/** `POST /api/amendments/:id/decision` (pen-holders). */
export function decideAmendment(
  id: string,
  decision: 'accept' | 'accept-with-changes' | 'reject',
  options: { reason?: string | null; text?: string | null } = {},
): Promise<Amendment> {
  return requestJson(`${amendmentPath(id)}/decision`, amendmentResponseSchema, 'amendment', {
    method: 'POST',
    body: { decision, reason: options.reason ?? null, text: options.text ?? null },
  });
}

/** `POST /api/documents/:documentId/compromises` (pen-holders): merge into one text. */
export function createCompromise(
  documentId: string,
  amendmentIds: readonly string[],
  text: string,
  reason: string | null,
) {
  return requestJson(`${docPath(documentId)}/compromises`, compromiseResponseSchema, 'compromise', {
    method: 'POST',
    body: { amendmentIds, text, reason },
  });
}

/** The URL of the document's amendment feed (server-sent events), resuming after `after`. */
export function amendmentFeedUrl(documentId: string, after: number): string {
  return `${docPath(documentId)}/amendments/events?after=${after}`;
}
