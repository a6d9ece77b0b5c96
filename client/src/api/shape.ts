import { ApiError } from './http.js';

/**
 * Reading the server's JSON: answers are checked before they are rendered, so a server of
 * another version (or a proxy's page) produces a clear message rather than a broken screen.
 */

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A string, or null for null and anything that is not a string. */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The error for an answer that does not have the expected shape. */
export function unexpected(what: string): ApiError {
  return new ApiError(200, `the server sent an unexpected ${what}`);
}

/** Reads a list, keeping the well-formed entries (`read` returns null for the others). */
export function readList<T>(body: unknown, read: (item: unknown) => T | null, what: string): T[] {
  if (!Array.isArray(body)) throw unexpected(what);
  return body.map(read).filter((item): item is T => item !== null);
}

/** Reads one object, failing when it is malformed. */
export function readOne<T>(body: unknown, read: (item: unknown) => T | null, what: string): T {
  const item = read(body);
  if (item === null) throw unexpected(what);
  return item;
}
