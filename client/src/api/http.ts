/**
 * The one way the client calls the JSON API. Every refusal of the server is `{ "error": "…" }`;
 * it becomes an `ApiError` carrying the status and the server's own words, which pages show.
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
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error.trim() !== '') return body.error;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status line.
  }
  return `the server answered ${response.status} ${response.statusText}`.trim();
}

/**
 * Calls `path` with an optional JSON body and returns the parsed JSON answer (undefined for
 * 204). Rejects with an ApiError whose message is the server's `error`, or says that the server
 * could not be reached.
 */
export async function requestJson(path: string, options: RequestOptions = {}): Promise<unknown> {
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
  if (response.status === 204) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ApiError(response.status, 'the server sent an answer that is not JSON');
  }
}
