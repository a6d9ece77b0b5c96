/** An expected refusal the API reports as JSON `{ "error": message }` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a required string field of a JSON body, or refuses with 400 naming the field. */
export function stringField(body: unknown, name: string, { min = 1, max = 200 } = {}): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') throw new ApiError(400, `"${name}" must be a string`);
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max) {
    throw new ApiError(400, `"${name}" must be ${min} to ${max} characters long`);
  }
  return trimmed;
}
