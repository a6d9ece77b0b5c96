import { z } from 'zod';
import type { Capability } from '../capability.js';
import { MAX_PASSWORD_LENGTH } from './accountFields.js';
import { delegationSchema } from './delegationApi.js';
import { textField, type SameType } from './fields.js';

/** Every capability by name, checked against `Capability` (capability.ts) at compile time. */
export const CAPABILITY_NAMES = [
  'text.read',
  'text.edit',
  'presence.send',
  'participants.manage',
  'audit.read',
  'amendment.propose',
  'amendment.position',
  'amendment.decide',
] as const;

/** One capability, as a session lists it. */
export const capabilitySchema = z.enum(CAPABILITY_NAMES);

/** `POST /api/session`: sign in. */
export const signInRequestSchema = z.object({
  username: textField('username', { max: 100 }),
  password: textField('password', { max: MAX_PASSWORD_LENGTH }),
});

/**
 * Who is signed in, for which delegation, and what that delegation may do: the answer of
 * `POST|GET /api/session` and of an accepted invitation. The server decides and enforces all of
 * it; the client uses it to show only what will work.
 */
export const sessionViewSchema = z.object({
  person: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    /** The presence colour the server gives this person (others see it on their cursor). */
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  }),
  delegation: delegationSchema,
  capabilities: z.array(capabilitySchema),
});

/** The body of `POST /api/session`. */
export type SignInRequest = z.input<typeof signInRequestSchema>;
/** The session payload: who you are and what you may do. */
export type SessionView = z.infer<typeof sessionViewSchema>;

const _capabilitiesComplete: SameType<(typeof CAPABILITY_NAMES)[number], Capability> = true;
