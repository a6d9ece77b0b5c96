import { z } from 'zod';

/**
 * Field schemas whose refusals keep the API's wording (SPEC AC12): every message names the
 * field in quotes, e.g. `"name" must be 1 to 120 characters long`, so a person or a tool reading
 * a 400 knows what to fix.
 */

/** A required string, trimmed, of `min` to `max` characters after trimming. */
export function textField(name: string, { min = 1, max = 200 } = {}) {
  const length = `"${name}" must be ${min} to ${max} characters long`;
  return z
    .string({ error: `"${name}" must be a string` })
    .trim()
    .min(min, { error: length })
    .max(max, { error: length });
}

/** A required true or false. */
export function booleanField(name: string) {
  return z.boolean({ error: `"${name}" must be true or false` });
}

/** One of a fixed list of words; the refusal lists them. */
export function choiceField<const T extends readonly string[]>(name: string, values: T) {
  const message =
    values.length < 2
      ? `"${name}" must be ${values.join('')}`
      : `"${name}" must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return z.enum(values, { error: message });
}

/** A list of words from a fixed list, without repeats (a repeated word counts once). */
export function choiceListField<const T extends readonly string[]>(name: string, values: T) {
  const message = `"${name}" must be a list of: ${values.join(', ')}`;
  return z
    .array(z.enum(values, { error: message }), { error: message })
    .transform((list) => [...new Set(list)]);
}

/** A whole number in a range, also from a query string ("?limit=50"). */
export function integerField(name: string, min: number, max: number) {
  const message = `"${name}" must be ${min} to ${max}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

/** True when the two types are the same, for compile-time checks that a schema matches a type. */
export type SameType<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
