import { describe, expect, it } from 'vitest';
import { applyTextEdits, wordDiff, wordEdits, type WordChange } from '../../shared/src/wordDiff.js';

const PP = 'Recognising the role of migrants in sustainable development,';

/** The two texts a difference describes, rebuilt from its parts. */
function sides(parts: WordChange[]): [string, string] {
  const before = parts.filter((p) => p.kind !== 'insert').map((p) => p.text);
  const after = parts.filter((p) => p.kind !== 'delete').map((p) => p.text);
  return [before.join(''), after.join('')];
}

/** A small deterministic generator (mulberry32), so a failing random case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('wordDiff', () => {
  it('AM1 equal texts are one equal part, empty texts none', () => {
    expect(wordDiff(PP, PP)).toEqual([{ kind: 'equal', text: PP }]);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('AM1 a pure insertion is one inserted word with its space', () => {
    expect(wordDiff(PP, PP.replace('the role', 'the important role'))).toEqual([
      { kind: 'equal', text: 'Recognising the ' },
      { kind: 'insert', text: 'important ' },
      { kind: 'equal', text: 'role of migrants in sustainable development,' },
    ]);
  });

  it('AM1 a deletion removes whole words', () => {
    expect(wordDiff(PP, 'Recognising the role of migrants in development,')).toEqual([
      { kind: 'equal', text: 'Recognising the role of migrants in ' },
      { kind: 'delete', text: 'sustainable ' },
      { kind: 'equal', text: 'development,' },
    ]);
  });

  it('AM1 a replacement deletes then inserts whole words, never letters', () => {
    expect(wordDiff(PP, PP.replace('migrants', 'migration'))).toEqual([
      { kind: 'equal', text: 'Recognising the role of ' },
      { kind: 'delete', text: 'migrants' },
      { kind: 'insert', text: 'migration' },
      { kind: 'equal', text: ' in sustainable development,' },
    ]);
  });

  it('AM1 replaced neighbouring words form one change, not a change per word around kept spaces', () => {
    expect(wordDiff('Recognising the role of States', 'Recognising a key part for States')).toEqual(
      [
        { kind: 'equal', text: 'Recognising ' },
        { kind: 'delete', text: 'the role of' },
        { kind: 'insert', text: 'a key part for' },
        { kind: 'equal', text: ' States' },
      ],
    );
  });

  it('AM1 punctuation is its own token and whitespace changes are kept exactly', () => {
    expect(wordDiff(PP, PP.replace('development,', 'development;'))).toEqual([
      { kind: 'equal', text: 'Recognising the role of migrants in sustainable development' },
      { kind: 'delete', text: ',' },
      { kind: 'insert', text: ';' },
    ]);
    const spaced = PP.replace('the role', 'the  role');
    expect(sides(wordDiff(PP, spaced))).toEqual([PP, spaced]);
    expect(wordDiff(PP, spaced).filter((p) => p.kind !== 'equal')).toEqual([
      { kind: 'delete', text: ' ' },
      { kind: 'insert', text: '  ' },
    ]);
  });

  it('AM1 accented and non-Latin words are whole words (Türkiye, é, Cyrillic)', () => {
    expect(wordDiff('Noting the proposal of Turkey', 'Noting the proposal of Türkiye')).toEqual([
      { kind: 'equal', text: 'Noting the proposal of ' },
      { kind: 'delete', text: 'Turkey' },
      { kind: 'insert', text: 'Türkiye' },
    ]);
    expect(wordDiff('Réaffirmant la sécurité', 'Réaffirmant la sûreté')).toEqual([
      { kind: 'equal', text: 'Réaffirmant la ' },
      { kind: 'delete', text: 'sécurité' },
      { kind: 'insert', text: 'sûreté' },
    ]);
    expect(wordDiff('признавая роль мигрантов', 'признавая важную роль мигрантов')).toEqual([
      { kind: 'equal', text: 'признавая ' },
      { kind: 'insert', text: 'важную ' },
      { kind: 'equal', text: 'роль мигрантов' },
    ]);
  });

  it('AM1 adjacent parts never share a kind', () => {
    const parts = wordDiff('a b c d e f', 'a x c y y f');
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.kind).not.toBe(parts[i - 1]!.kind);
  });
});

describe('wordEdits', () => {
  it('AM2 equal texts need no edit', () => {
    expect(wordEdits(PP, PP)).toEqual([]);
  });

  it('AM2 edits are offsets into the old text, ascending, touching only changed words', () => {
    const after = 'Recognising the important role of refugees in sustainable development,';
    expect(wordEdits(PP, after)).toEqual([
      { from: 16, to: 16, insert: 'important ' },
      { from: 24, to: 32, insert: 'refugees' },
    ]);
    expect(applyTextEdits(PP, wordEdits(PP, after))).toBe(after);
  });

  it('AM2 deletion and whitespace-only edits are exact', () => {
    expect(wordEdits(PP, 'Recognising the role of migrants,')).toEqual([
      { from: 32, to: 59, insert: '' },
    ]);
    const tabbed = 'Recognising\tthe role of migrants in sustainable development, ';
    expect(applyTextEdits(PP, wordEdits(PP, tabbed))).toBe(tabbed);
    expect(applyTextEdits('', wordEdits('', PP))).toBe(PP);
    expect(applyTextEdits(PP, wordEdits(PP, ''))).toBe('');
  });

  it('AM2 applying the edits reproduces the new text exactly over random word sequences', () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`wordEdits random check: SEED=${seed}`);
    const next = random(seed);
    const words = ['the', 'role', 'of', 'States', 'Türkiye', 'é', ',', '.', ' ', '  ', '\n', 'ré'];
    const text = (): string =>
      Array.from({ length: Math.floor(next() * 12) }, () => {
        const w = words[Math.floor(next() * words.length)]!;
        return next() < 0.7 ? `${w} ` : w;
      }).join('');
    for (let i = 0; i < 500; i++) {
      const before = text();
      const after = text();
      const edits = wordEdits(before, after);
      expect(applyTextEdits(before, edits), `SEED=${seed} case ${i}`).toBe(after);
      expect(sides(wordDiff(before, after))).toEqual([before, after]);
      for (let k = 0; k < edits.length; k++) {
        const e = edits[k]!;
        expect(e.from).toBeLessThanOrEqual(e.to);
        if (k > 0) expect(e.from).toBeGreaterThan(edits[k - 1]!.to);
      }
    }
  });
});
