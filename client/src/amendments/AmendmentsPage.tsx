import type { Session } from '../api/session.js';
import { Header } from '../Header.js';

/** The two-column view of a document's amendments (built by the amendments view's owner). */
export function AmendmentsPage({ documentId }: { documentId: string; session: Session }) {
  return (
    <>
      <Header />
      <main className="editor-page">
        <h1>Amendments to {documentId}</h1>
      </main>
    </>
  );
}
