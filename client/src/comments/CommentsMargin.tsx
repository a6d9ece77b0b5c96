import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Thread } from '@accord/shared';
import type { Session } from '../api/session.js';
import type { EditorSnapshot, EditorStateFeed } from '../editor/EditorStateFeed.js';
import { useFeedValue } from '../editor/useFeedValue.js';
import type { AnchorPlacement } from './anchorState.js';
import { MarginAligner } from './marginAligner.js';
import { NewThreadForm, type PendingThread } from './NewThreadForm.js';
import { paragraphAt } from './paragraphAt.js';
import { selectionAnchor, type TextAnchor } from './textAnchor.js';
import { ThreadCard } from './ThreadCard.js';
import { threadPluginKey, type ThreadAnchors } from './threadPlugin.js';

/** What the margin shows beside the text. */
export interface CommentsMarginProps {
  documentId: string;
  session: Session;
  names: ReadonlyMap<string, string>;
  /** Every thread the reader may see (the feed's). */
  threads: readonly Thread[];
  /** Which text this editor shows: the base, or the delegation's working copy. */
  on: TextAnchor['on'];
  editorFeed: EditorStateFeed;
  anchors: ThreadAnchors;
  /** A thread being started (the form is shown at its paragraph), or null. */
  pending: PendingThread | null;
  onPendingClose: (posted: boolean) => void;
  /** Starts a thread on the whole document (the base editor's general comments). */
  onStartGeneral?: () => void;
  onThread: (thread: Thread) => void;
}

const version = ({ state }: EditorSnapshot) =>
  state ? (threadPluginKey.getState(state)?.version ?? -1) : -1;
const viewOf = ({ view }: EditorSnapshot) => view;
const activeOf = ({ state }: EditorSnapshot): readonly string[] =>
  (state && threadPluginKey.getState(state)?.active) || [];
const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** A group of threads beside one paragraph, or the form of a new one. */
interface Group {
  key: string;
  pos: number;
  threads: Thread[];
  form: boolean;
}

function placeOf(p: AnchorPlacement | undefined): number | null {
  if (!p) return null;
  return p.kind === 'attached' ? p.from : p.at;
}

/**
 * The comment threads beside the text: each paragraph's threads at its top (aligned by
 * `MarginAligner` without re-rendering), the thread the selection is in highlighted and
 * opened, detached threads with their words, and the general comments on the document. It
 * re-renders when threads change or are placed anew, never for a keystroke.
 */
export function CommentsMargin(props: CommentsMarginProps) {
  const { documentId, session, names, threads, on, editorFeed, anchors, pending } = props;
  const placed = useFeedValue(editorFeed, version);
  const active = useFeedValue(editorFeed, activeOf, { equal: sameIds });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [showResolved, setShowResolved] = useState(false);
  const [aligner] = useState(() => new MarginAligner());
  const track = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const resolvedId = useId();
  const view = useFeedValue(editorFeed, viewOf);
  const { state } = editorFeed.getSnapshot();

  const mine = useMemo(
    () =>
      threads.filter(
        (t) =>
          t.anchor.type === 'text' && t.anchor.on === on && (showResolved || t.status === 'open'),
      ),
    [threads, on, showResolved],
  );
  const general = useMemo(
    () =>
      props.onStartGeneral
        ? threads.filter(
            (t) => t.anchor.type === 'document' && (showResolved || t.status === 'open'),
          )
        : [],
    [threads, props.onStartGeneral, showResolved],
  );

  // Placements change only when `placed` does; read from the state then.
  const { groups, unplaced, detached } = useMemo(() => {
    const placements = state ? threadPluginKey.getState(state)?.placements : undefined;
    const byParagraph = new Map<number, Group>();
    const unplacedList: Thread[] = [];
    const detachedIds = new Set<string>();
    for (const t of mine) {
      const p = placements?.get(t.id);
      if (p?.kind === 'detached') detachedIds.add(t.id);
      const at = placeOf(p);
      const paragraph = state && at !== null ? paragraphAt(state.doc, at) : null;
      if (!paragraph) {
        unplacedList.push(t);
        continue;
      }
      const group = byParagraph.get(paragraph.pos) ?? {
        key: t.id,
        pos: paragraph.pos,
        threads: [],
        form: false,
      };
      group.threads.push(t);
      byParagraph.set(paragraph.pos, group);
    }
    const list = [...byParagraph.values()];
    if (pending?.anchor.type === 'text' && state) {
      const at = Math.min(state.selection.from, state.doc.content.size);
      list.push({ key: 'new-thread', pos: at, threads: [], form: true });
    }
    list.sort((a, b) => a.pos - b.pos);
    return { groups: list, unplaced: unplacedList, detached: detachedIds };
    // `placed` stands for the placements in `state`.
  }, [mine, placed, pending]);

  useEffect(() => aligner.attach(view, track.current), [aligner, view]);
  useEffect(() => anchors.onResolved(() => aligner.schedule()), [anchors, aligner]);
  useEffect(() => {
    let doc = editorFeed.getSnapshot().state?.doc;
    return editorFeed.subscribe(() => {
      const next = editorFeed.getSnapshot().state?.doc;
      if (next === doc) return;
      doc = next;
      aligner.schedule();
    });
  }, [editorFeed, aligner]);
  useLayoutEffect(() => aligner.schedule());

  const activeSet = new Set(active);
  const expand = (id: string, open: boolean) => {
    const next = new Set(expanded);
    if (open) next.add(id);
    else next.delete(id);
    setExpanded(next);
  };
  const currentAnchor = () => {
    const s = editorFeed.getSnapshot().state;
    return s ? selectionAnchor(s, on) : null;
  };
  const card = (t: Thread) => (
    <ThreadCard
      key={t.id}
      thread={t}
      session={session}
      names={names}
      onThread={props.onThread}
      expanded={expanded.has(t.id) || activeSet.has(t.id)}
      onExpand={(open) => expand(t.id, open)}
      detached={detached.has(t.id)}
      active={activeSet.has(t.id)}
      selectionAnchor={currentAnchor}
    />
  );
  const openCount = threads.filter(
    (t) =>
      t.status === 'open' &&
      ((t.anchor.type === 'text' && t.anchor.on === on) ||
        (t.anchor.type === 'document' && props.onStartGeneral)),
  ).length;

  return (
    <aside
      className="cm-margin"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) view?.focus();
      }}
    >
      <div className="cm-margin-head">
        <h2 id={headingId} className="cm-margin-heading" tabIndex={-1}>
          Comments ({openCount} open)
        </h2>
        <label className="cm-toggle" htmlFor={resolvedId}>
          <input
            id={resolvedId}
            type="checkbox"
            checked={showResolved}
            onChange={(event) => setShowResolved(event.target.checked)}
          />{' '}
          Show resolved
        </label>
      </div>
      {props.onStartGeneral && (
        <section className="cm-general" aria-label="General comments">
          <h3 className="cm-section-heading">General comments ({general.length})</h3>
          {general.map(card)}
          {pending?.anchor.type === 'document' ? (
            <NewThreadForm
              documentId={documentId}
              pending={pending}
              delegationName={session.delegation.name}
              onThread={props.onThread}
              onClose={props.onPendingClose}
            />
          ) : (
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={props.onStartGeneral}
            >
              Comment on the whole document
            </button>
          )}
        </section>
      )}
      {unplaced.length > 0 && (
        <section className="cm-unplaced" aria-label="Detached comments">
          <h3 className="cm-section-heading">Detached comments ({unplaced.length})</h3>
          {unplaced.map(card)}
        </section>
      )}
      <div className="cm-track" ref={track}>
        {groups.map((group) =>
          group.form && pending ? (
            <div key={group.key} className="cm-group cm-group-form" data-cm-at={group.pos}>
              <NewThreadForm
                documentId={documentId}
                pending={pending}
                delegationName={session.delegation.name}
                onThread={props.onThread}
                onClose={props.onPendingClose}
              />
            </div>
          ) : (
            <div
              key={group.key}
              className="cm-group"
              data-cm-at=""
              data-cm-thread={group.threads[0]!.id}
            >
              {group.threads.map(card)}
            </div>
          ),
        )}
      </div>
    </aside>
  );
}
