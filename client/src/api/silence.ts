import {
  documentLabelsSchema,
  silenceListSchema,
  silenceResponseSchema,
  type DeadlineInput,
  type DocumentLabels,
  type SilenceList,
  type SilenceProcedure,
} from '@accord/shared';
import { requestJson } from './http.js';

const procedurePath = (id: string) => `/api/silence/${encodeURIComponent(id)}`;

/** `GET /api/silence`: every silence procedure, oldest first, and the server's clock. */
export function fetchSilence(signal?: AbortSignal): Promise<SilenceList> {
  return requestJson('/api/silence', silenceListSchema, 'list of silence procedures', { signal });
}

/** `POST /api/silence` (Chair, Co-Chair): circulates the texts under silence until `expiry`. */
export function startSilence(body: {
  roundId: string;
  documentIds?: string[];
  expiry: DeadlineInput;
}): Promise<SilenceProcedure> {
  return requestJson('/api/silence', silenceResponseSchema, 'silence procedure', {
    method: 'POST',
    body,
  });
}

/** `POST /api/silence/:id/breaks`: the caller's delegation breaks silence on paragraphs. */
export function breakSilence(
  id: string,
  body: { documentId: string; blockIds: string[]; reason: string },
): Promise<SilenceProcedure> {
  return requestJson(`${procedurePath(id)}/breaks`, silenceResponseSchema, 'silence procedure', {
    method: 'POST',
    body,
  });
}

/** `POST /api/silence/:id/withdraw` (Chair, Co-Chair): withdraws the procedure before expiry. */
export function withdrawSilence(id: string): Promise<SilenceProcedure> {
  return requestJson(`${procedurePath(id)}/withdraw`, silenceResponseSchema, 'silence procedure', {
    method: 'POST',
    body: {},
  });
}

/** `GET /api/documents/:id/labels`: the labels delegates cite now, to choose paragraphs by. */
export function fetchLabels(documentId: string, signal?: AbortSignal): Promise<DocumentLabels> {
  return requestJson(
    `/api/documents/${encodeURIComponent(documentId)}/labels`,
    documentLabelsSchema,
    'labels',
    { signal },
  );
}
