import { formatDeadline } from '@accord/shared';

/** The time an instant reads in the reader's zone ("5 November 2024, 10:00 CET"). */
export function localTime(at: string): string {
  return formatDeadline({ at, zone: Intl.DateTimeFormat().resolvedOptions().timeZone });
}
