import { useCallback, useEffect, useState } from 'react';
import {
  SILENCE_STATE_LABELS,
  type DocumentSummary,
  type NegotiationEvent,
  type SilenceProcedure,
} from '@accord/shared';
import { asSentence, errorMessage } from '../api/http.js';
import { fetchDocuments } from '../api/documents.js';
import { fetchSilence } from '../api/silence.js';
import { useNegotiationEvents } from '../rounds/negotiationStore.js';

/** What the page shows and does in one place: the procedures, newest state of each. */
type Procedures = SilenceProcedure[] | null;

/** The procedures with `next` in place of its older state (or added). */
function withProcedure(list: Procedures, next: SilenceProcedure): Procedures {
  if (!list) return list;
  const i = list.findIndex((p) => p.id === next.id);
  if (i === -1) return [...list, next];
  // Events and answers can cross: a decided procedure never goes back under silence.
  if (list[i]!.state !== 'under-silence' && next.state === 'under-silence') return list;
  return list.map((p) => (p.id === next.id ? next : p));
}

/** The silence procedures as the page knows them, and how to refresh or update them. */
export interface SilenceProcedures {
  /** Every procedure, newest state of each; null until the first answer. */
  procedures: Procedures;
  /** Why the procedures could not be loaded, as a sentence, or null. */
  loadError: string | null;
  /** The texts, for their titles (empty if they could not be read). */
  documents: DocumentSummary[];
  /** What to announce to screen readers: the outcome of a procedure decided meanwhile. */
  announcement: string;
  /** Reads the procedures again from the server. */
  load: (signal?: AbortSignal) => void;
  /** Takes a procedure's new state from an answer of the server. */
  received: (p: SilenceProcedure) => void;
}

/**
 * The silence procedures, loaded once and then live from the negotiation feed; read again
 * whenever the feed (re)connects, since silence events are not replayed.
 */
export function useSilenceProcedures(): SilenceProcedures {
  const [procedures, setProcedures] = useState<Procedures>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback((signal?: AbortSignal) => {
    fetchSilence(signal)
      .then((list) => {
        setLoadError(null);
        // What the server answers now wins, except that a procedure seen decided stays so.
        setProcedures((current) =>
          list.procedures.reduce<Procedures>((acc, p) => withProcedure(acc, p), current ?? []),
        );
      })
      .catch((e: unknown) => {
        if (!signal?.aborted) setLoadError(asSentence(errorMessage(e)));
      });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    fetchDocuments(controller.signal)
      .then(setDocuments)
      .catch(() => {
        // Titles are a nicety; ids stand in for them.
      });
    return () => controller.abort();
  }, [load]);

  const onEvent = useCallback(
    (event: NegotiationEvent) => {
      // The feed sends the rounds on every (re)connect: what changed while it was down is read
      // again then, since silence events are not replayed.
      if (event.type === 'rounds') return load();
      if (event.type !== 'silence') return;
      setProcedures((list) => withProcedure(list ?? [], event.procedure));
      if (event.procedure.state !== 'under-silence')
        setAnnouncement(`The silence procedure is ${SILENCE_STATE_LABELS[event.procedure.state]}.`);
    },
    [load],
  );
  useNegotiationEvents(onEvent);

  const received = useCallback((p: SilenceProcedure) => {
    setProcedures((list) => withProcedure(list, p));
  }, []);

  return { procedures, loadError, documents, announcement, load, received };
}
