import { describe, expect, it } from 'vitest';
import { applyProposal } from '../../shared/src/applyProposal.js';
import { applyTextEdits } from '../../shared/src/wordDiff.js';

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

const ORIGINAL = 'Recognising the role of migrants in sustainable development,';

/** The merged text, after checking that the edits turn `current` into it. */
function merged(original: string, current: string, proposed: string): string {
  const result = applyProposal(original, current, proposed);
  if (!result.ok) throw new Error(result.reason);
  expect(applyTextEdits(current, result.edits)).toBe(result.text);
  return result.text;
}

/** The refusal's reason, failing the test if the amendment was applied. */
function refusal(original: string, current: string, proposed: string): string {
  const result = applyProposal(original, current, proposed);
  if (result.ok) throw new Error(`applied: ${result.text}`);
  return result.reason;
}

describe('applyProposal', () => {
  it('AM3 an unchanged base simply becomes the proposal, by word edits', () => {
    const proposed = 'Recognising the important role of migrants in development,';
    const result = applyProposal(ORIGINAL, ORIGINAL, proposed);
    expect(result).toEqual({
      ok: true,
      text: proposed,
      edits: [
        { from: 16, to: 16, insert: 'important ' },
        { from: 36, to: 48, insert: '' },
      ],
    });
  });

  it('AM3 a base changed elsewhere in the paragraph keeps its change and gets the amendment', () => {
    const current = 'Recognising the role of migrants in sustainable development and peace,';
    const proposed = 'Recognising the positive role of migrants in sustainable development,';
    expect(merged(ORIGINAL, current, proposed)).toBe(
      'Recognising the positive role of migrants in sustainable development and peace,',
    );
    // The edit is placed in the current text's offsets, after the base's own changes too.
    const later = applyProposal(
      ORIGINAL,
      'Fully recognising the role of migrants in sustainable development,',
      'Recognising the role of migrants in development,',
    );
    expect(later).toEqual({
      ok: true,
      text: 'Fully recognising the role of migrants in development,',
      edits: [{ from: 42, to: 54, insert: '' }],
    });
  });

  it('AM3 the base and the amendment changing the same words is refused, naming them', () => {
    const current = 'Recognising the role of refugees in sustainable development,';
    const proposed = 'Recognising the role of migrant workers in sustainable development,';
    const result = applyProposal(ORIGINAL, current, proposed);
    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining('"migrants"') as unknown,
      conflicts: [
        {
          original: 'migrants',
          proposed: 'migrant workers',
          current: 'refugees',
          from: 24,
          to: 32,
        },
      ],
    });
    const reason = refusal(ORIGINAL, current, proposed);
    expect(reason).toContain('"migrant workers"');
    expect(reason).toContain('"refugees"');
    expect(reason).toContain('Accept it with changes');
  });

  it('AM3 the same change made by both is accepted once, not doubled', () => {
    const both = 'Recognising the important role of migrants in sustainable development,';
    expect(applyProposal(ORIGINAL, both, both)).toEqual({ ok: true, text: both, edits: [] });
    // …also when the amendment changes something else besides.
    expect(
      merged(ORIGINAL, both, 'Recognising the important role of migrants in development,'),
    ).toBe('Recognising the important role of migrants in development,');
  });

  it('AM3 an insertion right next to words the base changed is refused (only spaces between)', () => {
    const current = 'Recognising the function of migrants in sustainable development,';
    const proposed = 'Recognising the important role of migrants in sustainable development,';
    expect(refusal(ORIGINAL, current, proposed)).toContain(
      'the amendment changes "role" to "important role", the base text now has "function"',
    );
    // Two different insertions at one place: named by the words around it.
    expect(
      refusal('Recognising the role', 'Recognising the key role', 'Recognising the vital role'),
    ).toContain('between "the" and "role"');
    // One word further away is no longer adjacent: both apply.
    const further = 'Recognising the role of all migrants in sustainable development,';
    expect(merged(ORIGINAL, current, further)).toBe(
      'Recognising the function of all migrants in sustainable development,',
    );
  });

  it('AM3 words the base deleted cannot be amended; deleting words the base kept works', () => {
    const current = 'Recognising the role of migrants in development,';
    expect(
      refusal(
        ORIGINAL,
        current,
        'Recognising the role of migrants in inclusive sustainable development,',
      ),
    ).toContain('the base text now has nothing');
    expect(
      merged(ORIGINAL, current, 'Recognising the role of migrants in sustainable development'),
    ).toBe('Recognising the role of migrants in development');
    // Both deleted the same words: accepted once.
    expect(merged(ORIGINAL, current, current)).toBe(current);
  });

  it('AM3 works on accented words and keeps whitespace exact', () => {
    const original = 'Noting the proposal of Turkey and the  European Union,';
    const current = 'Noting the proposal of Türkiye and the  European Union,';
    const proposed = 'Noting with appreciation the proposal of Turkey and the  European Union,';
    expect(merged(original, current, proposed)).toBe(
      'Noting with appreciation the proposal of Türkiye and the  European Union,',
    );
  });

  it('AM3 over random edits of one paragraph: a merge is exact and the same either way round', () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`applyProposal random check: SEED=${seed}`);
    const next = random(seed);
    const words = ['the', 'role', 'of', 'States', 'Türkiye', 'é', ',', 'migrants', 'and'];
    const pick = (): string => words[Math.floor(next() * words.length)]!;
    const mutate = (text: string[]): string[] => {
      const out = [...text];
      const at = Math.floor(next() * (out.length + 1));
      const roll = next();
      if (roll < 0.4) out.splice(at, 0, pick());
      else if (roll < 0.7) out.splice(at, 1);
      else out.splice(at, 1, pick());
      return out;
    };
    let merges = 0;
    for (let i = 0; i < 300; i++) {
      const base = Array.from({ length: 4 + Math.floor(next() * 10) }, pick);
      const original = base.join(' ');
      const current = mutate(base).join(' ');
      const proposed = mutate(base).join(' ');
      const forward = applyProposal(original, current, proposed);
      const backward = applyProposal(original, proposed, current);
      const where = `SEED=${seed} case ${i}`;
      expect(forward.ok, where).toBe(backward.ok);
      if (forward.ok && backward.ok) {
        merges++;
        expect(applyTextEdits(current, forward.edits), where).toBe(forward.text);
        expect(forward.text, where).toBe(backward.text);
      }
    }
    expect(merges).toBeGreaterThan(0);
  });
});
