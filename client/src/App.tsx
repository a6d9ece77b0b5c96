import { lazy, Suspense } from 'react';
import { isPenHolder } from '@accord/shared';
import { has, type Session } from './api/session.js';
import { currentPath, followLink, useRoute, type Route } from './router.js';
import { loadSession, useSessionState } from './session/sessionStore.js';
import { returnPathFrom, signInPath } from './session/returnPath.js';
import { DocumentList } from './DocumentList.js';
import { Header } from './Header.js';
import { Redirect } from './Redirect.js';
import { ForbiddenPage } from './ForbiddenPage.js';
import { SignInPage } from './signin/SignInPage.js';
import { InvitationPage } from './invite/InvitationPage.js';

// The editor (ProseMirror, Yjs) is most of the code; the document list should not wait for it.
const EditorPage = lazy(() => import('./EditorPage.js').then((m) => ({ default: m.EditorPage })));
const DraftPage = lazy(() =>
  import('./draft/DraftPage.js').then((m) => ({ default: m.DraftPage })),
);
const AmendmentsPage = lazy(() =>
  import('./amendments/AmendmentsPage.js').then((m) => ({ default: m.AmendmentsPage })),
);
const ConsolidationPage = lazy(() =>
  import('./consolidation/ConsolidationPage.js').then((m) => ({ default: m.ConsolidationPage })),
);
const ComparePage = lazy(() =>
  import('./versions/ComparePage.js').then((m) => ({ default: m.ComparePage })),
);
// The rounds (issue 9): their own chunk, like every page but the document list.
const RoundsPage = lazy(() =>
  import('./rounds/RoundsPage.js').then((m) => ({ default: m.RoundsPage })),
);
const SilencePage = lazy(() =>
  import('./silence/SilencePage.js').then((m) => ({ default: m.SilencePage })),
);
const TrackerPage = lazy(() =>
  import('./rounds/TrackerPage.js').then((m) => ({ default: m.TrackerPage })),
);
// Only the Secretariat opens this one.
const SecretariatPage = lazy(() =>
  import('./secretariat/SecretariatPage.js').then((m) => ({ default: m.SecretariatPage })),
);

/**
 * The whole app. Every page but sign-in and invitations needs a session: without one the
 * person is sent to sign in, and brought back to the page they asked for afterwards.
 */
export function App() {
  const route = useRoute();
  const state = useSessionState();

  if (route.page === 'invite') return <InvitationPage token={route.token} />;
  if (route.page === 'signin') {
    if (state.status === 'signed-in') {
      return <Redirect to={returnPathFrom(window.location.search)} />;
    }
    return <SignInPage notice={state.status === 'signed-out' ? state.notice : null} />;
  }
  switch (state.status) {
    case 'loading':
      return (
        <>
          <Header />
          <main className="page page-narrow">
            <p className="muted" role="status">
              Checking your session…
            </p>
          </main>
        </>
      );
    case 'unreachable':
      return (
        <>
          <Header />
          <main className="page page-narrow">
            <div className="notice notice-error" role="alert">
              <p>
                <strong>The server could not be reached:</strong> {state.message}.
              </p>
              <button type="button" className="button" onClick={() => void loadSession()}>
                Try again
              </button>
            </div>
          </main>
        </>
      );
    case 'signed-out':
      return <Redirect to={signInPath(currentPath())} />;
    case 'signed-in':
      return <SignedInPage route={route} session={state.session} />;
  }
}

/** The page a route names, for a signed-in person. */
function SignedInPage({ route, session }: { route: Route; session: Session }) {
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
          <EditorPage key={route.documentId} documentId={route.documentId} session={session} />
        </Suspense>
      );
    case 'draft':
      return (
        <Suspense fallback={<Header />}>
          <DraftPage key={route.documentId} documentId={route.documentId} session={session} />
        </Suspense>
      );
    case 'amendments':
      return (
        <Suspense fallback={<Header />}>
          <AmendmentsPage key={route.documentId} documentId={route.documentId} session={session} />
        </Suspense>
      );
    case 'compare':
      return (
        <Suspense fallback={<Header />}>
          <ComparePage key={route.documentId} documentId={route.documentId} />
        </Suspense>
      );
    case 'consolidation':
      if (!isPenHolder(session.delegation)) {
        return (
          <ForbiddenPage
            session={session}
            title="Only the Chair and the Secretariat consolidate the amendments"
            explanation="The consolidation workspace is where the Chair, the Co-Chairs and the Secretariat decide on the amendments. Every delegation reads the amendments in the two-column view of the document."
          />
        );
      }
      return (
        <Suspense fallback={<Header />}>
          <ConsolidationPage
            key={route.documentId}
            documentId={route.documentId}
            session={session}
          />
        </Suspense>
      );
    case 'secretariat':
      if (!has(session, 'participants.manage')) {
        return (
          <ForbiddenPage
            session={session}
            title="Only the Secretariat can manage participants"
            explanation="Delegations, their roles, accounts and invitations are managed by the Secretariat. If a colleague needs an account, ask the Secretariat for an invitation."
          />
        );
      }
      return (
        <Suspense fallback={<Header />}>
          <SecretariatPage session={session} />
        </Suspense>
      );
    case 'rounds':
      return (
        <Suspense fallback={<Header />}>
          <RoundsPage session={session} />
        </Suspense>
      );
    case 'silence':
      return (
        <Suspense fallback={<Header />}>
          <SilencePage session={session} />
        </Suspense>
      );
    case 'tracker':
      if (!isPenHolder(session.delegation)) {
        return (
          <ForbiddenPage
            session={session}
            title="Only the Chair and the Secretariat see the feedback tracker"
            explanation="The tracker shows which delegations have responded in a round; the Chair, the Co-Chairs and the Secretariat follow it. Every delegation sees the rounds and their deadlines on the rounds page."
          />
        );
      }
      return (
        <Suspense fallback={<Header />}>
          <TrackerPage key={route.roundId} roundId={route.roundId} />
        </Suspense>
      );
    case 'signin':
    case 'invite':
      return null;
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
