import {
  AMENDMENT_TEXT_MAX,
  OBJECT_MARK,
  amendmentLabel,
  amendmentTransition,
  isAmendmentRefusal,
  type Amendment,
  type AmendmentRevision,
  type WorkingCopyChange,
} from '@accord/shared';

/** What a submission is made of: the chosen changes of a working copy and the document's state. */
export interface SubmissionInput {
  documentId: string;
  /** The round under way, which the amendment is submitted in (null without rounds). */
  roundId: string | null;
  delegationId: string;
  personId: string;
  /** The server's clock, as an ISO instant. */
  at: string;
  justification: string;
  language: string;
  /** The working copy's changes to submit, in document order. */
  changes: readonly WorkingCopyChange[];
  /** Every amendment of the document so far, any status. */
  existing: readonly Amendment[];
  /** The base text's labels ("OP3") by block id. */
  labelOf: (blockId: string) => string | undefined;
  /**
   * Every label the base text gives now (the round's, SL): a new paragraph's citation passes
   * over those ("OP4 bis" added by a pen-holder makes a proposed one "OP4 ter").
   */
  labelsInText?: ReadonlySet<string>;
  /** The first free amendment number of the document. */
  nextNumber: number;
  newId: () => string;
}

/** The records a submission writes, or why it is refused (nothing is written then). */
export type SubmissionPlan =
  | { ok: true; amendments: Amendment[]; revisions: AmendmentRevision[] }
  | { ok: false; status: 400 | 409; message: string };

const count = (text: string, ch: string) => text.split(ch).length - 1;

/** Why a change cannot become an amendment, or null (SPEC AM9). */
function problemOf(change: WorkingCopyChange, name: string): string | null {
  if (change.proposedText.length > AMENDMENT_TEXT_MAX)
    return `${name} is longer than ${AMENDMENT_TEXT_MAX} characters`;
  if (change.kind === 'insert' && change.proposedText.trim() === '')
    return `${name} is empty: write its text or remove it`;
  if (count(change.proposedText, OBJECT_MARK) > count(change.originalText, OBJECT_MARK))
    return `${name} adds a footnote reference; footnotes are added by the pen-holders, so describe it in the justification`;
  return null;
}

/**
 * Turns the chosen changes of a delegation's working copy into amendment records (SPEC AM9,
 * AM10): a change to a block the delegation already has an open amendment on revises that
 * amendment (a new revision, same number and label); any other is a new amendment with the next
 * number and its citation label. Pure: the caller stores the result in one save.
 */
export function planSubmission(input: SubmissionInput): SubmissionPlan {
  const amendments: Amendment[] = [];
  const revisions: AmendmentRevision[] = [];
  const earlier = [...input.existing].sort((a, b) => a.number - b.number);
  let number = input.nextNumber;
  for (const change of input.changes) {
    const target = change.kind === 'insert' ? change.afterBlockId : change.blockId;
    const name =
      change.kind === 'insert'
        ? `the new paragraph after ${(target && input.labelOf(target)) ?? 'its paragraph'}`
        : (input.labelOf(change.blockId) ?? 'the paragraph');
    const problem = problemOf(change, name);
    if (problem) return { ok: false, status: 400, message: problem };
    const open = input.existing.find(
      (a) =>
        a.delegationId === input.delegationId &&
        a.status === 'submitted' &&
        a.kind === change.kind &&
        a.blockId === change.blockId,
    );
    const revision = (a: Amendment): AmendmentRevision => ({
      amendmentId: a.id,
      revision: a.revision,
      originalText: a.originalText,
      proposedText: a.proposedText,
      justification: a.justification,
      language: a.language,
      personId: input.personId,
      at: input.at,
    });
    if (open) {
      const justification = input.justification || open.justification;
      const same =
        open.proposedText === change.proposedText &&
        open.originalText === change.originalText &&
        open.justification === justification &&
        open.language === input.language;
      if (same) {
        amendments.push(open);
        continue;
      }
      const revised = amendmentTransition(
        open,
        {
          type: 'revise',
          proposedText: change.proposedText,
          originalText: change.originalText,
          justification,
          language: input.language,
        },
        { delegationId: input.delegationId, roles: [] },
        input.at,
      );
      if (isAmendmentRefusal(revised))
        return {
          ok: false,
          status: revised.status === 403 ? 409 : revised.status,
          message: revised.message,
        };
      amendments.push(revised);
      revisions.push(revision(revised));
      continue;
    }
    const label = amendmentLabel(
      { kind: change.kind, blockId: change.blockId, afterBlockId: change.afterBlockId },
      input.labelOf,
      earlier,
      (l) => input.labelsInText?.has(l) === true || earlier.some((a) => a.label === l),
    );
    if (label === null)
      return { ok: false, status: 409, message: `${name} is no longer in the text` };
    const created: Amendment = {
      id: input.newId(),
      number: number++,
      documentId: input.documentId,
      delegationId: input.delegationId,
      kind: change.kind,
      blockType: change.type,
      blockId: change.blockId,
      afterBlockId: change.kind === 'insert' ? change.afterBlockId : null,
      label,
      originalText: change.originalText,
      proposedText: change.proposedText,
      justification: input.justification,
      language: input.language,
      status: 'submitted',
      cosponsors: [],
      supports: [],
      objections: [],
      outdated: false,
      decision: null,
      submittedAt: input.at,
      updatedAt: input.at,
      revision: 1,
      targetDeleted: false,
      compromiseId: null,
      roundId: input.roundId,
      carriedFrom: [],
      seq: 0,
    };
    earlier.push(created);
    amendments.push(created);
    revisions.push(revision(created));
  }
  return { ok: true, amendments, revisions };
}
