import type { CSSProperties } from 'react';
import type { AmendmentGroup, Amendment, Compromise } from '@accord/shared';
import { nameOf } from './useDelegationNames.js';
import { WordDiffView } from './WordDiffView.js';
import { namesList, originalLanguage, STATUS_WORDS } from './amendmentWords.js';
import { delegationColor } from './delegationColor.js';
import { AmendmentComments } from '../comments/AmendmentComments.js';
import { useNegotiation } from '../rounds/negotiationStore.js';

/** "Zero draft, Review round": the names of the rounds an amendment was carried over from (RD14). */
function useRoundNames(ids: readonly string[]): string {
  const rounds = useNegotiation().rounds?.rounds ?? [];
  return ids.map((id) => rounds.find((r) => r.id === id)?.name ?? id).join(', ');
}

/** What one amendment shows of itself besides its actions. */
export function AmendmentDetails({
  amendment,
  currentText,
  names,
  compromise,
}: {
  amendment: Amendment;
  /** The target's text now (null when the target is gone or it is an insert). */
  currentText: string | null;
  names: ReadonlyMap<string, string>;
  compromise: Compromise | undefined;
}) {
  const a = amendment;
  const list = (ids: readonly string[]) => namesList(ids.map((id) => nameOf(names, id)));
  const carriedFrom = useRoundNames(a.carriedFrom);
  return (
    <div className="am-details">
      {a.carriedFrom.length > 0 && (
        <p className="am-carried">Carried over, still pending, from: {carriedFrom}.</p>
      )}
      {a.status === 'superseded' && (
        <p className="am-warning">
          Superseded: its round was published without a decision, and its paragraph is gone or no
          round follows.
        </p>
      )}
      {a.targetDeleted && (
        <p className="am-warning">
          The paragraph this amendment targets has been deleted from the text.
        </p>
      )}
      {a.outdated && !a.targetDeleted && currentText !== null ? (
        <dl className="am-three-way">
          <dt>Text then</dt>
          <dd>{a.originalText}</dd>
          <dt>Text now</dt>
          <dd>
            <WordDiffView before={a.originalText} after={currentText} />
          </dd>
          <dt>Proposal</dt>
          <dd>
            <WordDiffView before={a.originalText} after={a.proposedText} />
          </dd>
        </dl>
      ) : (
        <p className="am-proposal">
          {a.kind === 'insert' ? (
            <>
              <span className="am-kind">New paragraph: </span>
              <WordDiffView before="" after={a.proposedText} />
            </>
          ) : a.kind === 'delete' ? (
            <>
              <span className="am-kind">Delete the paragraph: </span>
              <WordDiffView before={currentText ?? a.originalText} after="" />
            </>
          ) : (
            <WordDiffView before={currentText ?? a.originalText} after={a.proposedText} />
          )}
        </p>
      )}
      <dl className="am-facts">
        {a.justification && (
          <>
            <dt>Justification</dt>
            <dd className="am-justification">{a.justification}</dd>
          </>
        )}
        <dt>Language</dt>
        <dd>{originalLanguage(a.language)}</dd>
        <dt>Revision</dt>
        <dd>{a.revision}</dd>
        {a.cosponsors.length > 0 && (
          <>
            <dt>Co-sponsors</dt>
            <dd>{list(a.cosponsors)}</dd>
          </>
        )}
        {a.supports.length > 0 && (
          <>
            <dt>Supported by</dt>
            <dd>{list(a.supports)}</dd>
          </>
        )}
        {a.objections.length > 0 && (
          <>
            <dt>Objections</dt>
            <dd>
              <ul className="am-objections">
                {a.objections.map((o) => (
                  <li key={o.delegationId}>
                    {nameOf(names, o.delegationId)}: “{o.reason}”
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {a.decision && (
          <>
            <dt>Decision</dt>
            <dd>
              {STATUS_WORDS[a.status]} by {nameOf(names, a.decision.by)}
              {a.decision.reason ? `: “${a.decision.reason}”` : ''}
            </dd>
          </>
        )}
        {compromise && (
          <>
            <dt>Compromise text</dt>
            <dd>{compromise.text}</dd>
          </>
        )}
      </dl>
      <AmendmentComments amendmentId={a.id} />
    </div>
  );
}

/** The heading line of a group: numbers, label, delegations in their colours, status. */
export function GroupHeading({
  group,
  names,
}: {
  group: AmendmentGroup<Amendment>;
  names: ReadonlyMap<string, string>;
}) {
  const first = group.amendments[0]!;
  return (
    <>
      <span className="am-number">
        {group.amendments.map((a) => `A${a.number}`).join(', ')} · {first.label}
      </span>{' '}
      {group.delegationIds.map((id) => (
        <span
          key={id}
          className="am-delegation"
          style={{ '--am-color': delegationColor(id) } as CSSProperties}
        >
          {nameOf(names, id)}
        </span>
      ))}{' '}
      <span className={`am-status am-status-${first.status}`}>{STATUS_WORDS[first.status]}</span>
      {first.outdated && <span className="am-status am-status-outdated">Outdated</span>}
      {first.carriedFrom.length > 0 && first.status === 'submitted' && (
        <span className="am-status am-status-carried">Carried over</span>
      )}
    </>
  );
}
