import type { AmendmentStatus } from '@accord/shared';

/** How each status reads in the interface. */
export const STATUS_WORDS: Record<AmendmentStatus, string> = {
  submitted: 'Submitted',
  withdrawn: 'Withdrawn',
  accepted: 'Accepted',
  'accepted-with-changes': 'Accepted with changes',
  rejected: 'Rejected',
  merged: 'Merged into a compromise',
  superseded: 'Superseded',
};

/** "Or. en", as amendments print their original language. */
export function originalLanguage(language: string): string {
  return `Or. ${language}`;
}

/** A list of names as a sentence: "Germany, France and Italy". */
export function namesList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
