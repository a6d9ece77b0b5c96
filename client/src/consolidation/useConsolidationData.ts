import { useEffect, useMemo, useRef } from 'react';
import type { Node } from 'prosemirror-model';
import type { Round } from '@accord/shared';
import type { Session } from '../api/session.js';
import { usePresenceUser } from '../session/usePresenceUser.js';
import { useAmendmentFeed, type FeedSnapshot } from '../amendments/AmendmentFeed.js';
import { useBaseText } from '../amendments/useBaseText.js';
import { useDelegationNames } from '../amendments/useDelegationNames.js';
import { useRoundLabels } from '../editor/useRoundLabels.js';
import { useNegotiation } from '../rounds/negotiationStore.js';
import { buildCompilation, type Compilation, type EntryCache } from './compilation.js';

/** Presence colour until the server stamps one. */

/** What the workspace is built from, live: the text, the round's amendments and their compilation. */
export interface ConsolidationData {
  /** The base text, null until the first sync. */
  doc: Node | null;
  snapshot: FeedSnapshot;
  names: ReadonlyMap<string, string>;
  /** The round under way, or null when none is. */
  round: Round | null;
  title: string;
  compilation: Compilation;
}

/**
 * The sources of the consolidation workspace (the text, the amendment feed, the delegations'
 * names, the current round) and the compilation built from them. Also names the browser tab and
 * marks when each source arrived on the page's performance timeline.
 */
export function useConsolidationData(documentId: string, session: Session): ConsolidationData {
  const user = usePresenceUser(session);
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

  return { doc, snapshot, names, round, title, compilation };
}
