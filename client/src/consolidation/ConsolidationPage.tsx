import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { ROUND_PHASE_LABELS } from '@accord/shared';
import type { Session } from '../api/session.js';
import { Header } from '../Header.js';
import { useConfirm } from '../ConfirmDialog.js';
import { documentPath, followLink } from '../router.js';
import { RoundBanner } from '../rounds/RoundBanner.js';
import { ExportsButton } from '../exports/ExportsDialog.js';
import type { CompilationEntry } from './compilation.js';
import { CompilationList, type OpenForm } from './CompilationList.js';
import { NO_FILTER, filterCompilation, type WorkspaceFilter } from './consolidationFilter.js';
import type { CardHandlers } from './EntryCard.js';
import { SelectionBar } from './SelectionBar.js';
import { ShortcutList } from './ShortcutList.js';
import { useBulkDecisions } from './useBulkDecisions.js';
import { useCardFocus } from './useCardFocus.js';
import { useCardLimit } from './useCardLimit.js';
import { useConsolidationData } from './useConsolidationData.js';
import { useDecideEntry } from './useDecideEntry.js';
import { useWorkspaceKeys } from './useWorkspaceKeys.js';
import { WorkspaceFilters } from './WorkspaceFilters.js';
import './consolidation.css';

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
  const { doc, snapshot, names, round, title, compilation } = useConsolidationData(
    documentId,
    session,
  );

  const [filter, setFilter] = useState<WorkspaceFilter>(NO_FILTER);
  // Typing in the search box stays instant; the list follows when React has time.
  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(
    () => filterCompilation(compilation, deferredFilter),
    [compilation, deferredFilter],
  );
  const [limit, setLimit] = useCardLimit(deferredFilter, shown.entries.length);
  const { focusedKey, setFocusedKey, focusCard } = useCardFocus();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [form, setForm] = useState<OpenForm | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [confirmElement, confirm] = useConfirm();
  const searchRef = useRef<HTMLInputElement>(null);

  const selectedEntries = useMemo(
    () => compilation.entries.filter((e) => selected.has(e.key)),
    [compilation.entries, selected],
  );

  // Outside consolidation (a round in drafting) a decision cannot be undone: ask first then.
  const undoable = round === null || round.phase === 'consolidation';
  const onDecided = useCallback(
    (entry: CompilationEntry, message: string) => {
      setForm((f) => (f?.key === entry.key ? null : f));
      // The button pressed (or the form) is gone with the old status: the card keeps the focus.
      focusCard(entry.key);
      setAnnouncement(message);
    },
    [focusCard],
  );
  const { decide, outcomes } = useDecideEntry(confirm, undoable, onDecided);

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
    [decide, setFocusedKey],
  );

  const bulk = useBulkDecisions(selectedEntries, confirm, setSelected, setAnnouncement);

  useWorkspaceKeys(
    handlers,
    { shown, focusedKey, selectedEntries, acceptSelected: bulk.acceptSelected },
    { focusCard, setLimit, setBulkForm: bulk.setBulkForm, searchRef },
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
        <ShortcutList />
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
        <SelectionBar
          documentId={documentId}
          selectedCount={selected.size}
          selectedEntries={selectedEntries}
          bulk={bulk}
          onSelectAll={() => setSelected(new Set(shown.entries.map((e) => e.key)))}
          onClear={() => setSelected(new Set())}
          onMerged={(message) => {
            setSelected(new Set());
            setAnnouncement(message);
          }}
        />
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
        <div className="cw-list">
          {doc !== null && (
            <CompilationList
              shown={shown}
              limit={limit}
              names={names}
              focusedKey={focusedKey}
              selected={selected}
              form={form}
              outcomes={outcomes}
              handlers={handlers}
            />
          )}
        </div>
        {confirmElement}
      </main>
    </>
  );
}
