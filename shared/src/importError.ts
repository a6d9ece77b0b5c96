/**
 * A text the importer cannot place. It carries the 1-based line of the input so the CLI can
 * print `file:line: reason` and an editor can jump to it; `message` repeats the line, so it
 * reads on its own in a log or a test failure.
 */
export class ImportError extends Error {
  /** 1-based line of the input the error is about. */
  readonly line: number;
  /** What is wrong and what was expected there, without the line number. */
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'ImportError';
    this.line = line;
    this.reason = reason;
  }
}
