import { pino } from 'pino';

/** Where the server reports what it does; tests pass a silent one. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A Logger over pino writing one JSON object per line to `destination` (OP1): log collectors
 * read the fields (requestId, connectionId, documentId…) without parsing prose. Writes are
 * synchronous: `main` exits right after a shutdown, and the last lines must not be lost.
 */
export function pinoLogger(
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  const log = pino(
    { base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  return {
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}

const write =
  (level: string, out: (line: string) => void) =>
  (message: string, fields?: Record<string, unknown>) =>
    out(
      `${new Date().toISOString()} ${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`,
    );

/** One human-readable line per event, for a person watching a terminal. */
const humanLogger: Logger = {
  info: write('info ', (l) => console.log(l)),
  warn: write('warn ', (l) => console.warn(l)),
  error: write('error', (l) => console.error(l)),
};

/**
 * The server's own logger: JSON lines on stdout (OP1), or readable lines when stdout is a
 * terminal (someone ran `npm start` and reads it; ACCORD_LOG_FORMAT=json forces JSON).
 */
export const consoleLogger: Logger =
  process.stdout.isTTY && process.env.ACCORD_LOG_FORMAT !== 'json' ? humanLogger : pinoLogger();

/** Logs nothing. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
