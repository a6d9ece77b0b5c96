import {
  personListSchema,
  personViewSchema,
  type PersonView,
  type SetDisabledRequest,
} from '@accord/shared';
import { requestJson } from './http.js';

/** A person as the Secretariat sees them. */
export type PersonEntry = PersonView;

/** `GET /api/admin/people` (Secretariat). */
export async function fetchPeople(signal?: AbortSignal): Promise<PersonEntry[]> {
  return requestJson('/api/admin/people', personListSchema, 'list of people', { signal });
}

/** `PATCH /api/admin/people/:id`: disables (signing them out) or enables an account. */
export async function setDisabled(personId: string, disabled: boolean): Promise<PersonEntry> {
  const body: SetDisabledRequest = { disabled };
  return requestJson(
    `/api/admin/people/${encodeURIComponent(personId)}`,
    personViewSchema,
    'person',
    {
      method: 'PATCH',
      body,
    },
  );
}
