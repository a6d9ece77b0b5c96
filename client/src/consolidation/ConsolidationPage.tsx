import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { ROUND_PHASE_LABELS, isUndoable, type Amendment } from '@accord/shared';
import type { Session } from '../api/session.js';
import { createCompromise } from '../api/amendments.js';
import { errorMessage } from '../api/http.js';
import { Header } from '../Header.js';
import { useConfirm } from '../ConfirmDialog.js';
import { documentPath, followLink } from '../router.js';
import type { PresenceUser } from '../presenceUser.js';
import { useAmendmentFeed } from '../amendments/AmendmentFeed.js';
import { useBaseText } from '../amendments/useBaseText.js';
import { useDelegationNames } from '../amendments/useDelegationNames.js';
import { useRoundLabels } from '../editor/useRoundLabels.js';
import { RoundBanner } from '../rounds/RoundBanner.js';
import { useNegotiation } from '../rounds/negotiationStore.js';
import { buildCompilation, type CompilationEntry, type EntryCache } from './compilation.js';
import { NO_FILTER, filterCompilation, type WorkspaceFilter } from './consolidationFilter.js';
import { EntryCard, type CardForm, type CardHandlers, type CardOutcome } from './EntryCard.js';
import {
  decideEntry,
  entryNumbers,
  runBatch,
  type BatchFailure,
  type EntryDecision,
} from './entryDecisions.js';
import { WorkspaceFilters } from './WorkspaceFilters.js';
import { ExportsButton } from '../exports/ExportsDialog.js';
import { WORKSPACE_SHORTCUTS, commandOf, keyLabel } from './workspaceShortcuts.js';
import './consolidation.css';

/** Presence colour until the server stamps one. */
const NEUTRAL = '#6b7280';
/** Cards drawn at first (more than a screenful), so the page and each new filter show at once. */
const FIRST_CARDS = 40;
/** Cards drawn per task after the first ones, until the whole list is there (Ctrl+F finds all). */
const RENDER_STEP = 200;

const DONE_WORDS: Record<EntryDecision['kind'], string> = {
  accept: 'accepted',
  'accept-with-changes': 'accepted with changes',
  reject: 'rejected',
  undo: 'decision undone',
};

/** The target amendments to the same paragraph share, for merging (the server's rule). */
function mergeTarget(a: Amendment): string {
  return a.kind === 'insert' ? `after:${a.afterBlockId}` : `on:${a.blockId}`;
}

/** A batch in progress or finished: how far it got and what the server refused. */
interface Batch {
  what: string;
  done: number;
  total: number;
  failures: BatchFailure<CompilationEntry>[];
  finished: boolean;
}

/**
 * The consolidation workspace (SPEC CW1–CW5, issue 10) for the Chair, Co-Chairs and the
 * Secretariat: the round's amendments paragraph by paragraph, live; filters; decisions one by
 * one or on a selection, merges into a compromise, undo; all by keyboard as well.
 */
export function ConsolidationPage({
  documentId,
  session,
}: {
  documentId: string;
  session: Session;
}) {
  const { person, delegation } = session;
  const user = useMemo<PresenceUser>(
    () => ({
      name: person.displayName,
      color: person.color ?? NEUTRAL,
      personId: person.id,
      delegationId: delegation.id,
      delegationName: delegation.name,
    }),
    [person.displayName, person.color, person.id, delegation.id, delegation.name],
  );
  const doc = useBaseText(documentId, user, { marks: 'cw' });
  const labels = useRoundLabels(documentId, doc);
  const { snapshot } = useAmendmentFeed(documentId);
  const names = useDelegationNames();
  const { rounds } = useNegotiation();
  const round = rounds?.rounds.find((r) => r.id === rounds.currentRoundId) ?? null;
  const title = doc?.firstChild?.textContent || documentId;

  // The round's amendments (every amendment when no round is under way).
  const amendments = useMemo(
    () => (round ? snapshot.amendments.filter((a) => a.roundId === round.id) : snapshot.amendments),
    [snapshot.amendments, round],
  );
  const cache = useRef<EntryCache>(new Map());
  const compilation = useMemo(
    () => buildCompilation(doc, labels, amendments, cache.current),
    [doc, labels, amendments],
  );

  const [filter, setFilter] = useState<WorkspaceFilter>(NO_FILTER);
  // Typing in the search box stays instant; the list follows when React has time.
  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(
    () => filterCompilation(compilation, deferredFilter),
    [compilation, deferredFilter],
  );

  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  // A new object each time the keyboard (or a decision) moves the focus to a card.
  const [focusTarget, setFocusTarget] = useState<{ key: string } | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [form, setForm] = useState<{ key: string; form: CardForm } | null>(null);
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, CardOutcome>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const [batch, setBatch] = useState<Batch | null>(null);
  const [bulkForm, setBulkForm] = useState<'reject' | 'merge' | null>(null);
  const [limit, setLimit] = useState(FIRST_CARDS);
  // A new filter starts from the first cards again rather than drawing the whole list at once.
  const [limitFor, setLimitFor] = useState(deferredFilter);
  if (limitFor !== deferredFilter) {
    setLimitFor(deferredFilter);
    setLimit(FIRST_CARDS);
  }
  const [confirmElement, confirm] = useConfirm();
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `Consolidation: ${title} — Accord`;
  }, [title]);

  // When each of the workspace's sources arrived, for the benchmark's timeline (npm run bench).
  useEffect(() => {
    performance.mark('cw:page mounted');
  }, []);
  useEffect(() => {
    if (doc !== null) performance.mark('cw:text synced');
  }, [doc !== null]);
  useEffect(() => {
    if (snapshot.loaded) performance.mark('cw:amendments loaded');
  }, [snapshot.loaded]);

  // Draw the rest of a long list a step at a time after the first screenful.
  useEffect(() => {
    if (limit >= shown.entries.length) return;
    const timer = setTimeout(() => setLimit((l) => l + RENDER_STEP), 0);
    return () => clearTimeout(timer);
  }, [limit, shown.entries.length]);

  // Focus follows the keyboard: the focused card takes the browser's focus and comes into view.
  useEffect(() => {
    if (focusTarget === null) return;
    const card = document.querySelector<HTMLElement>(
      `[data-entry="${CSS.escape(focusTarget.key)}"]`,
    );
    card?.focus({ preventScroll: true });
    card?.scrollIntoView({ block: 'nearest' });
  }, [focusTarget]);

  const selectedEntries = useMemo(
    () => compilation.entries.filter((e) => selected.has(e.key)),
    [compilation.entries, selected],
  );

  const setOutcome = (key: string, outcome: CardOutcome | null) =>
    setOutcomes((old) => {
      const next = new Map(old);
      if (outcome) next.set(key, outcome);
      else next.delete(key);
      return next;
    });

  // Outside consolidation (a round in drafting) a decision cannot be undone: ask first then.
  const undoable = round === null || round.phase === 'consolidation';
  const decide = useCallback(
    async (entry: CompilationEntry, decision: EntryDecision) => {
      if (decision.kind === 'accept' && !undoable) {
        const yes = await confirm({
          title: `Accept ${entryNumbers(entry)}?`,
          body: (
            <p>
              {entry.first.label} changes at once. Decisions can only be undone while the round is
              in consolidation.
            </p>
          ),
          confirmLabel: 'Accept',
        });
        if (!yes) return;
      }
      setOutcome(entry.key, { busy: true, error: null });
      try {
        await decideEntry(entry, decision);
        setOutcome(entry.key, null);
        setForm((f) => (f?.key === entry.key ? null : f));
        // The button pressed (or the form) is gone with the old status: the card keeps the focus.
        setFocusedKey(entry.key);
        setFocusTarget({ key: entry.key });
        setAnnouncement(`${entryNumbers(entry)} ${DONE_WORDS[decision.kind]}.`);
      } catch (error) {
        setOutcome(entry.key, { busy: false, error: errorMessage(error) });
      }
    },
    [confirm, undoable],
  );

  const handlers = useMemo<CardHandlers>(
    () => ({
      focus: (key) => setFocusedKey(key),
      toggle: (key) =>
        setSelected((old) => {
          const next = new Set(old);
          if (next.has(key)) next.delete(key);
          else next.add(key);
          return next;
        }),
      open: (key, f) => setForm(f === null ? null : { key, form: f }),
      decide: (entry, decision) => void decide(entry, decision),
    }),
    [decide],
  );

  const runSelected = useCallback(
    async (what: string, decision: EntryDecision) => {
      const items = selectedEntries.filter((e) => e.status === 'submitted');
      if (items.length === 0) return;
      setBulkForm(null);
      const progress = (done: number, total: number) =>
        setBatch({ what, done, total, failures: [], finished: false });
      const { succeeded, failed } = await runBatch(
        items,
        (e) => decideEntry(e, decision),
        progress,
      );
      setBatch({ what, done: items.length, total: items.length, failures: failed, finished: true });
      setSelected((old) => {
        const next = new Set(old);
        for (const e of succeeded) next.delete(e.key);
        return next;
      });
      setAnnouncement(
        `${succeeded.length} of ${items.length} ${what}${failed.length ? `; ${failed.length} refused` : ''}.`,
      );
    },
    [selectedEntries],
  );

  const acceptSelected = useCallback(async () => {
    const open = selectedEntries.filter((e) => e.status === 'submitted');
    if (open.length === 0) return;
    const yes = await confirm({
      title: `Accept ${open.length === 1 ? 'this amendment' : `${open.length} amendments`}?`,
      body: (
        <p>
          {open.map((e) => `${entryNumbers(e)} (${e.first.label})`).join(', ')} will go into the
          text, one after another. Each can be undone while the round is in consolidation.
        </p>
      ),
      confirmLabel: 'Accept selected',
    });
    if (yes) await runSelected('accepted', { kind: 'accept' });
  }, [confirm, runSelected, selectedEntries]);

  // The keyboard (CW4), read from the latest state through a ref so the listener stays put.
  const keyState = useRef({ shown, focusedKey, acceptSelected, decide, selectedEntries });
  keyState.current = { shown, focusedKey, acceptSelected, decide, selectedEntries };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandOf(event);
      if (command === null) return;
      const { shown, focusedKey, acceptSelected, decide, selectedEntries } = keyState.current;
      const entries = shown.entries;
      const index = entries.findIndex((e) => e.key === focusedKey);
      const focused = index === -1 ? null : entries[index]!;
      const move = (to: number) => {
        const target = entries[Math.max(0, Math.min(entries.length - 1, to))];
        if (!target) return;
        setLimit((l) => Math.max(l, to + RENDER_STEP));
        setFocusedKey(target.key);
        setFocusTarget({ key: target.key });
      };
      event.preventDefault();
      switch (command) {
        case 'next':
          move(index + 1);
          break;
        case 'previous':
          move(index === -1 ? 0 : index - 1);
          break;
        case 'select':
          if (focused) handlers.toggle(focused.key);
          break;
        case 'accept':
          if (focused?.status === 'submitted') void decide(focused, { kind: 'accept' });
          break;
        case 'reject':
          if (focused?.status === 'submitted') setForm({ key: focused.key, form: 'reject' });
          break;
        case 'undo':
          if (focused?.amendments.some(isUndoable)) void decide(focused, { kind: 'undo' });
          break;
        case 'acceptSelected':
          void acceptSelected();
          break;
        case 'rejectSelected':
          if (selectedEntries.length > 0) setBulkForm('reject');
          break;
        case 'search':
          searchRef.current?.focus();
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [handlers]);

  const openSelected = selectedEntries.filter((e) => e.status === 'submitted');
  const mergeable =
    openSelected.length === selectedEntries.length &&
    selectedEntries.flatMap((e) => e.amendments).length >= 2 &&
    new Set(selectedEntries.map((e) => mergeTarget(e.first))).size === 1;

  // Draw paragraphs until `limit` cards are drawn.
  let budget = limit;
  const visible: ReactNode[] = [];
  const card = (entry: CompilationEntry, text: string) => (
    <EntryCard
      key={entry.key}
      entry={entry}
      paragraphText={text}
      names={names}
      focused={entry.key === focusedKey || (focusedKey === null && entry === shown.entries[0])}
      selected={selected.has(entry.key)}
      form={form?.key === entry.key ? form.form : null}
      outcome={outcomes.get(entry.key)}
      handlers={handlers}
    />
  );
  for (const { paragraph, entries } of shown.paragraphs) {
    if (budget <= 0) break;
    const drawn = entries.slice(0, budget);
    budget -= drawn.length;
    visible.push(
      <section
        key={paragraph.blockId}
        className="cw-paragraph"
        aria-labelledby={`cw-p-${paragraph.blockId}`}
      >
        <h2 id={`cw-p-${paragraph.blockId}`} className="cw-paragraph-label">
          {paragraph.label || 'Paragraph'}
          <span className="cw-part"> · {paragraph.part.name}</span>
        </h2>
        <p className="cw-text">{paragraph.text}</p>
        {drawn.map((e) => card(e, paragraph.text))}
      </section>,
    );
  }
  if (budget > 0 && shown.orphans.length > 0)
    visible.push(
      <section key="orphans" className="cw-paragraph" aria-labelledby="cw-p-orphans">
        <h2 id="cw-p-orphans" className="cw-paragraph-label">
          Paragraphs no longer in the text
        </h2>
        {shown.orphans.slice(0, budget).map((e) => card(e, ''))}
      </section>,
    );

  return (
    <>
      <Header />
      <main className="editor-page cw-page">
        <p>
          <a href={documentPath(documentId)} onClick={followLink}>
            ← Back to the text
          </a>
        </p>
        <h1>Consolidation: {title}</h1>
        <RoundBanner />
        <div className="cw-exports">
          <ExportsButton documentId={documentId} className="button" />
        </div>
        <p className="muted">
          {round
            ? `${round.name} is ${ROUND_PHASE_LABELS[round.phase]}: its amendments are listed. Decisions can be undone while it is in consolidation.`
            : 'Every amendment to the text is listed.'}
        </p>
        <section className="cw-keys" aria-labelledby="cw-keys-title">
          <h2 id="cw-keys-title">Keyboard shortcuts</h2>
          <dl>
            {Object.entries(WORKSPACE_SHORTCUTS).map(([command, s]) => (
              <div key={command}>
                <dt>
                  <kbd>{keyLabel(command as keyof typeof WORKSPACE_SHORTCUTS)}</kbd>
                </dt>
                <dd>{s.says}</dd>
              </div>
            ))}
          </dl>
        </section>
        <WorkspaceFilters
          compilation={compilation}
          filter={filter}
          onChange={setFilter}
          names={names}
          searchRef={searchRef}
        />
        <p className="cw-count" role="status">
          {snapshot.loaded && doc !== null
            ? `${shown.entries.length} of ${compilation.entries.length} amendments shown`
            : ''}
        </p>
        <div className="cw-bulk" role="group" aria-label="Selected amendments">
          <span>{selected.size} selected</span>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => setSelected(new Set(shown.entries.map((e) => e.key)))}
          >
            Select all shown
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={selected.size === 0}
            onClick={() => setSelected(new Set())}
          >
            Clear selection
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={openSelected.length === 0 || (batch !== null && !batch.finished)}
            aria-keyshortcuts={WORKSPACE_SHORTCUTS.acceptSelected.aria}
            onClick={() => void acceptSelected()}
          >
            Accept selected
          </button>
          <button
            type="button"
            className="button"
            disabled={openSelected.length === 0 || (batch !== null && !batch.finished)}
            aria-expanded={bulkForm === 'reject'}
            aria-keyshortcuts={WORKSPACE_SHORTCUTS.rejectSelected.aria}
            onClick={() => setBulkForm(bulkForm === 'reject' ? null : 'reject')}
          >
            Reject selected…
          </button>
          <button
            type="button"
            className="button"
            disabled={!mergeable}
            aria-expanded={bulkForm === 'merge'}
            onClick={() => setBulkForm(bulkForm === 'merge' ? null : 'merge')}
          >
            Merge selected into a compromise…
          </button>
        </div>
        {bulkForm === 'reject' && (
          <BulkRejectForm
            count={openSelected.length}
            onCancel={() => setBulkForm(null)}
            onReject={(reason) => void runSelected('rejected', { kind: 'reject', reason })}
          />
        )}
        {bulkForm === 'merge' && mergeable && (
          <MergeForm
            entries={selectedEntries}
            onCancel={() => setBulkForm(null)}
            onMerged={(message) => {
              setBulkForm(null);
              setSelected(new Set());
              setAnnouncement(message);
            }}
            documentId={documentId}
          />
        )}
        {batch && <BatchReport batch={batch} onClose={() => setBatch(null)} />}
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
        {snapshot.error && (
          <div className="notice notice-error" role="alert">
            <p>The amendments could not be loaded: {snapshot.error}</p>
          </div>
        )}
        {(!snapshot.loaded || doc === null) && !snapshot.error && (
          <p role="status">Loading the compilation…</p>
        )}
        {snapshot.loaded && doc !== null && compilation.entries.length === 0 && (
          <p>No amendments have been submitted in this round yet.</p>
        )}
        <div className="cw-list">{doc !== null && visible}</div>
        {confirmElement}
      </main>
    </>
  );
}

function BatchReport({ batch, onClose }: { batch: Batch; onClose: () => void }) {
  return (
    <div className="cw-batch">
      <p role="status">
        {batch.finished
          ? `${batch.total - batch.failures.length} of ${batch.total} ${batch.what}.`
          : `Working: ${batch.done} of ${batch.total}…`}{' '}
        <progress value={batch.done} max={Math.max(batch.total, 1)} aria-label="Progress" />
      </p>
      {batch.failures.length > 0 && (
        <div role="alert">
          <p>The server refused:</p>
          <ul>
            {batch.failures.map((f) => (
              <li key={f.item.key}>
                {entryNumbers(f.item)} ({f.item.first.label}): {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {batch.finished && (
        <button type="button" className="button button-quiet" onClick={onClose}>
          Dismiss
        </button>
      )}
    </div>
  );
}

function BulkRejectForm({
  count,
  onReject,
  onCancel,
}: {
  count: number;
  onReject: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <form
      className="cw-form"
      onSubmit={(event) => {
        event.preventDefault();
        onReject(reason.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor="cw-bulk-reason">
        Reason for rejecting the {count} selected (required, given to each)
      </label>
      <input
        id="cw-bulk-reason"
        className="field-input"
        value={reason}
        maxLength={500}
        required
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button" disabled={reason.trim() === ''}>
        Reject {count}
      </button>
    </form>
  );
}

function MergeForm({
  entries,
  documentId,
  onMerged,
  onCancel,
}: {
  entries: readonly CompilationEntry[];
  documentId: string;
  onMerged: (message: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(entries[0]!.first.proposedText);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = entries.flatMap((e) => e.amendments.map((a) => a.id));
  const cited = entries.map(entryNumbers).join(', ');
  return (
    <form
      className="cw-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        createCompromise(documentId, ids, text.replace(/\s*\n\s*/g, ' '), reason.trim() || null)
          .then(() => onMerged(`${cited} merged into a compromise.`))
          .catch((e: unknown) => setError(errorMessage(e)))
          .finally(() => setBusy(false));
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor="cw-merge-text">Compromise text for {cited}</label>
      <textarea
        id="cw-merge-text"
        className="field-input"
        rows={4}
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
      />
      <label htmlFor="cw-merge-reason">Reason (optional)</label>
      <input
        id="cw-merge-reason"
        className="field-input"
        value={reason}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={busy || text.trim() === ''}>
        Merge into the compromise
      </button>
      {error && (
        <p className="cw-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
