/**
 * A BYTEA value as the stores return it: a copy in a plain Uint8Array, as the SQLite store
 * does, so a caller that changes the bytes changes nothing stored or cached.
 */
export function bytes(value: Buffer): Uint8Array {
  return new Uint8Array(value);
}

/** True when PostgreSQL refused a write for a unique or primary key (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
