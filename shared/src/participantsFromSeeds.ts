import { importDeclaration } from './importDeclaration.js';
import { delegationSlug, type Delegation, type DelegationKind } from './delegation.js';
import { BUDAPEST_ROLES, EU_MEMBER_STATES, KNOWN_ORGANISATIONS } from './knownParticipants.js';

/** Splits "A, B, C and D" (and "A, B and the C") into names. */
export function splitNameList(list: string): string[] {
  return list
    .split(/,\s*|\s+and\s+/u)
    .map((s) => s.replace(/^the\s+/iu, '').trim())
    .filter((s) => s.length > 0);
}

/** Reads the States of the chapeau ("… observer States: A, B and C;") and of footnote 1. */
function statesFromDeclaration(declarationText: string): { named: string[]; observers: string[] } {
  const { declaration } = importDeclaration(declarationText);
  const doc = declaration.doc;
  const chapeau = doc.child(1);
  if (chapeau.type.name !== 'chapeau') throw new Error('the declaration has no chapeau');
  const listMatch = /States:\s*([^;]+)/u.exec(chapeau.textContent);
  if (!listMatch?.[1]) throw new Error('the chapeau names no States ("…States: A, B and C;")');
  // Observers are named in the footnote that says they "are observers".
  let observers: string[] = [];
  doc.lastChild?.forEach((footnote) => {
    const m = /^(.*?)\s+are observers/u.exec(footnote.textContent);
    if (m?.[1]) observers = splitNameList(m[1]);
  });
  return { named: splitNameList(listMatch[1]), observers };
}

/** The organisations named in the "as well as …" part of each meeting summary. */
function organisationsFromMeetings(meetingTexts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of meetingTexts) {
    for (const clause of text.matchAll(/as well as (?:the )?([^\n]*?)\.(?:\s|$)/gu)) {
      const words = clause[1] ?? '';
      for (const org of KNOWN_ORGANISATIONS) {
        if (org.aliases.some((alias) => words.includes(alias))) found.add(org.name);
      }
    }
  }
  return KNOWN_ORGANISATIONS.map((o) => o.name).filter((n) => found.has(n));
}

/**
 * The delegations of the Budapest Process 2024 negotiation, read from the seeds: participating
 * and observer States from the draft Declaration's chapeau and footnote 1 (with "EU Member
 * States" expanded into the 27), organisations from the meeting summaries (seeds 000-002), and
 * the roles of the Chair, Co-Chair, Secretariat and Reference Group.
 */
export function participantsFromSeeds(
  declarationText: string,
  meetingTexts: readonly string[],
): Delegation[] {
  const { named, observers } = statesFromDeclaration(declarationText);
  const delegations = new Map<string, Delegation>();
  const add = (name: string, kind: DelegationKind) => {
    const id = delegationSlug(name);
    if (!delegations.has(id))
      delegations.set(id, { id, name, kind, roles: [...(BUDAPEST_ROLES[name] ?? [])] });
  };
  for (const name of named) {
    if (/^EU Member States$/iu.test(name))
      EU_MEMBER_STATES.forEach((s) => add(s, 'participating-state'));
    else if (!observers.includes(name)) add(name, 'participating-state');
  }
  for (const name of observers) add(name, 'observer-state');
  for (const name of organisationsFromMeetings(meetingTexts)) add(name, 'organisation');
  return [...delegations.values()];
}
