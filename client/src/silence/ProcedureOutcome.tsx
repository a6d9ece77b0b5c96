import { brokenParagraphs, type SilenceProcedure } from '@accord/shared';
import { localTime } from './localTime.js';

/**
 * How a decided procedure ended: adopted; not adopted, with the paragraphs on which silence was
 * broken and by whom; or withdrawn by the Chair. Nothing while it is under silence.
 */
export function ProcedureOutcome({
  procedure,
  titles,
}: {
  procedure: SilenceProcedure;
  titles: ReadonlyMap<string, string>;
}) {
  if (procedure.state === 'adopted')
    return (
      <p className="silence-outcome">
        <strong>Adopted</strong> — nobody broke silence; the text is final.
      </p>
    );
  if (procedure.state === 'not-adopted')
    return (
      <div className="silence-outcome">
        <p>
          <strong>Not adopted</strong> — silence was broken on:
        </p>
        <ul>
          {brokenParagraphs(procedure).map((p) => (
            <li key={`${p.documentId}:${p.blockId}`}>
              {p.label || p.blockId}
              {procedure.documentIds.length > 1
                ? ` (${titles.get(p.documentId) ?? p.documentId})`
                : ''}{' '}
              by {p.delegations.map((d) => d.name).join(', ')}
            </li>
          ))}
        </ul>
      </div>
    );
  if (procedure.state === 'withdrawn' && procedure.decidedAt)
    return (
      <p className="silence-outcome">Withdrawn by the Chair on {localTime(procedure.decidedAt)}.</p>
    );
  return null;
}
