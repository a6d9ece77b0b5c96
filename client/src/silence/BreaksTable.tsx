import type { SilenceProcedure } from '@accord/shared';
import { localTime } from './localTime.js';

/** Every break of a procedure's silence: who, on which paragraphs, why and when. */
export function BreaksTable({
  procedure,
  titles,
}: {
  procedure: SilenceProcedure;
  titles: ReadonlyMap<string, string>;
}) {
  if (procedure.breaks.length === 0) return <p className="muted">Silence has not been broken.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table silence-breaks">
        <thead>
          <tr>
            <th scope="col">Delegation</th>
            <th scope="col">Paragraphs</th>
            <th scope="col">Reason</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {procedure.breaks.map((b) => (
            <tr key={`${b.delegationId}-${b.at}`}>
              <th scope="row">{b.delegationName}</th>
              <td>
                {b.labels.map((l, i) => l || b.blockIds[i]).join(', ')}
                {procedure.documentIds.length > 1 && (
                  <div className="cell-muted">{titles.get(b.documentId) ?? b.documentId}</div>
                )}
              </td>
              <td className="silence-reason">{b.reason}</td>
              <td>
                <time dateTime={b.at}>{localTime(b.at)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
