import type { Delegation, Invitation, Person, Role } from '@accord/shared';

export type { Invitation } from '@accord/shared';

/** A person as stored, with what sign-in needs. */
export interface StoredPerson extends Person {
  passwordHash: string;
  disabled: boolean;
}

/** A session as stored: whose it is and until when. */
export interface StoredSession {
  personId: string;
  expiresAt: number;
}

/** Why a write to the directory was refused: a value the API turns into 404 or 409. */
export type DirectoryRefusal = 'not-found' | 'conflict' | 'used' | 'expired';

/**
 * The negotiation's participants: delegations with their roles, people, sessions and
 * invitations. Kept in the same database as the documents. Whatever compares with "now" reads
 * the storage's clock.
 */
export interface Directory {
  isEmpty(): Promise<boolean>;
  listDelegations(): Promise<Delegation[]>;
  getDelegation(id: string): Promise<Delegation | null>;
  /** Creates delegations; refuses (and creates none) if an id exists. */
  createDelegations(delegations: Delegation[]): Promise<true | DirectoryRefusal>;
  setRoles(delegationId: string, roles: Role[]): Promise<true | DirectoryRefusal>;

  listPeople(): Promise<StoredPerson[]>;
  getPerson(id: string): Promise<StoredPerson | null>;
  findPersonByUsername(username: string): Promise<StoredPerson | null>;
  /** Creates a person; refuses when the user name is taken or the delegation is unknown. */
  createPerson(
    person: Omit<StoredPerson, 'id' | 'disabled'>,
  ): Promise<StoredPerson | DirectoryRefusal>;
  setDisabled(personId: string, disabled: boolean): Promise<true | DirectoryRefusal>;

  /** Stores a session, and forgets those that expired by the clock. */
  createSession(tokenHash: string, session: StoredSession): Promise<void>;
  /** The session, even expired (the caller says so to its owner), until it is forgotten. */
  getSession(tokenHash: string): Promise<StoredSession | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(personId: string): Promise<void>;

  createInvitation(
    tokenHash: string,
    invitation: Omit<Invitation, 'id' | 'usedAt' | 'usedBy'>,
  ): Promise<Invitation>;
  findInvitation(tokenHash: string): Promise<Invitation | null>;
  listInvitations(): Promise<Invitation[]>;
  /**
   * Creates the invited person and marks the invitation used, atomically: an invitation makes
   * at most one account, even when two people click it at once. Refuses an invitation that
   * is unknown, used, or expired by the clock, and a user name that is taken.
   */
  acceptInvitation(
    tokenHash: string,
    person: Omit<StoredPerson, 'id' | 'disabled' | 'delegationId' | 'displayName'>,
  ): Promise<StoredPerson | DirectoryRefusal>;
}
