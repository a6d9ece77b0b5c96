import { useId } from 'react';
import { deadlineAt, deadlineWallTime, formatDeadline, type Deadline } from '@accord/shared';
import { localZone } from './roundWords.js';

/** A deadline as the form holds it: the wall-clock date and time in a zone. */
export interface DeadlineDraft {
  date: string;
  time: string;
  zone: string;
}

/** The zones a negotiation commonly sets deadlines in (the browser's own is added). */
export const COMMON_ZONES: readonly string[] = [
  'Europe/Budapest',
  'Europe/Brussels',
  'Europe/Istanbul',
  'Europe/Stockholm',
  'Europe/London',
  'Europe/Moscow',
  'UTC',
  'America/New_York',
  'Africa/Nairobi',
  'Asia/Dubai',
  'Asia/Tashkent',
  'Asia/Kolkata',
  'Asia/Shanghai',
];

/** A draft for `deadline` (in its own zone), or for 23:59 in Budapest a week after `now`. */
export function draftOf(deadline: Deadline | null, now: number): DeadlineDraft {
  if (deadline) return { ...deadlineWallTime(deadline), zone: deadline.zone };
  const zone = 'Europe/Budapest';
  const week = deadlineWallTime({ at: new Date(now + 7 * 86_400_000).toISOString(), zone });
  return { date: week.date, time: '23:59', zone };
}

/** The deadline the draft names, or why it names none (a day or time that does not exist). */
export function readDraft(draft: DeadlineDraft): Deadline | string {
  if (draft.date === '' || draft.time === '') return 'Give a date and a time.';
  try {
    return deadlineAt(draft.date, draft.time, draft.zone);
  } catch (error) {
    return error instanceof RangeError ? `${error.message}.` : 'Not a date and time.';
  }
}

/**
 * Date, time and time zone of a deadline, with what it will read as in its own zone and in the
 * reader's, so a Secretariat in Brussels sees at once what "23:59 Budapest" is for them.
 */
export function DeadlineFields({
  value,
  onChange,
  legend,
  autoFocus = false,
}: {
  value: DeadlineDraft;
  onChange: (draft: DeadlineDraft) => void;
  legend: string;
  /** Focus the date when the form opens on a person's request. */
  autoFocus?: boolean;
}) {
  const id = useId();
  const own = localZone();
  const zones = [...new Set([value.zone, ...COMMON_ZONES, own])];
  const read = readDraft(value);
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-date`}>
          Date
        </label>
        <input
          id={`${id}-date`}
          type="date"
          className="field-input"
          required
          autoFocus={autoFocus}
          value={value.date}
          onChange={(e) => onChange({ ...value, date: e.currentTarget.value })}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-time`}>
          Time
        </label>
        <input
          id={`${id}-time`}
          type="time"
          className="field-input"
          required
          value={value.time}
          onChange={(e) => onChange({ ...value, time: e.currentTarget.value })}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-zone`}>
          Time zone
        </label>
        <select
          id={`${id}-zone`}
          className="field-input"
          value={value.zone}
          onChange={(e) => onChange({ ...value, zone: e.currentTarget.value })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone === own ? `${zone} (yours)` : zone}
            </option>
          ))}
        </select>
      </div>
      <p className="field-hint">
        {typeof read === 'string'
          ? read
          : `${formatDeadline(read)}${
              read.zone === own ? '' : ` — your time: ${formatDeadline(read, { zone: own })}`
            }`}
      </p>
    </fieldset>
  );
}
