import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, docToYDoc, schema } from '@accord/shared';
import {
  action,
  chapeau,
  doc,
  fn,
  footnotes,
  goal,
  li,
  list,
  op,
  pp,
  ref,
  title,
} from '../helpers/builders.js';
import { UpdateValidator, type Verdict } from '../../server/src/collab/UpdateValidator.js';
import { updateFrom } from '../helpers/yclient.js';
import { Random } from '../fuzz/Random.js';
import { runMemoryConvergence, type HubJudge } from '../fuzz/runMemoryConvergence.js';

/**
 * `fastPath: false` turns off the validator's shortcut for plain typing (`plainTypingTargets`),
 * so every touched paragraph is read again through the schema: the reference the fast path must
 * agree with. Both verdicts on one update, and what the update was. */
interface Comparison {
  what: string;
  fast: Verdict;
  full: Verdict;
}

/**
 * What must agree: accepted or not, whether it changed anything, which ids it leaves to repair
 * (the wording of a refusal may differ).
 */
const outcome = (v: Verdict) =>
  v.ok ? { ok: true, changed: v.changed, duplicates: v.duplicates ?? [] } : { ok: false };

/** A judge for the in-memory hub that asks both validators and keeps every pair of verdicts. */
function twinJudge(state: Uint8Array, log: Comparison[]): HubJudge {
  const fast = new UpdateValidator(schema, state);
  const full = new UpdateValidator(schema, state, { fastPath: false });
  return {
    judge(update, strict, peer) {
      const verdicts = { fast: fast.apply(update, strict), full: full.apply(update, strict) };
      log.push({ what: `update from ${peer?.name ?? 'the server'}`, ...verdicts });
      return verdicts.fast;
    },
    rebuild(s) {
      fast.rebuild(s, []);
      full.rebuild(s, []);
    },
  };
}

/** The blocks of a Y.Doc's text by type name, to aim crafted updates at. */
function blocksOf(doc: Y.Doc, name: string): Y.XmlElement[] {
  const found: Y.XmlElement[] = [];
  const visit = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === name) found.push(child);
      visit(child);
    }
  };
  visit(doc.getXmlFragment(FRAGMENT_NAME));
  return found;
}

/** One of the blocks of that type, or an error the caller reads as "no target here". */
function someBlock(doc: Y.Doc, name: string, random: Random, minText = 0): Y.XmlElement {
  const blocks = blocksOf(doc, name).filter((b) => minText === 0 || textOf(b).length >= minText);
  if (blocks.length === 0) throw new NoTarget(name);
  return random.pick(blocks);
}

class NoTarget extends Error {}

/** The running text (XmlText) of a textblock such as a body or a goal title. */
function textOf(block: Y.XmlElement): Y.XmlText {
  const text = block.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (text) return text;
  const created = new Y.XmlText();
  block.insert(0, [created]);
  return created;
}

/**
 * Hand-made updates a client could send: invalid ones the server must refuse (a text straight
 * inside a goal, an unknown mark, an embed, a stray attribute, a bad link, and plain typing
 * riding along with one of those), and valid ones near the fast path's edge.
 */
const CRAFTED: Record<string, { valid: boolean; edit: (doc: Y.Doc, random: Random) => void }> = {
  'text inserted directly into a goal': {
    valid: false,
    edit: (d, r) => someBlock(d, 'goal', r).insert(1, [new Y.XmlText('stray')]),
  },
  'text inserted directly into a list': {
    valid: false,
    edit: (d, r) => someBlock(d, 'list', r).insert(0, [new Y.XmlText('stray')]),
  },
  'text inserted into the footnotes block': {
    valid: false,
    edit: (d, r) => someBlock(d, 'footnotes', r).insert(0, [new Y.XmlText('stray')]),
  },
  'an unknown mark': {
    valid: false,
    edit: (d, r) => textOf(someBlock(d, 'body', r, 3)).format(0, 2, { underline: {} }),
  },
  'typing with an unknown mark': {
    valid: false,
    edit: (d, r) => textOf(someBlock(d, 'body', r, 3)).insert(0, 'ab', { underline: {} }),
  },
  'a mark the title may not carry': {
    valid: false,
    edit: (d, r) => textOf(someBlock(d, 'title', r, 1)).format(0, 1, { strong: {} }),
  },
  'an embedded object in running text': {
    valid: false,
    edit: (d, r) => textOf(someBlock(d, 'body', r, 3)).insertEmbed(0, { image: 'x' }),
  },
  'a link to a script': {
    valid: false,
    edit: (d, r) =>
      textOf(someBlock(d, 'body', r, 3)).format(0, 3, { link: { href: 'javascript:alert(1)' } }),
  },
  'an unknown attribute on a body': {
    valid: false,
    edit: (d, r) => someBlock(d, 'body', r).setAttribute('style', 'color: red'),
  },
  'plain typing in one paragraph and an unknown mark in another': {
    valid: false,
    edit: (d, r) => {
      const marked = someBlock(d, 'body', r, 3);
      textOf(marked).format(0, 2, { underline: {} });
      const typed = blocksOf(d, 'body').find((b) => b !== marked);
      if (!typed) throw new NoTarget('a second body');
      textOf(typed).insert(0, 'typed ');
    },
  },
  'plain typing in a goal title': {
    valid: true,
    edit: (d, r) => textOf(someBlock(d, 'goal_title', r)).insert(0, r.word()),
  },
  'plain typing in the title': {
    valid: true,
    edit: (d, r) => textOf(someBlock(d, 'title', r)).insert(0, r.word()),
  },
  'deleting every character of a footnote': {
    valid: true,
    edit: (d, r) => {
      const text = textOf(someBlock(d, 'footnote', r, 1));
      text.delete(0, text.length);
    },
  },
};

/**
 * A short text with every kind of block (edits then crowd together and collide, and every
 * crafted update finds its target).
 */
function startText(): Y.Doc {
  return docToYDoc(
    doc(
      title('The Declaration'),
      chapeau('We, the Ministers,'),
      pp('Recognising the role', ref('note-1'), ' of partners;'),
      pp('Affirming the need:', list(li('first'), li('second'))),
      op('Adopt the plan;'),
      op('Call upon:', list(li('the States'), li('the partners'))),
      goal('Goal title', action('Strengthen capacities;'), action('Share data;')),
      goal('Second goal', action('Exchange practices;')),
      footnotes(fn('note-1', 'A footnote.')),
    ),
  );
}

/** The seeds the unit suite runs; `SEED=n` replays one. */
const SEEDS = process.env.SEED ? [Number(process.env.SEED)] : [11, 12, 13];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the validator fast path for plain typing agrees with the full check (CV5)', () => {
  it('CV5 fastPath: false really re-reads a paragraph typed into', () => {
    const text = startText();
    const state = Y.encodeStateAsUpdate(text);
    const typing = updateFrom(text, (d) => textOf(blocksOf(d, 'body')[0]!).insert(0, 'typed '));
    const read = vi.spyOn(schema, 'nodeFromJSON');
    expect(new UpdateValidator(schema, state).apply(typing)).toEqual({ ok: true, changed: true });
    expect(read).not.toHaveBeenCalled();
    expect(new UpdateValidator(schema, state, { fastPath: false }).apply(typing)).toEqual({
      ok: true,
      changed: true,
    });
    expect(read).toHaveBeenCalled();
  });

  for (const seed of SEEDS) {
    it(`CV5 seed ${seed}: identical verdicts on every update of random editing, and on crafted ones`, () => {
      console.log(`validator fast-path seed ${seed} (replay: SEED=${seed})`);
      const log: Comparison[] = [];
      const start = startText();
      const result = runMemoryConvergence({
        seed,
        steps: 80,
        start,
        makeJudge: (state) => twinJudge(state, log),
      });
      // Then every crafted update, on the starting text (which has every kind of block) and on
      // the text the editing left (where some targets may be gone), each judged on its own.
      const random = new Random(seed);
      for (const [when, base] of [
        ['start', start],
        ['end', result.server],
      ] as const) {
        for (const [what, { valid, edit }] of Object.entries(CRAFTED)) {
          const state = Y.encodeStateAsUpdate(base);
          let update: Uint8Array;
          try {
            update = updateFrom(base, (d) => edit(d, random));
          } catch (err) {
            if (err instanceof NoTarget && when === 'end') continue;
            throw err;
          }
          const fast = new UpdateValidator(schema, state).apply(update);
          const full = new UpdateValidator(schema, state, { fastPath: false }).apply(update);
          log.push({ what: `${what} (${when})`, fast, full });
          expect(fast.ok, `${what} (${when}): ${JSON.stringify(fast)}`).toBe(valid);
        }
      }
      const disagreements = log.filter(
        (c) => JSON.stringify(outcome(c.fast)) !== JSON.stringify(outcome(c.full)),
      );
      expect(disagreements).toEqual([]);
      // The stream must have exercised both paths: plenty of typing, and some refusals.
      expect(log.filter((c) => c.fast.ok).length).toBeGreaterThan(50);
      expect(log.filter((c) => !c.fast.ok).length).toBeGreaterThanOrEqual(
        Object.values(CRAFTED).filter((c) => !c.valid).length,
      );
    }, 30_000);
  }
});
