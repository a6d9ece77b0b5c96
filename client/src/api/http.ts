import { apiErrorSchema, type ApiSchema, type Parsed } from '@accord/shared';

/**
 * The one way the client calls the JSON API. Every refusal of the server is `{ "error": "…" }`;
 * it becomes an `ApiError` carrying the status and the server's own words, which pages show.
 * Answers are read with their schemas from shared/src/api, the ones the server is typed by: a
 * server of another version (or a proxy's page) gives a clear message, not a broken screen.
 */

/** A failed API call: `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message of any error, for showing to a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Turns a server message ("wrong user name or password") into a sentence for a notice. */
export function asSentence(message: string): string {
  const text = message.trim();
  if (text === '') return '';
  const capitalised = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

const sessionEndedListeners = new Set<() => void>();

/**
 * Called whenever a signed-in call is answered 401: the session has ended (expired, signed out
 * elsewhere, account disabled). The session store listens; this module knows nothing about it.
 */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /**
   * True (the default) when the call needs a session, so that a 401 means it has ended. False
   * for sign-in and the public invitation routes, where 401 is an ordinary answer.
   */
  signedIn?: boolean;
}

async function readError(response: Response): Promise<string> {
  try {
    const body = apiErrorSchema.safeParse(await response.json());
    if (body.success && body.data.error.trim() !== '') return body.data.error;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status line.
  }
  return `the server answered ${response.status} ${response.statusText}`.trim();
}

/**
 * Calls `path` with an optional JSON body and returns the answer read with `schema` (`what` names
 * it in the message when it does not fit). Rejects with an ApiError whose message is the
 * server's `error`, or says that the server could not be reached.
 */
export async function requestJson<S extends ApiSchema>(
  path: string,
  schema: S,
  what: string,
  options: RequestOptions = {},
): Promise<Parsed<S>> {
  const response = await send(path, options);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, 'the server sent an answer that is not JSON');
  }
  const read = schema.safeParse(body);
  if (!read.success) throw new ApiError(response.status, `the server sent an unexpected ${what}`);
  return read.data;
}

/** Calls `path` for its effect only (the answer has no body, e.g. 204). */
export async function requestNothing(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const { method = 'GET', body, signal, signedIn = true } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'the server could not be reached; check the connection and try again');
  }
  if (!response.ok) {
    const message = await readError(response);
    if (response.status === 401 && signedIn)
      for (const listener of sessionEndedListeners) listener();
    throw new ApiError(response.status, message);
  }
  return response;
}
