/** One entry of the audit trail: who, for which delegation, did or tried what, and when. */
export interface AuditEntry {
  id: number;
  /** ISO time, the server's clock. */
  at: string;
  /** The person, or null for someone not signed in. */
  personId: string | null;
  /** The user name given or known (a failed sign-in records the name that was tried). */
  username: string | null;
  delegationId: string | null;
  /** What was done, e.g. "sign-in", "role.change", "document.write". */
  action: string;
  /** What it was done to, e.g. a document or delegation id. */
  target: string | null;
  outcome: 'ok' | 'refused';
  /** Details: reasons, old and new values. */
  detail: Record<string, unknown>;
}

/** An entry before it is stored. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;
