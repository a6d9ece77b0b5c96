import type { Session } from '../api/session.js';
import { Header } from '../Header.js';

/** The delegation's working copy of a document (built by the draft page's owner). */
export function DraftPage({ documentId }: { documentId: string; session: Session }) {
  return (
    <>
      <Header />
      <main className="editor-page">
        <h1>Working copy of {documentId}</h1>
      </main>
    </>
  );
}
