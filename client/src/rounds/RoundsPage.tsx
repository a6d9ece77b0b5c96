import { Fragment, useCallback, useEffect, useState } from 'react';
import {
  closesAt as deadlineClosesAt,
  formatDeadline,
  isPenHolder,
  type Delegation,
  type RoundList,
  type RoundPhase,
  type RoundView,
} from '@accord/shared';
import type { Session } from '../api/session.js';
import { asSentence, errorMessage } from '../api/http.js';
import { fetchDelegations } from '../api/delegations.js';
import { changePhase, createRound, grantExtension, updateRound } from '../api/rounds.js';
import { useConfirm } from '../ConfirmDialog.js';
import { Header } from '../Header.js';
import { followLink, trackerPath } from '../router.js';
import { negotiation, useNegotiation } from './negotiationStore.js';
import { AddRoundForm, DeadlineForm, ExtensionForm, RenameForm } from './RoundForms.js';
import {
  ADVANCE_WORDS,
  deadlineInZones,
  nextPhase,
  phaseWords,
  submittersWords,
} from './roundWords.js';
import '../styles/rounds.css';

/** Which form is open under which round. */
type Editing = { roundId: string; form: 'rename' | 'deadline' | 'extension' } | null;

/** The rounds in their order. */
function ordered(rounds: RoundList): RoundView[] {
  return [...rounds.rounds].sort((a, b) => a.position - b.position);
}

/** The round that can move to its next phase now: the one under way, else the next to start. */
function advanceable(rounds: RoundList): RoundView | null {
  if (rounds.final) return null;
  const list = ordered(rounds);
  const current = list.find((r) => r.id === rounds.currentRoundId);
  if (current) return current;
  const next = list.find((r) => r.phase !== 'published');
  return next?.phase === 'not-started' ? next : null;
}

/** The zone a round's dates are shown in: its deadline's, else the negotiation's first one's. */
function zoneOf(round: RoundView, list: readonly RoundView[]): string {
  return round.deadline?.zone ?? list.find((r) => r.deadline)?.deadline?.zone ?? 'UTC';
}

/** A deadline in its own zone, with the reader's time when it differs. */
function DeadlineCell({ round }: { round: RoundView }) {
  if (!round.deadline) return <span className="cell-muted">None set</span>;
  const words = deadlineInZones(round.deadline);
  return (
    <>
      <time dateTime={round.deadline.at}>{words.own}</time>
      {!words.same && <div className="cell-muted">Your time: {words.local}</div>}
    </>
  );
}

/** The extensions granted in a round, newest last. */
function Extensions({ round, names }: { round: RoundView; names: ReadonlyMap<string, string> }) {
  if (round.extensions.length === 0) return <span className="cell-muted">None</span>;
  const zone = round.deadline?.zone ?? 'UTC';
  return (
    <ul className="round-extensions">
      {round.extensions.map((e) => (
        <li key={`${e.delegationId ?? 'all'}-${e.at}`}>
          {e.delegationId === null
            ? 'All delegations'
            : (names.get(e.delegationId) ?? e.delegationId)}{' '}
          until {formatDeadline({ at: e.until, zone })}
        </li>
      ))}
    </ul>
  );
}

/**
 * The negotiation's rounds for everyone (read-only): phases, deadlines in their zone and the
 * reader's, who may submit, extensions, live. The Chair, Co-Chairs and Secretariat plan them
 * here: add a round, rename or move rounds not started, set deadlines, move a round to its next
 * phase (publishing asks first) and grant extensions. The server's refusals are shown in its
 * own words.
 */
export function RoundsPage({ session }: { session: Session }) {
  const { rounds, error: loadError } = useNegotiation();
  const planner = isPenHolder(session.delegation);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [delegations, setDelegations] = useState<readonly Delegation[]>([]);
  const [dialog, confirm] = useConfirm();

  useEffect(() => {
    document.title = 'Rounds — Accord';
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    fetchDelegations(controller.signal)
      .then(setDelegations)
      .catch(() => {
        // Names are a nicety in the list; the extension form falls back to "All delegations".
      });
    return () => controller.abort();
  }, []);

  const run = useCallback(async (action: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone('');
    try {
      await action();
      setDone(message);
      // The feed brings the change too; asking now shows it without waiting for the event.
      await negotiation.refresh();
      return true;
    } catch (e) {
      setError(asSentence(errorMessage(e)));
      return false;
    }
  }, []);

  const advance = async (round: RoundView, list: readonly RoundView[]) => {
    const phase: RoundPhase | null = nextPhase(round.phase);
    if (!phase) return;
    if (phase === 'published') {
      const last = list[list.length - 1]?.id === round.id;
      const yes = await confirm({
        title: `Publish “${round.name}”?`,
        body: (
          <p>
            Publishing freezes a version of every document as it stands, with its labels and the
            amendments and their decisions. Amendments still pending are carried over to the next
            round.{' '}
            {last
              ? 'This is the last round: the text becomes final and can no longer be changed.'
              : 'This cannot be undone.'}
          </p>
        ),
        confirmLabel: 'Publish',
        danger: true,
      });
      if (!yes) return;
    }
    await run(
      () => changePhase(round.id, phase),
      `“${round.name}” is now ${phaseWords(phase).toLowerCase()}.`,
    );
  };

  // A form closes itself only if it is still the open one: a slow save of one form must not
  // close another the planner has opened meanwhile.
  const closeForm = (roundId: string, form: NonNullable<Editing>['form']) => () =>
    setEditing((e) => (e?.roundId === roundId && e.form === form ? null : e));
  const names = new Map(delegations.map((d) => [d.id, d.name]));
  const list = rounds ? ordered(rounds) : [];
  const next = rounds ? advanceable(rounds) : null;
  const now = negotiation.serverNow();
  const columns = planner ? 7 : 6;

  return (
    <>
      <Header />
      <main className="page page-wide rounds-page">
        <p className="page-kicker">Negotiation</p>
        <h1 className="page-title">Rounds</h1>
        <p className="page-lead">
          The text is negotiated in rounds. In each, the Chair and the Secretariat draft, the
          delegations give feedback until the deadline, the feedback is consolidated, and the round
          is published. Deadlines are shown in their own time zone and in yours.
        </p>
        {error && (
          <div className="notice notice-error" role="alert">
            <p>{error}</p>
            <button type="button" className="button button-quiet" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        )}
        <p className="muted" role="status">
          {done}
        </p>
        {rounds === null ? (
          loadError ? (
            <div className="notice notice-error notice-inline" role="alert">
              <p>
                <strong>Could not load the rounds:</strong> {loadError}.
              </p>
              <button type="button" className="button" onClick={() => void negotiation.refresh()}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted" role="status">
              Loading the rounds…
            </p>
          )
        ) : (
          <>
            {rounds.final && (
              <p className="round-banner round-banner-final">
                <strong>Final text — adopted.</strong> The last round is published; the text can no
                longer be changed.
              </p>
            )}
            <div className="table-wrap">
              <table className="data-table rounds-table">
                <thead>
                  <tr>
                    <th scope="col">Round</th>
                    <th scope="col">Phase</th>
                    <th scope="col">Deadline</th>
                    <th scope="col">Who may submit</th>
                    <th scope="col">Extensions</th>
                    <th scope="col">Dates</th>
                    {planner && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((round, i) => {
                    const current = round.id === rounds.currentRoundId;
                    const open = editing?.roundId === round.id ? editing.form : null;
                    const movable = round.phase === 'not-started';
                    const above = list[i - 1];
                    const below = list[i + 1];
                    const to = round.id === next?.id ? nextPhase(round.phase) : null;
                    const passed =
                      round.phase === 'feedback' &&
                      round.deadline !== null &&
                      now >= deadlineClosesAt(round.deadline.at);
                    return (
                      <Fragment key={round.id}>
                        <tr
                          className={current ? 'round-current' : undefined}
                          data-round={round.id}
                          data-phase={round.phase}
                        >
                          <th scope="row" className="cell-name">
                            {round.name}
                            {current && <span className="round-marker">Under way</span>}
                            {round.kind === 'silence' && (
                              <div className="cell-muted">Silence procedure</div>
                            )}
                          </th>
                          <td>
                            {phaseWords(round.phase)}
                            {passed && <div className="cell-muted">Deadline passed</div>}
                          </td>
                          <td>
                            <DeadlineCell round={round} />
                          </td>
                          <td>{submittersWords(round)}</td>
                          <td>
                            <Extensions round={round} names={names} />
                          </td>
                          <td className="cell-muted">
                            {round.startedAt && (
                              <div>
                                Started{' '}
                                {formatDeadline({
                                  at: round.startedAt,
                                  zone: zoneOf(round, list),
                                })}
                              </div>
                            )}
                            {round.publishedAt && (
                              <div>
                                Published{' '}
                                {formatDeadline({
                                  at: round.publishedAt,
                                  zone: zoneOf(round, list),
                                })}
                              </div>
                            )}
                          </td>
                          {planner && (
                            <td>
                              <div
                                className="round-actions"
                                role="group"
                                aria-label={`Actions on ${round.name}`}
                              >
                                {to && (
                                  <button
                                    type="button"
                                    className="button button-primary button-small"
                                    onClick={() => void advance(round, list)}
                                  >
                                    {ADVANCE_WORDS[to]}
                                  </button>
                                )}
                                {round.phase !== 'published' && (
                                  <button
                                    type="button"
                                    className="button button-small"
                                    aria-expanded={open === 'deadline'}
                                    onClick={() =>
                                      setEditing(
                                        open === 'deadline'
                                          ? null
                                          : { roundId: round.id, form: 'deadline' },
                                      )
                                    }
                                  >
                                    Set deadline…
                                  </button>
                                )}
                                {(round.phase === 'feedback' || round.phase === 'consolidation') &&
                                  round.deadline && (
                                    <button
                                      type="button"
                                      className="button button-small"
                                      aria-expanded={open === 'extension'}
                                      onClick={() =>
                                        setEditing(
                                          open === 'extension'
                                            ? null
                                            : { roundId: round.id, form: 'extension' },
                                        )
                                      }
                                    >
                                      Grant extension…
                                    </button>
                                  )}
                                {movable && (
                                  <>
                                    <button
                                      type="button"
                                      className="button button-small"
                                      aria-expanded={open === 'rename'}
                                      onClick={() =>
                                        setEditing(
                                          open === 'rename'
                                            ? null
                                            : { roundId: round.id, form: 'rename' },
                                        )
                                      }
                                    >
                                      Rename…
                                    </button>
                                    <button
                                      type="button"
                                      className="button button-small"
                                      aria-label={`Move ${round.name} up`}
                                      disabled={above?.phase !== 'not-started'}
                                      onClick={() =>
                                        void run(
                                          () => updateRound(round.id, { position: i - 1 }),
                                          `“${round.name}” moved up.`,
                                        )
                                      }
                                    >
                                      Move up
                                    </button>
                                    <button
                                      type="button"
                                      className="button button-small"
                                      aria-label={`Move ${round.name} down`}
                                      disabled={below === undefined}
                                      onClick={() =>
                                        void run(
                                          () => updateRound(round.id, { position: i + 1 }),
                                          `“${round.name}” moved down.`,
                                        )
                                      }
                                    >
                                      Move down
                                    </button>
                                  </>
                                )}
                                {round.phase !== 'not-started' && round.kind !== 'silence' && (
                                  <a
                                    className="button button-small button-quiet"
                                    href={trackerPath(round.id)}
                                    onClick={followLink}
                                  >
                                    Feedback tracker
                                  </a>
                                )}
                              </div>
                            </td>
                          )}
                        </tr>
                        {planner && open && (
                          <tr>
                            <td colSpan={columns}>
                              {open === 'rename' && (
                                <RenameForm
                                  round={round}
                                  rename={(name) => updateRound(round.id, { name })}
                                  run={run}
                                  onClose={closeForm(round.id, open)}
                                />
                              )}
                              {open === 'deadline' && (
                                <DeadlineForm
                                  round={round}
                                  now={now}
                                  save={(deadline) => updateRound(round.id, { deadline })}
                                  run={run}
                                  onClose={closeForm(round.id, open)}
                                />
                              )}
                              {open === 'extension' && (
                                <ExtensionForm
                                  round={round}
                                  now={now}
                                  delegations={delegations}
                                  grant={(who, until) => grantExtension(round.id, who, until)}
                                  run={run}
                                  onClose={closeForm(round.id, open)}
                                />
                              )}
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
              {list.length === 0 && (
                <p className="muted table-empty">
                  This negotiation has no rounds: the text is open as it has always been.
                </p>
              )}
            </div>
            {planner && (
              <>
                <h2 className="subsection-title">Add a round</h2>
                <AddRoundForm
                  add={(round) => createRound({ ...round, deadline: null })}
                  run={run}
                />
              </>
            )}
          </>
        )}
        {dialog}
      </main>
    </>
  );
}
