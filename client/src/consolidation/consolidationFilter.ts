import type { AmendmentStatus } from '@accord/shared';
import {
  foldForSearch,
  type Compilation,
  type CompilationEntry,
  type CompilationParagraph,
} from './compilation.js';

/**
 * The workspace's filters (SPEC CW2), as one pure function over a prepared compilation, so that
 * it is computed once per change of the input and tested without a browser. Every criterion is
 * optional; all given must hold.
 */
export interface WorkspaceFilter {
  /** A delegation that proposed or co-sponsors the amendment. */
  delegationId: string | null;
  /** A status; "open" is `submitted`, "decided" any pen-holder's decision. */
  status: AmendmentStatus | 'open' | 'decided' | null;
  /** A part's id: "preamble", "operative", "goal-3". */
  part: string | null;
  /** A paragraph's label as listed ("OP3"). */
  paragraph: string | null;
  /** Words that must all appear in the proposal, a justification, the label or "a12". */
  search: string;
}

/** No filter: everything is shown. */
export const NO_FILTER: WorkspaceFilter = {
  delegationId: null,
  status: null,
  part: null,
  paragraph: null,
  search: '',
};

const DECIDED: ReadonlySet<AmendmentStatus> = new Set([
  'accepted',
  'accepted-with-changes',
  'rejected',
  'merged',
]);

/** What is shown after filtering: the paragraphs with an entry left, and those entries. */
export interface FilteredCompilation {
  paragraphs: readonly { paragraph: CompilationParagraph; entries: readonly CompilationEntry[] }[];
  orphans: readonly CompilationEntry[];
  /** Every shown entry in order: what j/k move through and "select all" selects. */
  entries: readonly CompilationEntry[];
}

/** A predicate for `filter`, with the search folded and split once. */
export function entryMatcher(filter: WorkspaceFilter): (entry: CompilationEntry) => boolean {
  const words = foldForSearch(filter.search).split(/\s+/).filter(Boolean);
  const { delegationId, status, part, paragraph } = filter;
  return (e) => {
    if (
      delegationId !== null &&
      !e.delegationIds.includes(delegationId) &&
      !e.cosponsors.includes(delegationId)
    )
      return false;
    if (status === 'open' && e.status !== 'submitted') return false;
    if (status === 'decided' && !DECIDED.has(e.status)) return false;
    if (status !== null && status !== 'open' && status !== 'decided' && e.status !== status)
      return false;
    if (part !== null && e.part.id !== part) return false;
    if (paragraph !== null && e.paragraph !== paragraph) return false;
    return words.every((w) => e.haystack.includes(w));
  };
}

/** The compilation as `filter` shows it; the same objects, so unchanged cards need no render. */
export function filterCompilation(
  compilation: Compilation,
  filter: WorkspaceFilter,
): FilteredCompilation {
  const matches = entryMatcher(filter);
  const paragraphs = compilation.paragraphs.flatMap((paragraph) => {
    const entries = paragraph.entries.filter(matches);
    return entries.length > 0 ? [{ paragraph, entries }] : [];
  });
  const orphans = compilation.orphans.filter(matches);
  return {
    paragraphs,
    orphans,
    entries: [...paragraphs.flatMap((p) => p.entries), ...orphans],
  };
}

/** True when any criterion is set. */
export function isFiltered(filter: WorkspaceFilter): boolean {
  return (
    filter.delegationId !== null ||
    filter.status !== null ||
    filter.part !== null ||
    filter.paragraph !== null ||
    filter.search.trim() !== ''
  );
}
