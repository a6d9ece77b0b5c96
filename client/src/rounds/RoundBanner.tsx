import { useCallback, useEffect, useRef, useState } from 'react';
import { closesAt as deadlineClosesAt, formatDeadline, type RoundList } from '@accord/shared';
import { followLink } from '../router.js';
import { Countdown } from './Countdown.js';
import { negotiation, useNegotiation } from './negotiationStore.js';
import {
  currentRound,
  deadlineInZones,
  ownExtension,
  PHASE_MEANING,
  phaseWords,
} from './roundWords.js';
import '../styles/rounds.css';

/** When the round under way closes for the reader: their window's end, else the deadline's. */
function closingOf(rounds: RoundList): number | null {
  const round = currentRound(rounds);
  if (round?.phase !== 'feedback' || !round.deadline) return null;
  return rounds.window.closesAt ?? deadlineClosesAt(round.deadline.at);
}

/** What the live region says about the state, when it changes: the round and its phase. */
function stateWords(rounds: RoundList | null): string | null {
  if (!rounds) return null;
  if (rounds.final) return 'The text is final: adopted.';
  const round = currentRound(rounds);
  return round ? `${round.name}: ${phaseWords(round.phase).toLowerCase()}.` : null;
}

/** The date an instant falls on in `zone`, in words ("12 November 2024"). */
function dayOf(at: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(Date.parse(at));
}

/**
 * The round banner of the text pages (the document, the working copy, the amendments): the
 * round under way and its phase, the deadline in its own zone and in the reader's, a live
 * countdown on the server's clock, and the reader's extension. It switches to "closed" the
 * moment the countdown reaches zero, before the server confirms. The final text gets a banner
 * of its own. Screen readers hear of phase changes and the last minutes, never every second.
 */
export function RoundBanner() {
  const { rounds } = useNegotiation();
  const [announcement, setAnnouncement] = useState('');
  const [passedAt, setPassedAt] = useState<number | null>(null);
  const said = useRef<string | null>(null);

  const state = stateWords(rounds);
  useEffect(() => {
    if (state === null) return;
    // The first state is what the page shows anyway; only changes are announced.
    if (said.current !== null && said.current !== state) setAnnouncement(state);
    said.current = state;
  }, [state]);

  const serverNow = useCallback(() => negotiation.serverNow(), []);
  const closing = rounds ? closingOf(rounds) : null;
  const onPassed = useCallback(() => {
    setPassedAt(closing);
    setAnnouncement('Feedback is now closed.');
  }, [closing]);

  if (!rounds || rounds.rounds.length === 0) {
    return <span className="visually-hidden" role="status" aria-live="polite" />;
  }
  const live = (
    <span className="visually-hidden" role="status" aria-live="polite">
      {announcement}
    </span>
  );

  if (rounds.final) {
    const last = [...rounds.rounds].sort((a, b) => b.position - a.position)[0];
    const adopted = last?.publishedAt
      ? ` on ${dayOf(last.publishedAt, last.deadline?.zone ?? 'UTC')}`
      : '';
    return (
      <section className="round-banner round-banner-final" aria-label="Negotiation round">
        <p className="round-banner-title">
          <strong>Final text — adopted</strong>
          {adopted}
        </p>
        <p className="round-banner-detail">
          The text is final and can no longer be changed, amended or commented on.{' '}
          <a href="/rounds" onClick={followLink}>
            All rounds
          </a>
        </p>
        {live}
      </section>
    );
  }

  const round = currentRound(rounds);
  if (!round) {
    const next = rounds.rounds.find((r) => r.phase === 'not-started');
    return (
      <section className="round-banner" aria-label="Negotiation round" data-phase="between">
        <p className="round-banner-title">
          <strong>No round under way</strong>
          {next ? ` — next: ${next.name}` : ''}
        </p>
        <p className="round-banner-detail">
          <a href="/rounds" onClick={followLink}>
            All rounds
          </a>
        </p>
        {live}
      </section>
    );
  }

  const passed = closing !== null && (passedAt === closing || negotiation.serverNow() >= closing);
  const deadline = round.deadline ? deadlineInZones(round.deadline) : null;
  const extension = round.phase === 'feedback' ? ownExtension(rounds) : null;
  const feedback = round.phase === 'feedback';
  return (
    <section
      className="round-banner"
      aria-label="Negotiation round"
      data-phase={feedback && passed ? 'closed' : round.phase}
    >
      <p className="round-banner-title">
        <strong>{round.name}</strong>
        <span className="round-phase">
          {feedback && passed ? 'Feedback closed' : phaseWords(round.phase)}
        </span>
        {feedback && closing !== null && !passed && (
          <span className="round-banner-countdown">
            Closes in{' '}
            <Countdown
              key={closing}
              closing={closing}
              serverNow={serverNow}
              onPassed={onPassed}
              onMark={setAnnouncement}
            />
          </span>
        )}
      </p>
      <p className="round-banner-detail">
        {feedback && passed && round.deadline
          ? `Feedback closed on ${formatDeadline(round.deadline)}${
              extension ? `; your extension ran until ${formatDeadline(extension)}` : ''
            }.`
          : PHASE_MEANING[round.phase]}{' '}
        {deadline && (
          <span className="round-deadline">
            Deadline: <time dateTime={round.deadline!.at}>{deadline.own}</time>
            {deadline.same ? ' (your time too)' : ` (your time: ${deadline.local})`}.
          </span>
        )}{' '}
        {extension && !passed && (
          <span className="round-extension">
            Your delegation has an extension until {formatDeadline(extension)}.
          </span>
        )}{' '}
        <a href="/rounds" onClick={followLink}>
          All rounds
        </a>
      </p>
      {live}
    </section>
  );
}
