import type { ReactNode } from 'react';
import type { CompilationEntry } from './compilation.js';
import type { FilteredCompilation } from './consolidationFilter.js';
import { EntryCard, type CardForm, type CardHandlers, type CardOutcome } from './EntryCard.js';

/** The card whose form is open, and which form. */
export interface OpenForm {
  key: string;
  form: CardForm;
}

/**
 * The shown entries paragraph by paragraph (each under its label and text now), then those to
 * paragraphs no longer in the text; drawn until `limit` cards are drawn.
 */
export function CompilationList({
  shown,
  limit,
  names,
  focusedKey,
  selected,
  form,
  outcomes,
  handlers,
}: {
  shown: FilteredCompilation;
  limit: number;
  names: ReadonlyMap<string, string>;
  focusedKey: string | null;
  selected: ReadonlySet<string>;
  form: OpenForm | null;
  outcomes: ReadonlyMap<string, CardOutcome>;
  handlers: CardHandlers;
}) {
  let budget = limit;
  const visible: ReactNode[] = [];
  const card = (entry: CompilationEntry, text: string) => (
    <EntryCard
      key={entry.key}
      entry={entry}
      paragraphText={text}
      names={names}
      focused={entry.key === focusedKey || (focusedKey === null && entry === shown.entries[0])}
      selected={selected.has(entry.key)}
      form={form?.key === entry.key ? form.form : null}
      outcome={outcomes.get(entry.key)}
      handlers={handlers}
    />
  );
  for (const { paragraph, entries } of shown.paragraphs) {
    if (budget <= 0) break;
    const drawn = entries.slice(0, budget);
    budget -= drawn.length;
    visible.push(
      <section
        key={paragraph.blockId}
        className="cw-paragraph"
        aria-labelledby={`cw-p-${paragraph.blockId}`}
      >
        <h2 id={`cw-p-${paragraph.blockId}`} className="cw-paragraph-label">
          {paragraph.label || 'Paragraph'}
          <span className="cw-part"> · {paragraph.part.name}</span>
        </h2>
        <p className="cw-text">{paragraph.text}</p>
        {drawn.map((e) => card(e, paragraph.text))}
      </section>,
    );
  }
  if (budget > 0 && shown.orphans.length > 0)
    visible.push(
      <section key="orphans" className="cw-paragraph" aria-labelledby="cw-p-orphans">
        <h2 id="cw-p-orphans" className="cw-paragraph-label">
          Paragraphs no longer in the text
        </h2>
        {shown.orphans.slice(0, budget).map((e) => card(e, ''))}
      </section>,
    );
  return <>{visible}</>;
}
