import { isRefusal, type Refusal } from '../auth/Refusal.js';

/** An expected refusal the API reports as JSON `{ "error": message }` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Throws a refusal of the shared rules (or of the authenticator) as the API's answer. */
export function refuseWith(refusal: { status: number; message: string }): never {
  throw new ApiError(refusal.status, refusal.message);
}

/** The result of a service call, or its refusal thrown as the API's answer. */
export function resultOf<T>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) refuseWith(outcome);
  return outcome;
}
