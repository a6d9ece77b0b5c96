import { lazy, Suspense, useCallback, useState } from 'react';
import { useRoute, followLink } from './router.js';
import { loadIdentity, saveIdentity, type Identity } from './identity.js';
import { DocumentList } from './DocumentList.js';
import { Header } from './Header.js';

// The editor (ProseMirror, Yjs) is most of the code; the document list should not wait for it.
const EditorPage = lazy(() => import('./EditorPage.js').then((m) => ({ default: m.EditorPage })));

/**
 * Until roles exist, `?readonly` previews the read-only presentation. It is a display switch
 * only: the server must (and will) enforce who may write.
 */
function readOnlyRequested(): boolean {
  return new URLSearchParams(window.location.search).has('readonly');
}

/** The whole app: the header, then the page the URL names. */
export function App() {
  const route = useRoute();
  const [identity, setIdentity] = useState<Identity>(loadIdentity);
  const changeIdentity = useCallback((next: Identity) => {
    saveIdentity(next);
    setIdentity(next);
  }, []);

  switch (route.page) {
    case 'documents':
      return (
        <>
          <Header />
          <DocumentList />
        </>
      );
    case 'editor':
      return (
        <Suspense fallback={<Header />}>
          <EditorPage
            key={route.documentId}
            documentId={route.documentId}
            identity={identity}
            onIdentityChange={changeIdentity}
            editable={!readOnlyRequested()}
          />
        </Suspense>
      );
    case 'not-found':
      return (
        <>
          <Header />
          <main className="page page-narrow">
            <h1 className="page-title">Page not found</h1>
            <p className="muted">
              There is no page at <code>{route.path}</code>.{' '}
              <a href="/" onClick={followLink}>
                Back to the documents
              </a>
            </p>
          </main>
        </>
      );
  }
}
