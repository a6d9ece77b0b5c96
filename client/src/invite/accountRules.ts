/**
 * The rules the server applies to a new account (POST /api/invitations/:token/accept), checked
 * here first so that a person learns about them beside the field, before sending anything.
 */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;
export const MIN_PASSWORD_LENGTH = 10;

/** A user name as it will be stored: trimmed, lower case. */
export function normaliseUsername(value: string): string {
  return value.trim().toLowerCase();
}

/** What is wrong with the new account's fields, by field; empty when they may be sent. */
export function accountProblems(fields: {
  username: string;
  password: string;
  confirm: string;
}): Partial<Record<'username' | 'password' | 'confirm', string>> {
  const problems: Partial<Record<'username' | 'password' | 'confirm', string>> = {};
  if (!USERNAME_PATTERN.test(normaliseUsername(fields.username))) {
    problems.username =
      'Use 3 to 40 characters: lower-case letters, digits, dots, dashes or underscores.';
  }
  if (fields.password.length < MIN_PASSWORD_LENGTH) {
    problems.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (fields.confirm !== fields.password) problems.confirm = 'The two passwords differ.';
  return problems;
}
