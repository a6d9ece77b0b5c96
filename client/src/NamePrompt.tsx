import { useEffect, useRef, useState, type FormEvent } from 'react';
import { cleanName, MAX_NAME_LENGTH, PALETTE, type Identity } from './identity.js';

/**
 * Asks once how colleagues should see this person (name and colour). It does not block the page:
 * a guest name works until it is answered, and "Keep" accepts it as is.
 */
export function NamePrompt({
  identity,
  onDone,
}: {
  identity: Identity;
  onDone: (identity: Identity) => void;
}) {
  const [name, setName] = useState(identity.name);
  const [color, setColor] = useState(identity.color);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onDone({ name: cleanName(name) || identity.name, color, confirmed: true });
  };

  return (
    <form
      className="name-prompt"
      role="dialog"
      aria-labelledby="name-prompt-title"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone({ ...identity, confirmed: true });
      }}
    >
      <h2 id="name-prompt-title" className="name-prompt-title">
        How should colleagues see you?
      </h2>
      <p className="name-prompt-help">
        Your name appears beside your cursor and in the list of people present.
      </p>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          ref={input}
          className="field-input"
          value={name}
          maxLength={MAX_NAME_LENGTH}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Delegation of Hungary — A. Kovács"
          autoComplete="name"
        />
      </label>
      <fieldset className="swatches">
        <legend className="field-label">Colour</legend>
        {PALETTE.map((c) => (
          <label key={c} className="swatch" style={{ backgroundColor: c }} title={c}>
            <input
              type="radio"
              name="color"
              value={c}
              checked={c === color}
              onChange={() => setColor(c)}
            />
            <span className="visually-hidden">{c}</span>
          </label>
        ))}
      </fieldset>
      <div className="name-prompt-actions">
        <button
          type="button"
          className="button button-quiet"
          onClick={() => onDone({ ...identity, confirmed: true })}
        >
          Keep “{identity.name}”
        </button>
        <button type="submit" className="button button-primary">
          Continue
        </button>
      </div>
    </form>
  );
}
