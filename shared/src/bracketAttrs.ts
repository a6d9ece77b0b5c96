/** The shape of a delegation id as a bracket's author (`by`): the delegations' URL-safe slug. */
const BRACKET_BY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * True when `value` can name the delegation that asked for a bracket (NS7). Only the shape is
 * checked in the schema: the schema knows no delegations, and a bracket outlives a renamed one.
 */
export function isBracketBy(value: unknown): value is string {
  return typeof value === 'string' && BRACKET_BY_PATTERN.test(value);
}

/** The most options one passage may offer ("Alt 1" … "Alt 9"). */
export const ALTERNATIVE_OPTIONS_MAX = 9;

/** True when `value` can number an option of an alternative (NS10): 1 to 9. */
export function isAlternativeOption(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= ALTERNATIVE_OPTIONS_MAX
  );
}
