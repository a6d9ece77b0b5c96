import { requestJson } from './http.js';
import { isRecord, isString, readList, readOne } from './shape.js';

/** A person as the Secretariat sees them. */
export interface PersonEntry {
  id: string;
  username: string;
  displayName: string;
  delegationId: string;
  disabled: boolean;
}

function readPerson(item: unknown): PersonEntry | null {
  if (!isRecord(item)) return null;
  const { id, username, displayName, delegationId, disabled } = item;
  if (!isString(id) || !isString(username) || !isString(displayName)) return null;
  if (!isString(delegationId) || typeof disabled !== 'boolean') return null;
  return { id, username, displayName, delegationId, disabled };
}

/** `GET /api/admin/people` (Secretariat). */
export async function fetchPeople(signal?: AbortSignal): Promise<PersonEntry[]> {
  return readList(await requestJson('/api/admin/people', { signal }), readPerson, 'list of people');
}

/** `PATCH /api/admin/people/:id`: disables (signing them out) or enables an account. */
export async function setDisabled(personId: string, disabled: boolean): Promise<PersonEntry> {
  const body = await requestJson(`/api/admin/people/${encodeURIComponent(personId)}`, {
    method: 'PATCH',
    body: { disabled },
  });
  return readOne(body, readPerson, 'person');
}
