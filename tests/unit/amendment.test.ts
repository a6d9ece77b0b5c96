import { describe, expect, it } from 'vitest';
import {
  amendmentSchema,
  amendmentTransition,
  isAmendmentRefusal,
  isPenHolder,
  positionOf,
  type Amendment,
  type AmendmentAction,
  type AmendmentStatus,
  type Role,
} from '@accord/shared';

// The amendment state machine (shared/src/amendment.ts), without a server.

const T0 = '2026-11-30T09:00:00.000Z';
const NOW = '2026-11-30T10:00:00.000Z';

/** Amendment 7 by Germany to OP3, in `status`, with any fields overridden. */
function amendment(
  status: AmendmentStatus = 'submitted',
  more: Partial<Amendment> = {},
): Amendment {
  return {
    id: 'a7',
    number: 7,
    documentId: 'declaration',
    delegationId: 'germany',
    kind: 'modify',
    blockType: 'operative',
    blockId: 'op3',
    afterBlockId: null,
    label: 'OP3',
    originalText: 'States shall cooperate.',
    proposedText: 'States shall closely cooperate.',
    justification: 'Stronger.',
    language: 'en',
    status,
    cosponsors: [],
    supports: [],
    objections: [],
    revision: 1,
    targetDeleted: false,
    compromiseId: null,
    roundId: null,
    carriedFrom: [],
    seq: 1,
    outdated: false,
    decision: null,
    submittedAt: T0,
    updatedAt: T0,
    ...more,
  };
}

/** A delegation acting, with its roles. */
const actor = (delegationId: string, ...roles: Role[]) => ({ delegationId, roles });
const germany = actor('germany');
const france = actor('france');
const chair = actor('turkiye', 'chair');
const coChair = actor('uk', 'co-chair');
const secretariat = actor('icmpd', 'secretariat');
const referenceGroup = actor('austria', 'reference-group');

/** Runs one action at NOW. */
const run = (a: Amendment, action: AmendmentAction, by = germany) =>
  amendmentTransition(a, action, by, NOW);

const revise: AmendmentAction = {
  type: 'revise',
  proposedText: 'States shall cooperate closely.',
  originalText: 'States shall cooperate.',
  justification: 'Better word order.',
  language: 'fr',
};
const withdraw: AmendmentAction = { type: 'withdraw' };
const cosponsor: AmendmentAction = { type: 'position', position: 'cosponsor' };
const support: AmendmentAction = { type: 'position', position: 'support' };
const object = (reason: string): AmendmentAction => ({
  type: 'position',
  position: 'object',
  reason,
});
const none: AmendmentAction = { type: 'position', position: 'none' };
const accept: AmendmentAction = { type: 'decide', decision: 'accept' };
const acceptWithChanges: AmendmentAction = {
  type: 'decide',
  decision: 'accept-with-changes',
  text: 'States cooperate.',
};
const reject = (reason?: string): AmendmentAction => ({
  type: 'decide',
  decision: 'reject',
  reason,
});
const merge: AmendmentAction = {
  type: 'merge',
  reason: 'Compromise of 7 and 9.',
  compromiseId: 'c1',
  text: 'States shall cooperate fully.',
};

const CLOSED: AmendmentStatus[] = [
  'withdrawn',
  'accepted',
  'accepted-with-changes',
  'rejected',
  'merged',
];

describe('the amendment record', () => {
  it('a built amendment is schema-valid', () => {
    expect(amendmentSchema.safeParse(amendment()).success).toBe(true);
  });

  it('an insert names the block it follows; a modify its target', () => {
    const insert = amendment('submitted', { kind: 'insert', blockId: null, afterBlockId: 'pp2' });
    expect(amendmentSchema.safeParse(insert).success).toBe(true);
    expect(amendmentSchema.safeParse({ ...insert, afterBlockId: null }).success).toBe(false);
    expect(amendmentSchema.safeParse(amendment('submitted', { blockId: null })).success).toBe(
      false,
    );
    expect(amendmentSchema.safeParse(amendment('submitted', { afterBlockId: 'pp2' })).success).toBe(
      false,
    );
  });

  it('AM4 AM5 limits: justification 2,000, reason 500, a short language code', () => {
    const ok = (more: Partial<Amendment>) =>
      amendmentSchema.safeParse(amendment('submitted', more)).success;
    expect(ok({ justification: 'x'.repeat(2000) })).toBe(true);
    expect(ok({ justification: 'x'.repeat(2001) })).toBe(false);
    expect(ok({ objections: [{ delegationId: 'france', reason: 'x'.repeat(500) }] })).toBe(true);
    expect(ok({ objections: [{ delegationId: 'france', reason: 'x'.repeat(501) }] })).toBe(false);
    expect(ok({ language: 'es' })).toBe(true);
    expect(ok({ language: 'pt-BR' })).toBe(true);
    expect(ok({ language: 'English' })).toBe(false);
    expect(ok({ proposedText: 'two\nlines' })).toBe(false);
    expect(ok({ status: 'draft' as AmendmentStatus })).toBe(false);
  });
});

describe('AM4 a delegation withdraws and revises only its own amendment, only while submitted', () => {
  it('AM4 the proposer withdraws its submitted amendment', () => {
    expect(run(amendment(), withdraw)).toEqual(amendment('withdrawn', { updatedAt: NOW }));
  });

  it('AM4 the proposer revises its submitted amendment: new text, no longer outdated', () => {
    expect(run(amendment('submitted', { outdated: true }), revise)).toEqual(
      amendment('submitted', {
        revision: 2,
        proposedText: 'States shall cooperate closely.',
        justification: 'Better word order.',
        language: 'fr',
        updatedAt: NOW,
      }),
    );
  });

  it('AM4 a revision keeps its positions', () => {
    const a = amendment('submitted', { cosponsors: ['france'] });
    expect(run(a, revise)).toMatchObject({ cosponsors: ['france'] });
  });

  it.each([france, chair, secretariat])(
    'AM4 $delegationId cannot withdraw or revise it (403)',
    (by) => {
      expect(run(amendment(), withdraw, by)).toEqual({
        refused: true,
        status: 403,
        message: 'only the proposing delegation may withdraw its amendment',
      });
      expect(run(amendment(), revise, by)).toEqual({
        refused: true,
        status: 403,
        message: 'only the proposing delegation may revise its amendment',
      });
    },
  );

  it.each(CLOSED)('AM4 AM6 an amendment %s cannot be withdrawn or revised (409)', (status) => {
    expect(run(amendment(status), withdraw)).toEqual({
      refused: true,
      status: 409,
      message: `amendment 7 is ${status} and can no longer be withdrawn`,
    });
    expect(run(amendment(status), revise)).toEqual({
      refused: true,
      status: 409,
      message: `amendment 7 is ${status} and can no longer be revised`,
    });
  });

  it('AM4 a revision with a text, justification or language out of bounds is refused (400)', () => {
    expect(run(amendment(), { ...revise, justification: 'x'.repeat(2001) })).toEqual({
      refused: true,
      status: 400,
      message: '"justification" must be at most 2000 characters long',
    });
    expect(run(amendment(), { ...revise, proposedText: 'two\nlines' })).toEqual({
      refused: true,
      status: 400,
      message: '"proposedText" must not contain control characters or line breaks',
    });
    expect(run(amendment(), { ...revise, originalText: 'x'.repeat(20_001) })).toEqual({
      refused: true,
      status: 400,
      message: '"originalText" must be at most 20000 characters long',
    });
    expect(run(amendment(), { ...revise, language: 'French' })).toEqual({
      refused: true,
      status: 400,
      message: '"language" must be a language code such as "en"',
    });
  });
});

describe('AM5 positions', () => {
  it('AM5 another delegation co-sponsors, supports or objects with a reason', () => {
    expect(run(amendment(), cosponsor, france)).toEqual(
      amendment('submitted', { cosponsors: ['france'], updatedAt: NOW }),
    );
    expect(run(amendment(), support, france)).toEqual(
      amendment('submitted', { supports: ['france'], updatedAt: NOW }),
    );
    expect(run(amendment(), object('  Too strong. '), france)).toEqual(
      amendment('submitted', {
        objections: [{ delegationId: 'france', reason: 'Too strong.' }],
        updatedAt: NOW,
      }),
    );
  });

  it('AM5 pen-holders take positions like any delegation', () => {
    expect(run(amendment(), support, chair)).toMatchObject({ supports: ['turkiye'] });
  });

  it('AM5 one position per delegation: a new one replaces the old', () => {
    const a = amendment('submitted', { cosponsors: ['france', 'italy'], supports: ['spain'] });
    expect(run(a, object('No.'), france)).toEqual(
      amendment('submitted', {
        cosponsors: ['italy'],
        supports: ['spain'],
        objections: [{ delegationId: 'france', reason: 'No.' }],
        updatedAt: NOW,
      }),
    );
  });

  it('AM5 a new reason replaces the old objection', () => {
    const a = amendment('submitted', { objections: [{ delegationId: 'france', reason: 'No.' }] });
    expect(run(a, object('Not here.'), france)).toMatchObject({
      objections: [{ delegationId: 'france', reason: 'Not here.' }],
    });
  });

  it('AM5 "none" takes a position back', () => {
    const a = amendment('submitted', { objections: [{ delegationId: 'france', reason: 'No.' }] });
    expect(run(a, none, france)).toEqual(amendment('submitted', { updatedAt: NOW }));
  });

  it('AM5 a position that changes nothing returns the same amendment', () => {
    const a = amendment('submitted', { supports: ['france'] });
    expect(run(a, support, france)).toBe(a);
    const b = amendment();
    expect(run(b, none, france)).toBe(b);
  });

  it.each([cosponsor, support, object('Mine.'), none])(
    'AM5 the proposer takes no position on its own amendment (403): $position',
    (action) => {
      expect(run(amendment(), action, germany)).toEqual({
        refused: true,
        status: 403,
        message: 'a delegation cannot take a position on its own amendment',
      });
    },
  );

  it.each(CLOSED)('AM5 no position on an amendment %s (409)', (status) => {
    expect(run(amendment(status), cosponsor, france)).toEqual({
      refused: true,
      status: 409,
      message: `amendment 7 is ${status}; positions are closed`,
    });
  });

  it('AM5 an objection needs a reason of at most 500 characters (400)', () => {
    expect(run(amendment(), object('   '), france)).toEqual({
      refused: true,
      status: 400,
      message: 'an objection needs a reason',
    });
    expect(run(amendment(), { type: 'position', position: 'object' }, france)).toEqual({
      refused: true,
      status: 400,
      message: 'an objection needs a reason',
    });
    expect(run(amendment(), object('x'.repeat(501)), france)).toEqual({
      refused: true,
      status: 400,
      message: '"reason" must be at most 500 characters long',
    });
  });

  it('AM5 positionOf reads a delegation’s position', () => {
    const a = amendment('submitted', {
      cosponsors: ['italy'],
      objections: [{ delegationId: 'france', reason: 'No.' }],
    });
    expect(positionOf(a, 'italy')).toEqual({ position: 'cosponsor', reason: null });
    expect(positionOf(a, 'france')).toEqual({ position: 'object', reason: 'No.' });
    expect(positionOf(a, 'spain')).toEqual({ position: 'none', reason: null });
  });
});

describe('AM6 only pen-holders decide; no decision on a withdrawn amendment, no withdrawal of a decided one', () => {
  it.each([chair, coChair, secretariat])('AM6 $delegationId accepts', (by) => {
    expect(run(amendment(), accept, by)).toEqual(
      amendment('accepted', {
        decision: {
          by: by.delegationId,
          personId: null,
          decision: 'accept',
          reason: null,
          text: null,
          at: NOW,
        },
        updatedAt: NOW,
      }),
    );
  });

  it('AM6 accept with changes, with an optional reason', () => {
    expect(run(amendment(), { ...acceptWithChanges, reason: 'Shorter.' }, chair)).toEqual(
      amendment('accepted-with-changes', {
        decision: {
          by: 'turkiye',
          personId: null,
          decision: 'accept-with-changes',
          reason: 'Shorter.',
          text: 'States cooperate.',
          at: NOW,
        },
        updatedAt: NOW,
      }),
    );
  });

  it('AM6 reject with a reason', () => {
    expect(run(amendment(), reject('No consensus.'), chair)).toEqual(
      amendment('rejected', {
        decision: {
          by: 'turkiye',
          personId: null,
          decision: 'reject',
          reason: 'No consensus.',
          text: null,
          at: NOW,
        },
        updatedAt: NOW,
      }),
    );
  });

  it('AM6 accept-with-changes without the text that goes in is refused (400)', () => {
    for (const text of [undefined, null, '', ' '])
      expect(run(amendment(), { ...acceptWithChanges, text }, chair)).toMatchObject({
        refused: true,
        status: 400,
      });
  });

  it('AM6 a rejection without a reason is refused (400)', () => {
    for (const reason of [undefined, '', '  '])
      expect(run(amendment(), reject(reason), chair)).toEqual({
        refused: true,
        status: 400,
        message: 'a rejection needs a reason',
      });
  });

  it('AM6 merged into a compromise', () => {
    expect(run(amendment(), merge, secretariat)).toEqual(
      amendment('merged', {
        decision: {
          by: 'icmpd',
          personId: null,
          decision: 'merge',
          reason: 'Compromise of 7 and 9.',
          text: 'States shall cooperate fully.',
          at: NOW,
        },
        compromiseId: 'c1',
        updatedAt: NOW,
      }),
    );
  });

  it.each([germany, france, referenceGroup])(
    'AM6 $delegationId may not decide or merge (403)',
    (by) => {
      const refusal = {
        refused: true,
        status: 403,
        message: 'only the Chair, a Co-Chair or the Secretariat may decide amendments',
      };
      for (const action of [accept, acceptWithChanges, reject('No.'), merge])
        expect(run(amendment(), action, by)).toEqual(refusal);
    },
  );

  it.each(CLOSED)('AM6 an amendment %s cannot be decided or merged (409)', (status) => {
    const refusal = {
      refused: true,
      status: 409,
      message: `amendment 7 is ${status} and can no longer be decided`,
    };
    for (const action of [accept, acceptWithChanges, reject('No.'), merge])
      expect(run(amendment(status), action, chair)).toEqual(refusal);
  });

  it('AM6 a pen-holder’s own amendment is decided like any other, and it withdraws only its own', () => {
    const chairs = amendment('submitted', { delegationId: 'turkiye' });
    expect(run(chairs, accept, chair)).toMatchObject({ status: 'accepted' });
    expect(run(amendment(), withdraw, chair)).toMatchObject({ refused: true, status: 403 });
  });

  it('AM6 pen-holders are the chair, co-chair and secretariat roles', () => {
    expect([chair, coChair, secretariat, referenceGroup, france].map(isPenHolder)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('AM4 AM5 AM6 transitions are pure', () => {
  it('AM4 AM5 AM6 the input amendment is never changed, and every result is schema-valid', () => {
    const a = amendment('submitted', { supports: ['spain'] });
    const copy = structuredClone(a);
    const results = [
      run(a, withdraw),
      run(a, revise),
      run(a, object('No.'), france),
      run(a, accept, chair),
      run(a, reject('No.'), chair),
      run(a, merge, chair),
    ];
    expect(a).toEqual(copy);
    for (const r of results) {
      expect(isAmendmentRefusal(r)).toBe(false);
      expect(amendmentSchema.safeParse(r).success).toBe(true);
    }
  });
});
