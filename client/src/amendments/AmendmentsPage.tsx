import { useEffect, useMemo } from 'react';
import type { Session } from '../api/session.js';
import { Header } from '../Header.js';
import { documentPath, followLink } from '../router.js';
import { usePresenceUser } from '../session/usePresenceUser.js';
import { useAmendmentFeed } from './AmendmentFeed.js';
import { useBaseText } from './useBaseText.js';
import { nameOf, useDelegationNames } from './useDelegationNames.js';
import { twoColumnRows, type TwoColumnRow } from './twoColumnRows.js';
import { WordDiffView } from './WordDiffView.js';
import { namesList, originalLanguage, STATUS_WORDS } from './amendmentWords.js';
import { RoundBanner } from '../rounds/RoundBanner.js';
import '../styles/amendments.css';

/** Presence colour until the server stamps one. */

function Row({ row, names }: { row: TwoColumnRow; names: ReadonlyMap<string, string> }) {
  const first = row.group.amendments[0]!;
  const numbers = row.group.amendments.map((a) => a.number).join(', ');
  const who = namesList(row.group.delegationIds.map((id) => nameOf(names, id)));
  const cosponsors = [...new Set(row.group.amendments.flatMap((a) => a.cosponsors))];
  return (
    <table className="am-table" data-amendment={first.id}>
      <caption>
        Amendment {numbers} · {first.label}
        {first.kind === 'insert' ? ' (new paragraph)' : ''} — {who}
      </caption>
      <thead>
        <tr>
          <th scope="col">Text proposed</th>
          <th scope="col">Amendment</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td className="am-before">{row.before === '' ? '—' : row.before}</td>
          <td className="am-after">
            {first.kind === 'delete' ? (
              <>
                <strong>Deleted</strong> <WordDiffView before={row.before} after="" strong />
              </>
            ) : (
              <WordDiffView before={row.before} after={row.after} strong />
            )}
          </td>
        </tr>
        <tr className="am-row-meta">
          <td colSpan={2}>
            <p>
              <strong>{STATUS_WORDS[first.status]}</strong>
              {first.outdated ? ' · outdated (the text has changed since)' : ''}
              {row.gone ? ' · the paragraph has been deleted' : ''} ·{' '}
              {originalLanguage(first.language)}
              {cosponsors.length > 0
                ? ` · co-sponsored by ${namesList(cosponsors.map((id) => nameOf(names, id)))}`
                : ''}
            </p>
            {row.now !== null && (
              <p className="am-now">
                <strong>Text now:</strong> {row.now}
              </p>
            )}
            {first.justification && (
              <>
                <p>
                  <strong>Justification</strong>
                </p>
                <p className="am-justification">{first.justification}</p>
              </>
            )}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * The two-column view of a document's amendments, as the European Parliament prints them: the
 * text proposed on the left, the amendment on the right, then its number, delegations, status,
 * justification and original language. Live: the base text and the amendments follow every
 * change without reloading.
 */
export function AmendmentsPage({ documentId, session }: { documentId: string; session: Session }) {
  const user = usePresenceUser(session);
  const doc = useBaseText(documentId, user);
  const { snapshot } = useAmendmentFeed(documentId);
  const names = useDelegationNames();
  const rows = useMemo(() => twoColumnRows(doc, snapshot.amendments), [doc, snapshot.amendments]);
  const title = doc?.firstChild?.textContent || documentId;

  useEffect(() => {
    document.title = `Amendments: ${title} — Accord`;
  }, [title]);

  return (
    <>
      <Header />
      <main className="editor-page am-page">
        <p>
          <a href={documentPath(documentId)} onClick={followLink}>
            ← Back to the text
          </a>
        </p>
        <h1>Amendments to {title}</h1>
        <RoundBanner />
        {snapshot.error && (
          <div className="notice notice-error" role="alert">
            <p>The amendments could not be loaded: {snapshot.error}</p>
          </div>
        )}
        {(!snapshot.loaded || doc === null) && !snapshot.error && (
          <p role="status">Loading the amendments…</p>
        )}
        {snapshot.loaded && doc !== null && rows.length === 0 && (
          <p>No amendments have been submitted to this document yet.</p>
        )}
        {doc !== null &&
          rows.map((row) => <Row key={row.group.amendments[0]!.id} row={row} names={names} />)}
      </main>
    </>
  );
}
