import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  newPasswordSchema,
  newUsernameSchema,
  normaliseUsername,
} from '@accord/shared';

/**
 * The rules the server applies to a new account (POST /api/invitations/:token/accept) are the
 * shared schemas; they are checked here first so that a person learns about them beside the
 * field, in words written for the form, before sending anything.
 */
export { MIN_PASSWORD_LENGTH, normaliseUsername };

/** What is wrong with the new account's fields, by field; empty when they may be sent. */
export function accountProblems(fields: {
  username: string;
  password: string;
  confirm: string;
}): Partial<Record<'username' | 'password' | 'confirm', string>> {
  const problems: Partial<Record<'username' | 'password' | 'confirm', string>> = {};
  if (!newUsernameSchema.safeParse(fields.username).success) {
    problems.username =
      'Use 3 to 40 characters: lower-case letters, digits, dots, dashes or underscores.';
  }
  const password = newPasswordSchema.safeParse(fields.password);
  if (!password.success) {
    problems.password =
      password.error.issues[0]?.code === 'too_big'
        ? `Use at most ${MAX_PASSWORD_LENGTH} characters.`
        : `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (fields.confirm !== fields.password) problems.confirm = 'The two passwords differ.';
  return problems;
}
