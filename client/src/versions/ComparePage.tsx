import { useCallback, useEffect, useId, useState } from 'react';
import { LIVE_TEXT, type ComparedBlock, type Comparison } from '@accord/shared';
import { Header } from '../Header.js';
import { comparePath, documentPath, followLink, navigate } from '../router.js';
import { errorMessage } from '../api/http.js';
import { fetchComparison, fetchVersions } from '../api/versions.js';
import { useLoad } from '../useLoad.js';
import { useDocumentSummary } from '../useDocumentSummary.js';
import { nameOf, useDelegationNames } from '../amendments/useDelegationNames.js';
import { formatInstant } from '../formatDate.js';
import {
  STATUS_WORDS,
  authorWords,
  blockHeading,
  changeSummary,
  defaultPair,
  readable,
  showsAuthor,
  sideWords,
  versionWords,
} from './redline.js';
import { ExportsButton } from '../exports/ExportsDialog.js';
import '../styles/compare.css';

/** The comparison asked for in the address (`?from=…&to=…`), if any. */
function pairInAddress(): { from: string; to: string } | null {
  const query = new URLSearchParams(window.location.search);
  const from = query.get('from');
  const to = query.get('to');
  return from && to ? { from, to } : null;
}

/** A comparison being fetched, failed or here. */
type ComparisonState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; comparison: Comparison };

/** One paragraph of the redline: its label, what became of it, and its text with the changes. */
function RedlineBlock({
  block,
  delegationName,
}: {
  block: ComparedBlock;
  delegationName: (id: string) => string;
}) {
  const label = blockHeading(block);
  return (
    <li className={`cp-block cp-${block.status}`} data-block={block.id}>
      <p className="cp-head">
        <strong className="cp-label">{label}</strong>{' '}
        <span className="cp-status">{STATUS_WORDS[block.status]}</span>
      </p>
      <p className="cp-text">
        {block.parts.length === 0 && <span className="muted">(no text)</span>}
        {block.parts.map((part, i) => {
          const text = readable(part.text);
          const who = authorWords(part.author, delegationName);
          const tag = showsAuthor(block.parts, i) && (
            <span className="cp-author" aria-hidden="true">
              {who}
            </span>
          );
          if (part.kind === 'equal') return <span key={i}>{text}</span>;
          const Change = part.kind === 'insert' ? 'ins' : 'del';
          const verb = part.kind === 'insert' ? 'inserted' : 'deleted';
          return (
            <span key={i} className="cp-change">
              <Change className={`cp-${part.kind}`} title={`${verb} by ${who}`}>
                <span className="visually-hidden">{`[${verb} by ${who}: `}</span>
                {text}
                <span className="visually-hidden">]</span>
              </Change>
              {tag}
            </span>
          );
        })}
      </p>
    </li>
  );
}

/**
 * The redline between two versions of a document, or a version and the live text (issue 9,
 * SPEC CP): the reader picks both; insertions are underlined and deletions struck through,
 * paragraph by paragraph, each change followed by who made it ("Germany · A12" for an accepted
 * amendment, the pen-holder otherwise). The choice is kept in the address, so a comparison can
 * be shared as a link.
 */
export function ComparePage({ documentId }: { documentId: string }) {
  const loadVersions = useCallback(
    (signal: AbortSignal) => fetchVersions(documentId, signal),
    [documentId],
  );
  const { result: versions } = useLoad(loadVersions);
  const summary = useDocumentSummary(documentId);
  const names = useDelegationNames();
  const delegationName = useCallback((id: string) => nameOf(names, id), [names]);
  const [pair, setPair] = useState<{ from: string; to: string } | null>(pairInAddress);
  const [changedOnly, setChangedOnly] = useState(false);
  const [comparison, setComparison] = useState<ComparisonState>({ state: 'idle' });
  const fromId = useId();
  const toId = useId();
  const title = summary.state === 'found' ? summary.summary.title : documentId;

  useEffect(() => {
    document.title = `Compare versions: ${title} — Accord`;
  }, [title]);

  // The latest versions by default, once they are known.
  useEffect(() => {
    if (pair === null && versions.state === 'ready') setPair(defaultPair(versions.data));
  }, [pair, versions]);

  useEffect(() => {
    if (pair === null) return;
    navigate(`${comparePath(documentId)}?${new URLSearchParams(pair)}`, { replace: true });
    const controller = new AbortController();
    setComparison({ state: 'loading' });
    fetchComparison(documentId, pair.from, pair.to, controller.signal)
      .then((c) => setComparison({ state: 'ready', comparison: c }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setComparison({ state: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [documentId, pair]);

  const list = versions.state === 'ready' ? versions.data : [];
  const blocks =
    comparison.state === 'ready'
      ? comparison.comparison.blocks.filter((b) => !changedOnly || b.status !== 'unchanged')
      : [];

  return (
    <>
      <Header />
      <main className="editor-page cp-page">
        <p>
          <a href={documentPath(documentId)} onClick={followLink}>
            ← Back to the text
          </a>
        </p>
        <h1>Compare versions of {title}</h1>
        {versions.state === 'loading' && <p role="status">Loading the versions…</p>}
        {versions.state === 'error' && (
          <div className="notice notice-error" role="alert">
            <p>The versions could not be loaded: {versions.message}</p>
          </div>
        )}
        {versions.state === 'ready' && list.length === 0 && (
          <p>
            This document has no version yet: a version is frozen when a round starts from the text
            and when a round is published.
          </p>
        )}
        {pair !== null && list.length > 0 && (
          <form className="cp-choose" onSubmit={(event) => event.preventDefault()}>
            <div className="cp-field">
              <label htmlFor={fromId}>From</label>
              <select
                id={fromId}
                value={pair.from}
                onChange={(event) => setPair({ ...pair, from: event.target.value })}
              >
                {list.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionWords(v)}
                  </option>
                ))}
              </select>
            </div>
            <div className="cp-field">
              <label htmlFor={toId}>To</label>
              <select
                id={toId}
                value={pair.to}
                onChange={(event) => setPair({ ...pair, to: event.target.value })}
              >
                {list.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionWords(v)}
                  </option>
                ))}
                <option value={LIVE_TEXT}>Live text (now)</option>
              </select>
            </div>
            <label className="cp-only">
              <input
                type="checkbox"
                checked={changedOnly}
                onChange={(event) => setChangedOnly(event.target.checked)}
              />{' '}
              Only changed paragraphs
            </label>
          </form>
        )}
        <div className="cp-exports">
          <ExportsButton documentId={documentId} pair={pair} className="button" />
        </div>
        <p className="cp-legend muted">
          Insertions are <ins className="cp-insert">underlined</ins>, deletions{' '}
          <del className="cp-delete">struck through</del>; each change is followed by who made it.
        </p>
        <div role="status" className="cp-summary">
          {comparison.state === 'loading' && 'Comparing…'}
          {comparison.state === 'ready' &&
            `${sideWords(comparison.comparison.from)} → ${sideWords(comparison.comparison.to)}, ${formatInstant(
              comparison.comparison.to.at,
            )}. ${changeSummary(comparison.comparison.blocks)}`}
        </div>
        {comparison.state === 'error' && (
          <div className="notice notice-error" role="alert">
            <p>The comparison could not be made: {comparison.message}</p>
          </div>
        )}
        {comparison.state === 'ready' && (
          <ol className="cp-blocks" aria-label="Redline, paragraph by paragraph">
            {blocks.map((b) => (
              <RedlineBlock key={b.id} block={b} delegationName={delegationName} />
            ))}
          </ol>
        )}
      </main>
    </>
  );
}
