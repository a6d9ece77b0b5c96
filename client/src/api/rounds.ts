import {
  extensionResponseSchema,
  roundListSchema,
  roundResponseSchema,
  trackerSchema,
  type DeadlineInput,
  type Extension,
  type RoundList,
  type RoundPhase,
  type RoundSubmitters,
  type RoundView,
  type Tracker,
} from '@accord/shared';
import { requestJson } from './http.js';

const roundPath = (id: string) => `/api/rounds/${encodeURIComponent(id)}`;

/** The URL of the negotiation-wide feed (server-sent events: `rounds`, and later `silence`). */
export const NEGOTIATION_EVENTS_URL = '/api/negotiation/events';

/**
 * `GET /api/rounds`: the rounds in order, the round under way, whether the text is final, the
 * caller's submission window and the server's clock (`now`).
 */
export function fetchRounds(signal?: AbortSignal): Promise<RoundList> {
  return requestJson('/api/rounds', roundListSchema, 'list of rounds', { signal });
}

/** What a new round says (see `createRoundRequestSchema`). */
export interface NewRound {
  name: string;
  position?: number;
  submitters: RoundSubmitters;
  observersMaySubmit: boolean;
  deadline: DeadlineInput | null;
}

/** `POST /api/rounds` (pen-holders): adds a round, not started. */
export function createRound(round: NewRound): Promise<RoundView> {
  return requestJson('/api/rounds', roundResponseSchema, 'round', { method: 'POST', body: round });
}

/** What `PATCH /api/rounds/:id` may change; send only what changes. */
export interface RoundChange {
  name?: string;
  deadline?: DeadlineInput | null;
  submitters?: RoundSubmitters;
  observersMaySubmit?: boolean;
  position?: number;
}

/** `PATCH /api/rounds/:id` (pen-holders): rename, move, set the deadline or who may submit. */
export function updateRound(id: string, change: RoundChange): Promise<RoundView> {
  return requestJson(roundPath(id), roundResponseSchema, 'round', {
    method: 'PATCH',
    body: change,
  });
}

/** `POST /api/rounds/:id/phase` (pen-holders): moves the round to its next phase. */
export function changePhase(id: string, phase: RoundPhase): Promise<RoundView> {
  return requestJson(`${roundPath(id)}/phase`, roundResponseSchema, 'round', {
    method: 'POST',
    body: { phase },
  });
}

/** `POST /api/rounds/:id/extensions` (pen-holders): extends the deadline for one delegation or all. */
export function grantExtension(
  id: string,
  delegationId: string | 'all',
  until: DeadlineInput,
): Promise<Extension> {
  return requestJson(`${roundPath(id)}/extensions`, extensionResponseSchema, 'extension', {
    method: 'POST',
    body: { delegationId, until },
  });
}

/** `GET /api/rounds/:id/tracker` (pen-holders): who responded in the round. */
export function fetchTracker(id: string, signal?: AbortSignal): Promise<Tracker> {
  return requestJson(`${roundPath(id)}/tracker`, trackerSchema, 'feedback tracker', { signal });
}

/** The URL of the tracker as CSV, for a download link. */
export function trackerCsvUrl(id: string): string {
  return `${roundPath(id)}/tracker.csv`;
}
