import { useId, useState, type FormEvent } from 'react';
import {
  ROUND_NAME_MAX,
  ROUND_SUBMITTERS,
  type Delegation,
  type DeadlineInput,
  type RoundSubmitters,
  type RoundView,
} from '@accord/shared';
import { DeadlineFields, draftOf, readDraft, type DeadlineDraft } from './DeadlineFields.js';

/** What every round form gets: run the request (errors are shown by the page), then close. */
interface FormProps {
  /** Sends the change; resolves true when the server accepted it. */
  run: (action: () => Promise<unknown>, done: string) => Promise<boolean>;
  onClose: () => void;
}

/** The deadline a draft names, as the API takes it, or null when the draft names none. */
function inputOf(draft: DeadlineDraft): DeadlineInput | null {
  return typeof readDraft(draft) === 'string' ? null : { ...draft };
}

/** The buttons at the end of a round form. */
function FormButtons({ label, onClose }: { label: string; onClose: () => void }) {
  return (
    <>
      <button type="submit" className="button button-primary">
        {label}
      </button>
      <button type="button" className="button" onClick={onClose}>
        Cancel
      </button>
    </>
  );
}

/** Renames a round not yet started (RD3). */
export function RenameForm({
  round,
  rename,
  run,
  onClose,
}: FormProps & { round: RoundView; rename: (name: string) => Promise<unknown> }) {
  const id = useId();
  const [name, setName] = useState(round.name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => rename(name.trim()), `“${round.name}” renamed.`).then((ok) => ok && onClose());
  };
  return (
    <form className="round-form" onSubmit={submit} aria-label={`Rename ${round.name}`}>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          New name
        </label>
        <input
          id={id}
          className="field-input"
          required
          maxLength={ROUND_NAME_MAX}
          value={name}
          // The form opens on a person's request: typing the name is what they came for.
          autoFocus
          onChange={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <FormButtons label="Rename" onClose={onClose} />
    </form>
  );
}

/** Sets a round's deadline: date, time and zone (DL1). */
export function DeadlineForm({
  round,
  now,
  save,
  run,
  onClose,
}: FormProps & {
  round: RoundView;
  now: number;
  save: (deadline: DeadlineInput) => Promise<unknown>;
}) {
  const [draft, setDraft] = useState(() => draftOf(round.deadline, now));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const deadline = inputOf(draft);
    if (!deadline) return;
    void run(() => save(deadline), `Deadline of “${round.name}” set.`).then(
      (ok) => ok && onClose(),
    );
  };
  return (
    <form className="round-form" onSubmit={submit} aria-label={`Deadline of ${round.name}`}>
      <DeadlineFields
        legend={`Deadline of ${round.name}`}
        value={draft}
        onChange={setDraft}
        autoFocus
      />
      <FormButtons label="Set deadline" onClose={onClose} />
    </form>
  );
}

/** Extends a round's deadline for one delegation or for all (DL6). */
export function ExtensionForm({
  round,
  now,
  delegations,
  grant,
  run,
  onClose,
}: FormProps & {
  round: RoundView;
  now: number;
  delegations: readonly Delegation[];
  grant: (delegationId: string, until: DeadlineInput) => Promise<unknown>;
}) {
  const id = useId();
  const [who, setWho] = useState('all');
  // An extension usually runs a few days past the deadline, in the deadline's zone.
  const [draft, setDraft] = useState(() => {
    const base = draftOf(round.deadline, now);
    const later = new Date(`${base.date}T00:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 2);
    return { ...base, date: later.toISOString().slice(0, 10) };
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const until = inputOf(draft);
    if (!until) return;
    const name =
      who === 'all' ? 'every delegation' : (delegations.find((d) => d.id === who)?.name ?? who);
    void run(() => grant(who, until), `Extension granted to ${name}.`).then(
      (ok) => ok && onClose(),
    );
  };
  return (
    <form className="round-form" onSubmit={submit} aria-label={`Extension in ${round.name}`}>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Delegation
        </label>
        <select
          id={id}
          className="field-input"
          autoFocus
          value={who}
          onChange={(e) => setWho(e.currentTarget.value)}
        >
          <option value="all">All delegations</option>
          {delegations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <DeadlineFields legend="Extended until" value={draft} onChange={setDraft} />
      <FormButtons label="Grant extension" onClose={onClose} />
    </form>
  );
}

/** What a new round says. */
export interface NewRoundFields {
  name: string;
  submitters: RoundSubmitters;
  observersMaySubmit: boolean;
}

/** Adds a round at the end of the list, not started (RD3). */
export function AddRoundForm({
  add,
  run,
}: {
  add: (round: NewRoundFields) => Promise<unknown>;
  run: FormProps['run'];
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [submitters, setSubmitters] = useState<RoundSubmitters>('all');
  const [observers, setObservers] = useState(true);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    void run(
      () => add({ name: trimmed, submitters, observersMaySubmit: observers }),
      `Round “${trimmed}” added.`,
    ).then((ok) => {
      // The list is re-read before this runs; a name typed meanwhile for the next round stays.
      if (ok) setName((now) => (now === name ? '' : now));
    });
  };
  return (
    <form className="round-form" onSubmit={submit} aria-label="Add a round">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-name`}>
          Name of the new round
        </label>
        <input
          id={`${id}-name`}
          className="field-input"
          required
          maxLength={ROUND_NAME_MAX}
          placeholder="Second reading"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-who`}>
          Who may submit
        </label>
        <select
          id={`${id}-who`}
          className="field-input"
          value={submitters}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setSubmitters(ROUND_SUBMITTERS.find((s) => s === value) ?? 'all');
          }}
        >
          <option value="all">All delegations</option>
          <option value="reference-group">Reference Group only</option>
        </select>
      </div>
      <label className="field">
        <input
          type="checkbox"
          checked={observers}
          onChange={(e) => setObservers(e.currentTarget.checked)}
        />{' '}
        Observer States and organisations may submit
      </label>
      <button type="submit" className="button button-primary">
        Add round
      </button>
    </form>
  );
}
