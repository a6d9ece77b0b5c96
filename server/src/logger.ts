/** Where the server reports what it does; tests pass a silent one. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const write =
  (level: string, out: (line: string) => void) =>
  (message: string, fields?: Record<string, unknown>) =>
    out(
      `${new Date().toISOString()} ${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`,
    );

/** Logs one line per event to the console. */
export const consoleLogger: Logger = {
  info: write('info ', (l) => console.log(l)),
  warn: write('warn ', (l) => console.warn(l)),
  error: write('error', (l) => console.error(l)),
};

/** Logs nothing. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
