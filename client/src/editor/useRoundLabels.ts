import { useEffect, useMemo, useState } from 'react';
import type { Node } from 'prosemirror-model';
import type { BlockLabel } from '@accord/shared';
import { fetchLabels } from '../api/labels.js';
import { RoundLabelSource } from './roundLabelSource.js';

/**
 * The round's labels of `doc`, a text of document `documentId` (SPEC SL), for pages that list
 * blocks by label outside the editor (the working copy's changes): read from the server when
 * mounted and when the tab regains focus; an empty map while `doc` is null.
 */
export function useRoundLabels(documentId: string, doc: Node | null): Map<string, BlockLabel> {
  const [source, setSource] = useState<RoundLabelSource | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const next = new RoundLabelSource((signal) => fetchLabels(documentId, signal));
    const unsubscribe = next.subscribe(() => setVersion((v) => v + 1));
    const refresh = () => void next.refresh();
    refresh();
    window.addEventListener('focus', refresh);
    setSource(next);
    return () => {
      window.removeEventListener('focus', refresh);
      unsubscribe();
      next.stop();
    };
  }, [documentId]);
  return useMemo(
    () => (doc && source ? source.labelsOf(doc) : new Map<string, BlockLabel>()),
    // `version` changes when the server's answer arrives.
    [doc, source, version],
  );
}
