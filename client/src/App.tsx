import { isPenHolder } from '@accord/shared';
import { has, type Session } from './api/session.js';
import { currentPath, followLink, parseRoute, useRoute, type Route } from './router.js';
import { lazyPage } from './lazyPage.js';
import { loadSession, useSessionState } from './session/sessionStore.js';
import { returnPathFrom, signInPath } from './session/returnPath.js';
import { DocumentList } from './DocumentList.js';
import { Header } from './Header.js';
import { Redirect } from './Redirect.js';
import { ForbiddenPage } from './ForbiddenPage.js';
import { SignInPage } from './signin/SignInPage.js';
import { InvitationPage } from './invite/InvitationPage.js';

// The editor (ProseMirror, Yjs) is most of the code; the document list should not wait for it.
const EditorPage = lazyPage(() => import('./EditorPage.js').then((m) => m.EditorPage), <Header />);
const DraftPage = lazyPage(
  () => import('./draft/DraftPage.js').then((m) => m.DraftPage),
  <Header />,
);
const AmendmentsPage = lazyPage(
  () => import('./amendments/AmendmentsPage.js').then((m) => m.AmendmentsPage),
  <Header />,
);
const ConsolidationPage = lazyPage(
  () => import('./consolidation/ConsolidationPage.js').then((m) => m.ConsolidationPage),
  <Header />,
);
const ComparePage = lazyPage(
  () => import('./versions/ComparePage.js').then((m) => m.ComparePage),
  <Header />,
);
// The rounds (issue 9): their own chunk, like every page but the document list.
const RoundsPage = lazyPage(
  () => import('./rounds/RoundsPage.js').then((m) => m.RoundsPage),
  <Header />,
);
const SilencePage = lazyPage(
  () => import('./silence/SilencePage.js').then((m) => m.SilencePage),
  <Header />,
);
const TrackerPage = lazyPage(
  () => import('./rounds/TrackerPage.js').then((m) => m.TrackerPage),
  <Header />,
);
// Only the Secretariat opens this one.
const SecretariatPage = lazyPage(
  () => import('./secretariat/SecretariatPage.js').then((m) => m.SecretariatPage),
  <Header />,
);

/** The page a path opens, asked for at startup: its code then loads while the session is checked. */
const PAGE_OF_ROUTE: Partial<Record<Route['page'], { preload(): Promise<unknown> }>> = {
  editor: EditorPage,
  draft: DraftPage,
  amendments: AmendmentsPage,
  consolidation: ConsolidationPage,
  compare: ComparePage,
  rounds: RoundsPage,
  silence: SilencePage,
  tracker: TrackerPage,
  secretariat: SecretariatPage,
};
// A failed download is retried and thrown when the page is drawn, not here.
PAGE_OF_ROUTE[parseRoute(window.location.pathname).page]?.preload().catch(() => undefined);

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
      return <EditorPage key={route.documentId} documentId={route.documentId} session={session} />;
    case 'draft':
      return <DraftPage key={route.documentId} documentId={route.documentId} session={session} />;
    case 'amendments':
      return (
        <AmendmentsPage key={route.documentId} documentId={route.documentId} session={session} />
      );
    case 'compare':
      return <ComparePage key={route.documentId} documentId={route.documentId} />;
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
        <ConsolidationPage key={route.documentId} documentId={route.documentId} session={session} />
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
      return <SecretariatPage session={session} />;
    case 'rounds':
      return <RoundsPage session={session} />;
    case 'silence':
      return <SilencePage session={session} />;
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
      return <TrackerPage key={route.roundId} roundId={route.roundId} />;
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
