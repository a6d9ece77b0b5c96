/**
 * The colours delegations are shown in: the server's presence palette (principalColor.ts),
 * distinct, readable on white (AA for small text) and none of them the red of deletions.
 */
const PALETTE = [
  '#1d4ed8',
  '#047857',
  '#7c3aed',
  '#b45309',
  '#0e7490',
  '#be185d',
  '#4d7c0f',
  '#9333ea',
  '#c2410c',
  '#0f766e',
];

/** A delegation's colour, derived from its id the way the server derives a person's. */
export function delegationColor(delegationId: string): string {
  let h = 0;
  for (let i = 0; i < delegationId.length; i++)
    h = (Math.imul(h, 31) + delegationId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length] ?? PALETTE[0]!;
}
