import { z } from 'zod';
import { booleanField } from './fields.js';

/** A person as the Secretariat sees them (never the password hash). */
export const personViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  delegationId: z.string(),
  disabled: z.boolean(),
});

/** `GET /api/admin/people` (Secretariat). */
export const personListSchema = z.array(personViewSchema);

/** `PATCH /api/admin/people/:id` (Secretariat): disables or enables an account. */
export const setDisabledRequestSchema = z.object({ disabled: booleanField('disabled') });

/** A person as the Secretariat sees them. */
export type PersonView = z.infer<typeof personViewSchema>;
/** The body of `PATCH /api/admin/people/:id`. */
export type SetDisabledRequest = z.input<typeof setDisabledRequestSchema>;
