import { describe, expect, it } from 'vitest';
import {
  canReadThread,
  checkCommentChange,
  checkReply,
  checkResolve,
  type Comment,
  type Role,
  type Thread,
  type ThreadReader,
} from '@accord/shared';

// Who may read, reply to, change and resolve a thread (SPEC CM1, CM3, CM4, CM5).

const AT = '2024-05-01T10:00:00.000Z';

function comment(personId: string, delegationId: string, deleted = false): Comment {
  return {
    id: `c-${personId}`,
    personId,
    authorName: personId,
    delegationId,
    text: deleted ? '' : 'words',
    createdAt: AT,
    editedAt: deleted ? AT : null,
    deleted,
  };
}

function thread(visibility: Thread['visibility'], comments = [comment('anna', 'germany')]): Thread {
  return {
    id: 't1',
    documentId: 'declaration',
    anchor: { type: 'document' },
    visibility,
    delegationId: 'germany',
    quote: '',
    status: 'open',
    resolved: null,
    comments,
    createdAt: AT,
    updatedAt: AT,
    seq: 1,
  };
}

const reader = (personId: string, delegationId: string, roles: Role[] = []): ThreadReader => ({
  personId,
  delegationId,
  roles,
});

const anna = reader('anna', 'germany');
const bert = reader('bert', 'germany');
const state = reader('pat', 'pakistan');
const chair = reader('tuna', 'turkiye', ['chair']);
const coChair = reader('hanna', 'hungary', ['co-chair']);
const secretariat = reader('ida', 'icmpd', ['secretariat']);
const referenceGroup = reader('rita', 'canada', ['reference-group']);
const penHolders = [chair, coChair, secretariat];
const outsiders = [state, referenceGroup, ...penHolders];

describe('CM1 canReadThread', () => {
  it('CM1 a public thread is read by every participant', () => {
    for (const r of [anna, bert, ...outsiders])
      expect(canReadThread(thread('public'), r)).toBe(true);
  });

  it('CM1 an internal thread only by its delegation, pen-holders included in "others"', () => {
    for (const r of [anna, bert]) expect(canReadThread(thread('delegation'), r)).toBe(true);
    for (const r of outsiders)
      expect(canReadThread(thread('delegation'), r), r.personId).toBe(false);
  });
});

describe('CM3 checkReply', () => {
  it('CM3 every reader may reply', () => {
    for (const r of [anna, bert, ...outsiders]) expect(checkReply(thread('public'), r)).toBeNull();
    expect(checkReply(thread('delegation'), bert)).toBeNull();
  });

  it('CM3 a thread one may not read is "not found", not forbidden', () => {
    for (const r of outsiders)
      expect(checkReply(thread('delegation'), r)).toMatchObject({ refused: true, status: 404 });
  });
});

describe('CM4 checkCommentChange', () => {
  const annas = comment('anna', 'germany');

  it('CM4 the author changes her comment, public or internal', () => {
    expect(checkCommentChange(thread('public'), annas, anna)).toBeNull();
    expect(checkCommentChange(thread('delegation'), annas, anna)).toBeNull();
  });

  it('CM4 nobody else does: not her colleague, not a pen-holder (403)', () => {
    for (const r of [bert, ...outsiders])
      expect(checkCommentChange(thread('public'), annas, r), r.personId).toMatchObject({
        status: 403,
      });
  });

  it('CM4 an internal comment is not found for another delegation (404)', () => {
    for (const r of outsiders)
      expect(checkCommentChange(thread('delegation'), annas, r)).toMatchObject({ status: 404 });
  });

  it('CM4 a deleted comment cannot be changed again (409)', () => {
    const gone = comment('anna', 'germany', true);
    expect(checkCommentChange(thread('public', [gone]), gone, anna)).toMatchObject({ status: 409 });
  });
});

describe('CM5 checkResolve', () => {
  it("CM5 the author's delegation resolves its threads, public or internal", () => {
    for (const v of ['public', 'delegation'] as const) {
      expect(checkResolve(thread(v), anna)).toBeNull();
      expect(checkResolve(thread(v), bert)).toBeNull();
    }
  });

  it('CM5 a pen-holder resolves any public thread', () => {
    for (const r of penHolders) expect(checkResolve(thread('public'), r), r.personId).toBeNull();
  });

  it('CM5 another delegation may not (403), nor the reference group', () => {
    for (const r of [state, referenceGroup])
      expect(checkResolve(thread('public'), r), r.personId).toMatchObject({ status: 403 });
  });

  it('CM5 a pen-holder may not resolve an internal thread it cannot see (404)', () => {
    for (const r of outsiders)
      expect(checkResolve(thread('delegation'), r), r.personId).toMatchObject({ status: 404 });
  });

  it("CM5 a pen-holder resolves its own delegation's internal thread", () => {
    const own = { ...thread('delegation'), delegationId: 'turkiye' };
    expect(checkResolve(own, chair)).toBeNull();
    expect(checkResolve(own, coChair)).toMatchObject({ status: 404 });
  });
});
