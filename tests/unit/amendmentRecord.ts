import type { Amendment } from '@accord/shared';

// A whole amendment record for the client's amendment tests, with what a test cares about set.

/** A submitted amendment with number `number` cited `label`, at feed position `seq`. */
export function amendment(
  number: number,
  label: string,
  seq: number,
  more: Partial<Amendment> = {},
) {
  const record: Amendment = {
    id: `am-${number}`,
    number,
    documentId: 'declaration',
    delegationId: 'germany',
    kind: 'modify',
    blockType: 'operative',
    blockId: 'op-1',
    afterBlockId: null,
    label,
    originalText: 'Adopt the text.',
    proposedText: 'Adopt the whole text.',
    justification: '',
    language: 'en',
    status: 'submitted',
    cosponsors: [],
    supports: [],
    objections: [],
    outdated: false,
    decision: null,
    submittedAt: '2026-11-30T09:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
    revision: 1,
    targetDeleted: false,
    compromiseId: null,
    roundId: null,
    carriedFrom: [],
    seq,
    ...more,
  };
  return record;
}
