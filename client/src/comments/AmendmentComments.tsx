import { useId, useState } from 'react';
import { NewThreadForm } from './NewThreadForm.js';
import { ThreadCard } from './ThreadCard.js';
import { useThreads } from './threadsContext.js';

/**
 * "Comments (n)" under an amendment: the threads hung on it, each with a reply box, and a form
 * to start one. Nothing where the page gives no comments (see `ThreadsContext`).
 */
export function AmendmentComments({ amendmentId }: { amendmentId: string }) {
  const context = useThreads();
  const [open, setOpen] = useState(false);
  const [writing, setWriting] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const regionId = useId();
  if (!context) return null;
  const { threads, session, names, documentId, onThread } = context;
  const mine = threads.filter(
    (t) => t.anchor.type === 'amendment' && t.anchor.amendmentId === amendmentId,
  );
  return (
    <section className="cm-amendment">
      <button
        type="button"
        className="button button-small button-quiet cm-amendment-toggle"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen(!open)}
      >
        Comments ({mine.length})
      </button>
      <div id={regionId} hidden={!open}>
        {open && (
          <>
            {mine.map((t) => (
              <ThreadCard
                key={t.id}
                thread={t}
                session={session}
                names={names}
                onThread={onThread}
                expanded={expanded.has(t.id)}
                onExpand={(show) => {
                  const next = new Set(expanded);
                  if (show) next.add(t.id);
                  else next.delete(t.id);
                  setExpanded(next);
                }}
              />
            ))}
            {writing ? (
              <NewThreadForm
                documentId={documentId}
                pending={{ anchor: { type: 'amendment', amendmentId }, quote: '' }}
                delegationName={session.delegation.name}
                onThread={onThread}
                onClose={() => setWriting(false)}
              />
            ) : (
              <button
                type="button"
                className="button button-small"
                onClick={() => setWriting(true)}
              >
                Comment on this amendment
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
