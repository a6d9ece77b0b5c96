/**
 * Signed-in sessions for the benchmark's clients. Accord admits only signed-in people to a
 * document, and only pen-holders (Chair, Co-Chair, Secretariat) may change the text; the
 * reference admits anyone. Cookies are per account, shared by that account's connections,
 * as a delegate's tabs share one.
 */
export interface Sessions {
  /** Cookie header for the i-th client that types (undefined: connect without one). */
  writer(i: number): string | undefined;
  /** Cookie header for the i-th client that only listens. */
  reader(i: number): string | undefined;
}

/** The reference server has no sign-in. */
export const NO_SESSIONS: Sessions = { writer: () => undefined, reader: () => undefined };

/** Password the benchmark gives the demo accounts of its fresh Accord data folder. */
export const DEMO_PASSWORD = 'bench-demo-password';

/** Demo accounts (README.md) of the pen-holders, who may type. */
const WRITERS = ['turkiye', 'hungary', 'icmpd'];
/** Every demo account, pen-holder or not: all may read, so listeners are spread over them. */
const READERS = [...WRITERS, 'germany', 'pakistan', 'bulgaria', 'canada', 'iom'];

/** Signs every demo account in once through the API at `httpBase` and hands out the cookies. */
export async function signInDemoAccounts(httpBase: string): Promise<Sessions> {
  const cookies = new Map<string, string>();
  for (const username of READERS) cookies.set(username, await signIn(httpBase, username));
  const pick = (names: readonly string[], i: number) => cookies.get(names[i % names.length] ?? '');
  return { writer: (i) => pick(WRITERS, i), reader: (i) => pick(READERS, i) };
}

async function signIn(httpBase: string, username: string): Promise<string> {
  const res = await fetch(`${httpBase}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) {
    throw new Error(
      `sign-in of demo account ${username} failed: ${res.status} ${await res.text()}`,
    );
  }
  return cookie;
}
