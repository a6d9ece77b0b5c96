import { z } from 'zod';
import { textField } from './fields.js';

/** User names: what people can type and read aloud on a call (stored in lower case). */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;

/** The shortest password a person may choose for a new account. */
export const MIN_PASSWORD_LENGTH = 10;

/** The longest password accepted anywhere (scrypt reads all of it). */
export const MAX_PASSWORD_LENGTH = 1000;

/** What a refused user name is told in the API's 400. */
export const USERNAME_RULE =
  'the user name must be 3 to 40 letters, digits, dots, dashes or underscores';

/** A user name as it is stored and compared: trimmed, lower case. */
export function normaliseUsername(value: string): string {
  return value.trim().toLowerCase();
}

/** A new account's user name: normalised, then USERNAME_PATTERN. */
export const newUsernameSchema = z
  .string({ error: '"username" must be a string' })
  .overwrite(normaliseUsername)
  .min(1, { error: '"username" must be 1 to 40 characters long' })
  .max(40, { error: '"username" must be 1 to 40 characters long' })
  .regex(USERNAME_PATTERN, { error: USERNAME_RULE });

/** A new account's password: MIN_PASSWORD_LENGTH or more characters (trimmed, as at sign-in). */
export const newPasswordSchema = textField('password', {
  min: MIN_PASSWORD_LENGTH,
  max: MAX_PASSWORD_LENGTH,
});
