import {
  OBJECT_MARK,
  type ChangeAuthor,
  type ComparedBlock,
  type ComparedText,
  type VersionSummary,
} from '@accord/shared';

/**
 * The words of the compare page (issue 9, SPEC CP), pure so they are unit-tested: who made a
 * change, what became of a paragraph, and where an author's name is shown.
 */

/** Footnote markers as a mark a reader recognises, as in the amendment views. */
export function readable(text: string): string {
  return text.replaceAll(OBJECT_MARK, '*');
}

/**
 * Who made a change, as negotiators cite it: "Germany · A12" for an accepted amendment, the
 * person and their delegation for a pen-holder's edit ("Ayşe Demir, Türkiye").
 */
export function authorWords(
  author: ChangeAuthor | undefined,
  delegationName: (id: string) => string,
): string {
  if (!author) return 'author unknown';
  switch (author.kind) {
    case 'amendment':
      return `${delegationName(author.delegationId)} · ${author.number === undefined ? 'amendment' : `A${author.number}`}`;
    case 'pen-holder':
      return author.name
        ? `${author.name}, ${delegationName(author.delegationId)}`
        : delegationName(author.delegationId);
    case 'system':
      return 'Accord (automatic)';
  }
}

/** What became of a paragraph, in words. */
export const STATUS_WORDS: Record<ComparedBlock['status'], string> = {
  unchanged: 'unchanged',
  changed: 'changed',
  inserted: 'new paragraph',
  deleted: 'paragraph deleted',
};

/**
 * Whether the author is shown after part `i`: after every change, except a deletion followed
 * at once by the insertion that replaces it, by the same author (one name for the replacement).
 */
export function showsAuthor(parts: ComparedBlock['parts'], i: number): boolean {
  const part = parts[i];
  if (!part || part.kind === 'equal') return false;
  const next = parts[i + 1];
  return !(
    next &&
    next.kind !== 'equal' &&
    next.kind !== part.kind &&
    who(next.author) === who(part.author)
  );
}

/** An author without the change's date: a replacement typed over some seconds is one author. */
function who(author: ChangeAuthor | undefined): string {
  if (!author) return 'null';
  const { at: _at, ...rest } = author;
  return JSON.stringify(rest);
}

/** How a version is named in the choices: "Zero draft (published)", "Zero draft (start)". */
export function versionWords(version: Pick<VersionSummary, 'kind' | 'roundName'>): string {
  return `${version.roundName} (${version.kind === 'start' ? 'text at the start' : 'published'})`;
}

/** How one side of a comparison is named: as in the choices, or "Live text". */
export function sideWords(side: Pick<ComparedText, 'kind' | 'name'>): string {
  return side.kind === 'live'
    ? 'Live text'
    : versionWords({ kind: side.kind, roundName: side.name });
}

/** A block's heading: its label, or what it is when it has none (the chapeau). */
export function blockHeading(block: Pick<ComparedBlock, 'label' | 'type'>): string {
  if (block.label !== '') return block.label;
  return block.type === 'chapeau'
    ? 'Chapeau'
    : block.type === 'footnote'
      ? 'Footnote'
      : 'Unnumbered';
}

/**
 * The comparison shown when the page opens: the two latest versions, or the latest one and
 * the live text; null when the document has no version yet.
 */
export function defaultPair(
  versions: readonly VersionSummary[],
): { from: string; to: string } | null {
  const n = versions.length;
  if (n === 0) return null;
  if (n === 1) return { from: versions[0]!.id, to: 'live' };
  return { from: versions[n - 2]!.id, to: versions[n - 1]!.id };
}

/** A short count of what changed: "2 changed, 1 new, 1 deleted". */
export function changeSummary(blocks: readonly ComparedBlock[]): string {
  const count = (s: ComparedBlock['status']) => blocks.filter((b) => b.status === s).length;
  const changed = count('changed');
  const inserted = count('inserted');
  const deleted = count('deleted');
  if (changed + inserted + deleted === 0) return 'No paragraph changed.';
  const words = [
    changed > 0 ? `${changed} changed` : null,
    inserted > 0 ? `${inserted} new` : null,
    deleted > 0 ? `${deleted} deleted` : null,
  ].filter((w) => w !== null);
  return `Paragraphs: ${words.join(', ')}.`;
}
