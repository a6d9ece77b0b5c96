import { describe, expect, it } from 'vitest';
import { deriveLabels, workingCopyChanges } from '@accord/shared';
import { changeRows, statusText, type OwnAmendment } from '../../client/src/draft/changeRows.js';
import { doc, li, list, op, pp, title, withId } from '../helpers/builders.js';

const base = doc(title('T'), pp('Noting;'), op('Decide.', list(li('one;'))), op('Act.'));
const labels = deriveLabels(base);

const amendment = (over: Partial<OwnAmendment>): OwnAmendment => ({
  id: 'a1',
  number: 1,
  label: 'OP1',
  kind: 'modify',
  status: 'submitted',
  blockId: 'op-1',
  proposedText: 'Decide now.',
  ...over,
});

describe('submit panel rows', () => {
  const draft = doc(
    title('T'),
    withId('pp-1', pp('Noting;')),
    withId('pp-5', pp('Also noting;')),
    withId('pp-6', pp('And more;')),
    withId('op-1', op('Decide now.', list(withId('li-1', li('one;')), withId('li-9', li('two;'))))),
  );
  const changes = workingCopyChanges(base, draft);

  it('AM7 cites each change by the base labels: new blocks after the block they follow', () => {
    const rows = changeRows(changes, labels, []);
    expect(rows.map((r) => [r.change.kind, r.citation])).toEqual([
      ['insert', 'new paragraph after PP1'],
      ['insert', 'new paragraph after PP1 (2)'],
      ['modify', 'OP1'],
      ['delete', 'deletion of OP2'],
      ['insert', 'new item after OP1 (a)'],
    ]);
    expect(rows.every((r) => statusText(r) === 'Not submitted')).toBe(true);
  });

  it('AM4 a change submitted as is reads "Submitted as Amendment N"; edited since, "submit to revise"', () => {
    const same = changeRows(changes, labels, [amendment({})]).find((r) => r.citation === 'OP1')!;
    expect(statusText(same)).toBe('Submitted as Amendment 1 (OP1)');
    const changed = changeRows(changes, labels, [amendment({ proposedText: 'Decide.' + ' x' })]);
    expect(statusText(changed.find((r) => r.citation === 'OP1')!)).toBe(
      'Changed since Amendment 1 (OP1): submit to revise',
    );
    const withdrawn = changeRows(changes, labels, [amendment({ status: 'withdrawn' })]);
    expect(statusText(withdrawn.find((r) => r.citation === 'OP1')!)).toBe('Not submitted');
  });
});
