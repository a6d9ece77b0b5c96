/** A refusal that is expected (wrong password, no right): a value, not an exception. */
export interface Refusal {
  refused: true;
  /** HTTP status for the response (401, 403, 404, 409). */
  status: number;
  message: string;
}

/** A refusal with `status` and `message`. */
export function refusal(status: number, message: string): Refusal {
  return { refused: true, status, message };
}

/** True when `value` is a refusal rather than a result. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}

/** A result, or the expected refusal that takes its place. */
export type RefusalOr<T> = T | Refusal;
