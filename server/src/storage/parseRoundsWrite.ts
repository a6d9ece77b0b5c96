import { checkRoundOrder, roundSchema, type Round } from '@accord/shared';

/**
 * Validates a whole list of rounds before anything is stored, the same way for every
 * `RoundStore`: every record against `roundSchema`, then the list against `checkRoundOrder`
 * (RD5), which throws with the refusal's message. Returns the parsed records (schema defaults
 * filled in) by position, as they are kept.
 */
export function parseRoundsWrite(rounds: readonly Round[]): Round[] {
  const parsed = rounds.map((r) => roundSchema.parse(r));
  const refusal = checkRoundOrder(parsed);
  if (refusal) throw new Error(refusal.message);
  return parsed.sort((a, b) => a.position - b.position);
}
