import { useCallback, useState, useSyncExternalStore } from 'react';
import type { Node } from 'prosemirror-model';
import {
  PARAGRAPH_STATUS_LABELS,
  PARAGRAPH_STATUSES,
  STATUS_BLOCK_TYPES,
  statusSummary,
  statusText,
  type ParagraphStatus,
  type ParagraphStatusValue,
  type StatusCounts,
  type StatusSummary,
} from '@accord/shared';
import { errorMessage } from '../api/http.js';
import { setStatus } from '../api/status.js';
import type { EditorSnapshot, EditorStateFeed } from '../editor/EditorStateFeed.js';
import { useFeedValue } from '../editor/useFeedValue.js';
import { labelAt } from '../editor/labelsPlugin.js';
import type { StatusStore } from './statusStore.js';

/** How long the counts wait for typing to pause before they are redone. */
const SUMMARY_SETTLE_MS = 300;

/** The paragraph (or action point) at the caret, with its label, or null. */
interface CaretBlock {
  id: string;
  label: string;
}

function caretBlock({ state }: EditorSnapshot): CaretBlock | null {
  if (!state) return null;
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (STATUS_BLOCK_TYPES.has(node.type.name) && typeof node.attrs.id === 'string') {
      // The label the margin shows (the round's), found among its decorations, not recomputed.
      const label = labelAt(state, $from.before(depth)) ?? 'this paragraph';
      return { id: node.attrs.id, label };
    }
  }
  return null;
}

const sameBlock = (a: CaretBlock | null, b: CaretBlock | null) =>
  a?.id === b?.id && a?.label === b?.label;

const docOf = ({ state }: EditorSnapshot): Node | null => state?.doc ?? null;

/**
 * "3 of 12 paragraphs agreed · 2 brackets remain · 1 alternative open", for one part or the whole
 * document.
 */
function countsText(c: StatusCounts): string {
  const brackets =
    c.brackets === 0
      ? 'no brackets remain'
      : c.brackets === 1
        ? '1 bracket remains'
        : `${c.brackets} brackets remain`;
  const alternatives =
    c.alternatives === 0
      ? ''
      : c.alternatives === 1
        ? ' · 1 alternative open'
        : ` · ${c.alternatives} alternatives open`;
  return `${c.agreed} of ${c.paragraphs} paragraphs agreed · ${brackets}${alternatives}`;
}

/**
 * The negotiation status of the open document (NS1, NS6, NS8): how far it is from a clean text
 * (paragraphs agreed, brackets remaining, per part), computed from the live text as it is typed,
 * and the status of the paragraph at the caret, which a pen-holder sets here. The statuses come
 * from the page's store, which follows the negotiation feed.
 */
export function StatusPanel({
  documentId,
  store,
  editorFeed,
  names,
  mayEdit,
}: {
  documentId: string;
  /** The document's statuses, kept live by the page (`useParagraphStatuses`). */
  store: StatusStore;
  editorFeed: EditorStateFeed;
  names: ReadonlyMap<string, string>;
  /** A pen-holder: may set statuses (the server refuses others anyway). */
  mayEdit: boolean;
}) {
  const { statuses, error: readError } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const doc = useFeedValue(editorFeed, docOf, {
    delayMs: (previous) => (previous === null ? 0 : SUMMARY_SETTLE_MS),
  });
  const caret = useFeedValue(editorFeed, caretBlock, { equal: sameBlock });
  const nameOf = useCallback((id: string) => names.get(id) ?? id, [names]);

  const summary: StatusSummary | null = doc ? statusSummary(doc, statuses) : null;
  const current = caret ? statuses.find((s) => s.blockId === caret.id) : undefined;

  return (
    <section className="status-panel" aria-labelledby="status-panel-title">
      <h2 id="status-panel-title" className="status-panel-title">
        Negotiation status
      </h2>
      {summary && (
        <p className="status-summary" data-testid="status-summary">
          {countsText(summary.document)}
        </p>
      )}
      {summary && summary.sections.length > 0 && (
        <details className="status-parts">
          <summary>By part</summary>
          <ul>
            {summary.sections.map((s) => (
              <li key={s.goalId ?? s.kind}>
                <strong>{s.label}:</strong> {countsText(s)}
                {s.pending > 0 && ` · ${s.pending} pending`}
                {s.held > 0 && ` · ${s.held} held`}
              </li>
            ))}
          </ul>
        </details>
      )}
      {caret && (
        <StatusForm
          key={`${caret.id}:${current?.setAt ?? ''}`}
          documentId={documentId}
          block={caret}
          current={current ?? null}
          names={names}
          nameOf={nameOf}
          mayEdit={mayEdit}
          onSaved={(list, text) => {
            store.set(list);
            setAnnouncement(text);
            setError(null);
          }}
          onError={setError}
        />
      )}
      {(error ?? readError) && (
        <p className="status-error" role="alert">
          {error ?? readError}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}

/** The status of the paragraph at the caret, and for a pen-holder the form that sets it. */
function StatusForm({
  documentId,
  block,
  current,
  names,
  nameOf,
  mayEdit,
  onSaved,
  onError,
}: {
  documentId: string;
  block: CaretBlock;
  current: ParagraphStatus | null;
  names: ReadonlyMap<string, string>;
  nameOf: (id: string) => string;
  mayEdit: boolean;
  onSaved: (statuses: ParagraphStatus[], announcement: string) => void;
  onError: (message: string) => void;
}) {
  const [value, setValue] = useState<ParagraphStatusValue | ''>(current?.status ?? '');
  const [waitingFor, setWaitingFor] = useState(current?.waitingFor ?? '');
  const [busy, setBusy] = useState(false);
  const shown = current ? statusText(current, nameOf) : 'No status';
  if (!mayEdit)
    return (
      <p className="status-current">
        {block.label}: {shown}
      </p>
    );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const answer = await setStatus(documentId, block.id, {
        status: value === '' ? null : value,
        waitingFor: value === 'pending' ? waitingFor || null : null,
      });
      const now = answer.statuses.find((s) => s.blockId === block.id);
      onSaved(answer.statuses, `${block.label}: ${now ? statusText(now, nameOf) : 'no status'}.`);
    } catch (e) {
      onError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const sorted = [...names].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <form className="status-form" onSubmit={(e) => void submit(e)}>
      <span className="status-current">
        {block.label}: {shown}
      </span>
      <label>
        Status of {block.label}{' '}
        <select
          value={value}
          onChange={(e) => setValue(e.target.value as ParagraphStatusValue | '')}
        >
          <option value="">No status</option>
          {PARAGRAPH_STATUSES.map((s) => (
            <option key={s} value={s}>
              {PARAGRAPH_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {value === 'pending' && (
        <label>
          waiting for{' '}
          <select value={waitingFor} onChange={(e) => setWaitingFor(e.target.value)} required>
            <option value="">Choose a delegation</option>
            {sorted.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="button" disabled={busy}>
        Set status
      </button>
    </form>
  );
}
