import {
  deadlineAt,
  isTimeZone,
  type Deadline,
  type DeadlineInput,
  type RoundSubmitters,
} from '@accord/shared';
import { refusal, type Refusal } from '../auth/Refusal.js';

/** What a new round may say. */
export interface NewRound {
  name: string;
  position?: number;
  submitters: RoundSubmitters;
  observersMaySubmit: boolean;
  kind: 'reading' | 'silence';
  deadline: DeadlineInput | null;
}

/** What `PATCH /api/rounds/:id` may change. */
export interface RoundUpdate {
  name?: string;
  deadline?: DeadlineInput | null;
  submitters?: RoundSubmitters;
  observersMaySubmit?: boolean;
  position?: number;
}

/** The refusal of a bad round name (RD3). */
export const nameMessage =
  '"name" must be one line of 1 to 120 characters without control characters';

/** A deadline from what a person typed, or the refusal naming what was wrong (DL1). */
export function toDeadline(input: DeadlineInput): Deadline | Refusal {
  if (!isTimeZone(input.zone))
    return refusal(
      400,
      `"zone" must be a time zone such as "Europe/Budapest", not "${input.zone}"`,
    );
  if ('at' in input) return { at: new Date(Date.parse(input.at)).toISOString(), zone: input.zone };
  try {
    return deadlineAt(input.date, input.time, input.zone);
  } catch (err) {
    return refusal(400, `"deadline" is not a date and time: ${(err as Error).message}`);
  }
}

/** A readable id part from a round's name ("Second reading" → "second-reading"). */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'round'
  );
}
