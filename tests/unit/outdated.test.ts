import { describe, expect, it } from 'vitest';
import { outdatedState } from '../../server/src/amendments/outdated.js';
import { amendment } from './amendmentRecord.js';

// When the base changes under an open amendment (SPEC AM13).

const texts = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('outdatedState', () => {
  const modify = amendment(1, 'OP1', 1, { blockId: 'op-1', originalText: 'Adopt the text.' });

  it('AM13 a modify is current while its target text is what it was proposed against', () => {
    expect(outdatedState(modify, texts({ 'op-1': 'Adopt the text.' }))).toEqual({
      outdated: false,
      targetDeleted: false,
    });
  });

  it('AM13 a modify or delete whose target changed is outdated', () => {
    expect(outdatedState(modify, texts({ 'op-1': 'Adopt the new text.' }))).toEqual({
      outdated: true,
      targetDeleted: false,
    });
    const del = { ...modify, kind: 'delete' as const, proposedText: '' };
    expect(outdatedState(del, texts({ 'op-1': 'Changed.' })).outdated).toBe(true);
  });

  it('AM13 a deleted target is reported, the amendment kept', () => {
    expect(outdatedState(modify, texts({}))).toEqual({ outdated: true, targetDeleted: true });
  });

  it('AM13 an insert is never outdated by its anchor text', () => {
    const insert = amendment(2, 'OP1 bis', 2, {
      kind: 'insert',
      blockId: 'n-1',
      afterBlockId: 'op-1',
      originalText: '',
    });
    expect(outdatedState(insert, texts({ 'op-1': 'Anything.' }))).toEqual({
      outdated: false,
      targetDeleted: false,
    });
  });
});
