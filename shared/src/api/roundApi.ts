import { z } from 'zod';
import { deadlineSchema } from '../deadline.js';
import { extensionSchema } from '../extension.js';
import {
  ROUND_KINDS,
  ROUND_PHASES,
  ROUND_SUBMITTERS,
  ROUNDS_MAX,
  ROUND_NAME_MAX,
  roundSchema,
} from '../round.js';
import { booleanField, choiceField, integerField } from './fields.js';

const instant = z.iso.datetime({ offset: true });
const instantField = (name: string) =>
  z.iso.datetime({
    offset: true,
    error: `"${name}" must be an ISO instant with its offset, e.g. 2024-03-31T23:59:00+02:00`,
  });

/**
 * A deadline as a person sets it: the wall-clock date and time in a zone ("2023-12-20", "23:59",
 * "Europe/Budapest"), which the server turns into an instant with Intl (DL1); or an instant with
 * the zone it is shown in, as `GET /api/rounds` gives it back.
 */
export const deadlineInputSchema = z.union(
  [
    z.object({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '"date" must be YYYY-MM-DD' }),
      time: z.string().regex(/^\d{2}:\d{2}$/, { error: '"time" must be HH:MM' }),
      zone: z.string().min(1, { error: '"zone" must be a time zone such as "Europe/Budapest"' }),
    }),
    deadlineSchema,
  ],
  {
    error:
      '"deadline" must be {"date": "YYYY-MM-DD", "time": "HH:MM", "zone": "Europe/Budapest"} or {"at": an ISO instant, "zone"}',
  },
);

/** A deadline as sent (see `deadlineInputSchema`). */
export type DeadlineInput = z.infer<typeof deadlineInputSchema>;

/** A round with the extensions of its deadline, as `GET /api/rounds` lists it. */
export const roundViewSchema = roundSchema.extend({
  extensions: z.array(extensionSchema),
});

/** A round with its extensions (see `roundViewSchema`). */
export type RoundView = z.infer<typeof roundViewSchema>;

/**
 * What the caller's delegation may do now in the round under way, judged by the server's clock
 * (RD6, DL5, DL6): whether it may submit, why not, and until when (its extension included).
 */
export const submissionWindowSchema = z.object({
  maySubmit: z.boolean(),
  /** Why not, in the words of the refusal a submission would get; null when it may. */
  reason: z.string().nullable(),
  /** When submission closes for this delegation (deadline or extension, end of minute), ms. */
  closesAt: z.number().nullable(),
});

/** The caller's submission window (see `submissionWindowSchema`). */
export type SubmissionWindow = z.infer<typeof submissionWindowSchema>;

/**
 * `GET /api/rounds`: the rounds in order with phases, deadlines (with zones), who may submit and
 * extensions; the round under way; whether the text is final; the caller's window; and the
 * server's clock, so a client counts down against the server rather than its own clock (DL2).
 */
export const roundListSchema = z.object({
  now: instant,
  currentRoundId: z.string().nullable(),
  final: z.boolean(),
  rounds: z.array(roundViewSchema),
  window: submissionWindowSchema,
});

/** The rounds as listed (see `roundListSchema`). */
export type RoundList = z.infer<typeof roundListSchema>;

/** `POST /api/rounds`: a new round, not started, at `position` (default: the end). */
export const createRoundRequestSchema = z.object({
  name: z.string({ error: '"name" must be a string' }),
  position: integerField('position', 0, ROUNDS_MAX).optional(),
  submitters: choiceField('submitters', ROUND_SUBMITTERS).default('all'),
  observersMaySubmit: booleanField('observersMaySubmit').default(true),
  kind: choiceField('kind', ROUND_KINDS).default('reading'),
  deadline: deadlineInputSchema.nullable().default(null),
});

/**
 * `PATCH /api/rounds/:id`: rename (not started only), set or clear the deadline, change who may
 * submit (not while feedback is open), or move a round not yet started to `position`.
 */
export const updateRoundRequestSchema = z
  .object({
    name: z.string({ error: '"name" must be a string' }).max(ROUND_NAME_MAX * 2),
    deadline: deadlineInputSchema.nullable(),
    submitters: choiceField('submitters', ROUND_SUBMITTERS),
    observersMaySubmit: booleanField('observersMaySubmit'),
    position: integerField('position', 0, ROUNDS_MAX),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, {
    error:
      'nothing to change: send "name", "deadline", "submitters", "observersMaySubmit" or "position"',
  });

/** `POST /api/rounds/:id/phase`: move the round to its next phase (RD2). */
export const phaseRequestSchema = z.object({ phase: choiceField('phase', ROUND_PHASES) });

/** `POST /api/rounds/:id/extensions`: extend the deadline for one delegation or for all (DL6). */
export const extensionRequestSchema = z.object({
  delegationId: z
    .string({ error: '"delegationId" must be a delegation id or "all"' })
    .min(1, { error: '"delegationId" must be a delegation id or "all"' }),
  until: z.union([instantField('until'), deadlineInputSchema], {
    error: '"until" must be an ISO instant with offset or {"date", "time", "zone"}',
  }),
});

/** Any answer that is one round. */
export const roundResponseSchema = roundViewSchema;

/** `POST /api/rounds/:id/extensions` answers the extension granted. */
export const extensionResponseSchema = extensionSchema;

/** One delegation's line in the feedback tracker (FT1–FT3). */
export const trackerRowSchema = z.object({
  delegationId: z.string(),
  name: z.string(),
  kind: z.string(),
  /** Whether the round lets this delegation submit at all (RD6). */
  entitled: z.boolean(),
  amendments: z.number().int(),
  /** Comments in threads every participant sees (internal drafting is never counted). */
  comments: z.number().int(),
  firstAt: instant.nullable(),
  lastAt: instant.nullable(),
  /** Something counted arrived after the deadline (within an extension, or by a pen-holder). */
  late: z.boolean(),
  /** The latest extension granted to it (or to all), if any. */
  extendedUntil: instant.nullable(),
  responded: z.boolean(),
});

/** One tracker line (see `trackerRowSchema`). */
export type TrackerRow = z.infer<typeof trackerRowSchema>;

/** `GET /api/rounds/:id/tracker`: who responded in the round, for the Chair and Secretariat. */
export const trackerSchema = z.object({
  roundId: z.string(),
  roundName: z.string(),
  deadline: deadlineSchema.nullable(),
  rows: z.array(trackerRowSchema),
});

/** The feedback tracker (see `trackerSchema`). */
export type Tracker = z.infer<typeof trackerSchema>;
