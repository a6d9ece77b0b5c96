import { OBJECT_MARK, wordDiff } from '@accord/shared';

/** Footnote references shown as a mark a reader recognises. */
function readable(text: string): string {
  return text.replaceAll(OBJECT_MARK, '*');
}

/**
 * A word-level difference as text: deletions struck through, insertions underlined (and bold
 * where `strong`, as the European Parliament prints amendments). Screen readers hear <del> and
 * <ins> as such; the visually hidden words say it where they do not.
 */
export function WordDiffView({
  before,
  after,
  strong = false,
}: {
  before: string;
  after: string;
  strong?: boolean;
}) {
  const changes = wordDiff(before, after);
  if (changes.length === 0) return <span className="am-empty">(no text)</span>;
  return (
    <span className="am-diff">
      {changes.map((change, i) =>
        change.kind === 'equal' ? (
          <span key={i}>{readable(change.text)}</span>
        ) : change.kind === 'delete' ? (
          <del key={i} className="am-diff-del">
            <span className="visually-hidden">[deleted: </span>
            {readable(change.text)}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <ins key={i} className={strong ? 'am-diff-ins am-diff-strong' : 'am-diff-ins'}>
            <span className="visually-hidden">[inserted: </span>
            {readable(change.text)}
            <span className="visually-hidden">]</span>
          </ins>
        ),
      )}
    </span>
  );
}
