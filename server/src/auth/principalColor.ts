/** Presence colours: distinct, readable on white, none of them the red of deletions. */
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

/** A person's presence colour, the same on every connection (chosen by the server). */
export function principalColor(personId: string): string {
  let h = 0;
  for (let i = 0; i < personId.length; i++) h = (Math.imul(h, 31) + personId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length] ?? PALETTE[0]!;
}
