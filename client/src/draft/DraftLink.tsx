import { has, type Session } from '../api/session.js';
import { draftPath, followLink } from '../router.js';

/**
 * The link from a document to the delegation's working copy, for sessions that may propose
 * amendments (nothing otherwise). For the document page's bar.
 */
export function DraftLink({ documentId, session }: { documentId: string; session: Session }) {
  if (!has(session, 'amendment.propose')) return null;
  return (
    <a className="button button-small draft-link" href={draftPath(documentId)} onClick={followLink}>
      Draft amendments
    </a>
  );
}
