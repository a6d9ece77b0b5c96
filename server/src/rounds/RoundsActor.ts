import type { Principal } from '../auth/Principal.js';

/** Who changes the rounds: a signed-in person, or the server itself (a silence procedure's end). */
export type RoundsActor =
  | { kind: 'person'; who: Principal }
  /** A silence procedure that a person started or withdrew: it alone opens and ends its round. */
  | { kind: 'silence'; who: Principal }
  | { kind: 'system'; reason: string };

/** The person behind an actor, or null for the server itself. */
export function personOf(actor: RoundsActor): Principal | null {
  return actor.kind === 'system' ? null : actor.who;
}
