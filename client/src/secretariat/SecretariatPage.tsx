import { useEffect } from 'react';
import { fetchDelegations } from '../api/delegations.js';
import { fetchPeople } from '../api/people.js';
import type { Session } from '../api/session.js';
import { Header } from '../Header.js';
import { NEGOTIATION } from '../negotiation.js';
import { useLoad } from '../useLoad.js';
import { LoadState } from './LoadState.js';
import { Tabs, tabPanelProps, useHashTab, type Tab } from './Tabs.js';
import { DelegationsSection } from './DelegationsSection.js';
import { PeopleSection } from './PeopleSection.js';
import { InvitationsSection } from './InvitationsSection.js';
import { AuditSection } from './AuditSection.js';

type SectionId = 'delegations' | 'people' | 'invitations' | 'audit';

const TABS: readonly Tab<SectionId>[] = [
  { id: 'delegations', label: 'Delegations and roles' },
  { id: 'people', label: 'People' },
  { id: 'invitations', label: 'Invitations' },
  { id: 'audit', label: 'Audit trail' },
];

/**
 * The Secretariat's page: delegations and their roles, people, invitation links and the audit
 * trail. Shown only to a session with `participants.manage`; the server refuses every one of
 * its calls to anybody else.
 */
export function SecretariatPage({ session }: { session: Session }) {
  const [tab, setTab] = useHashTab(TABS);
  const delegations = useLoad(fetchDelegations);
  const people = useLoad(fetchPeople);

  useEffect(() => {
    document.title = `Secretariat — ${NEGOTIATION.dialogue} — Accord`;
  }, []);

  return (
    <>
      <Header />
      <main className="page page-wide">
        <p className="page-kicker">{NEGOTIATION.name}</p>
        <h1 className="page-title">Secretariat</h1>
        <p className="page-lead">
          Who takes part and what each delegation may do. Roles belong to delegations; a change
          applies at once to everyone in the delegation, including documents they have open. Every
          change made here is recorded in the audit trail.
        </p>
        <Tabs tabs={TABS} selected={tab} onSelect={setTab} label="Secretariat sections" />
        <section className="tab-panel" {...tabPanelProps(tab)}>
          <LoadState load={delegations.result} what="the delegations" onRetry={delegations.reload}>
            {(list) => {
              // The people name who invited whom and who did what; lists work without them.
              const known = people.result.state === 'ready' ? people.result.data : [];
              switch (tab) {
                case 'delegations':
                  return (
                    <DelegationsSection
                      delegations={list}
                      session={session}
                      onChange={delegations.update}
                    />
                  );
                case 'people':
                  return (
                    <LoadState load={people.result} what="the people" onRetry={people.reload}>
                      {(persons) => (
                        <PeopleSection
                          people={persons}
                          delegations={list}
                          session={session}
                          onChange={people.update}
                        />
                      )}
                    </LoadState>
                  );
                case 'invitations':
                  return (
                    <InvitationsSection
                      delegations={list}
                      people={known}
                      onAccountsChanged={people.reload}
                    />
                  );
                case 'audit':
                  return <AuditSection delegations={list} people={known} />;
              }
            }}
          </LoadState>
        </section>
      </main>
    </>
  );
}
