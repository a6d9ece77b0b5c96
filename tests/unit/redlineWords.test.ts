import { describe, expect, it } from 'vitest';
import type { ComparedPart, VersionSummary } from '@accord/shared';
import {
  authorWords,
  blockHeading,
  changeSummary,
  defaultPair,
  showsAuthor,
  sideWords,
} from '../../client/src/versions/redline.js';

// The compare page's words (client/src/versions/redline.ts), SPEC CP4 and CP6.

const names = (id: string) => ({ germany: 'Germany', turkiye: 'Türkiye' })[id] ?? id;
const germany = {
  kind: 'amendment',
  amendmentId: 'a',
  number: 12,
  delegationId: 'germany',
} as const;
const chair = { kind: 'pen-holder', personId: 'p', delegationId: 'turkiye', name: 'Ayşe' } as const;

function summary(id: string, kind: VersionSummary['kind'] = 'published'): VersionSummary {
  return {
    id,
    documentId: 'declaration',
    roundId: id,
    roundName: id,
    kind,
    createdAt: '2024-02-15T17:00:00.000Z',
    createdBy: null,
    seq: 1,
  };
}

describe('the redline’s words', () => {
  it('CP4 an amendment reads "Germany · A12", a pen-holder by name and delegation', () => {
    expect(authorWords(germany, names)).toBe('Germany · A12');
    expect(authorWords({ ...germany, number: undefined }, names)).toBe('Germany · amendment');
    expect(authorWords(chair, names)).toBe('Ayşe, Türkiye');
    expect(authorWords({ ...chair, name: undefined }, names)).toBe('Türkiye');
    expect(authorWords({ kind: 'system' }, names)).toBe('Accord (automatic)');
    expect(authorWords(undefined, names)).toBe('author unknown');
  });

  it('CP6 one author tag after a replacement by one author, one after each change otherwise', () => {
    const parts: ComparedPart[] = [
      { kind: 'equal', text: 'a ' },
      // One author's replacement made seconds apart is still one author (issue 10's dates).
      { kind: 'delete', text: 'b', author: { ...germany, at: '2024-02-20T10:00:00.000Z' } },
      { kind: 'insert', text: 'c', author: { ...germany, at: '2024-02-20T10:00:07.000Z' } },
      { kind: 'equal', text: ' d ' },
      { kind: 'delete', text: 'e', author: germany },
      { kind: 'insert', text: 'f', author: chair },
    ];
    expect(parts.map((_, i) => showsAuthor(parts, i))).toEqual([
      false,
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  it('CP6 the page opens on the two latest versions, or the only one against the live text', () => {
    expect(defaultPair([])).toBeNull();
    expect(defaultPair([summary('start-zero', 'start')])).toEqual({
      from: 'start-zero',
      to: 'live',
    });
    expect(defaultPair([summary('start-zero', 'start'), summary('zero'), summary('one')])).toEqual({
      from: 'zero',
      to: 'one',
    });
  });

  it('CP6 sides, headings and the summary read as a negotiator says them', () => {
    expect(sideWords({ kind: 'start', name: 'Zero draft' })).toBe('Zero draft (text at the start)');
    expect(sideWords({ kind: 'live', name: 'Live text' })).toBe('Live text');
    expect(blockHeading({ label: '', type: 'chapeau' })).toBe('Chapeau');
    expect(blockHeading({ label: 'OP4 bis', type: 'operative' })).toBe('OP4 bis');
    const block = (status: 'changed' | 'inserted' | 'unchanged') => ({
      id: status,
      type: 'operative',
      label: '',
      status,
      parts: [],
    });
    expect(changeSummary([block('unchanged')])).toBe('No paragraph changed.');
    expect(changeSummary([block('changed'), block('inserted'), block('changed')])).toBe(
      'Paragraphs: 2 changed, 1 new.',
    );
  });
});
