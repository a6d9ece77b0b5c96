import { describe, expect, it } from 'vitest';
import {
  API_ROUTES,
  compareQuerySchema,
  compilationQuerySchema,
  revisionExportQuerySchema,
  comparisonSchema,
  versionListSchema,
  versionResponseSchema,
  DEFAULT_ROUNDS,
  createRoundRequestSchema,
  extensionRequestSchema,
  extensionResponseSchema,
  phaseRequestSchema,
  roundListSchema,
  roundResponseSchema,
  trackerSchema,
  updateRoundRequestSchema,
  breakSilenceRequestSchema,
  silenceListSchema,
  documentStatusSchema,
  setStatusRequestSchema,
  silenceResponseSchema,
  startSilenceRequestSchema,
  withdrawSilenceRequestSchema,
  CAPABILITY_NAMES,
  DELEGATION_KINDS,
  ROLES,
  acceptInvitationRequestSchema,
  amendmentDetailSchema,
  amendmentFeedQuerySchema,
  amendmentListSchema,
  amendmentResponseSchema,
  apiErrorSchema,
  documentLabelsSchema,
  compromiseListSchema,
  compromiseRequestSchema,
  compromiseResponseSchema,
  createThreadRequestSchema,
  decisionRequestSchema,
  editCommentRequestSchema,
  reanchorRequestSchema,
  replyRequestSchema,
  resolveRequestSchema,
  threadListSchema,
  threadResponseSchema,
  positionRequestSchema,
  submitAmendmentsRequestSchema,
  submitAmendmentsResponseSchema,
  withdrawRequestSchema,
  undoRequestSchema,
  auditListSchema,
  auditQuerySchema,
  capabilitiesOf,
  createDelegationRequestSchema,
  createInvitationRequestSchema,
  delegationListSchema,
  delegationSchema,
  documentListSchema,
  documentSummarySchema,
  healthSchema,
  readySchema,
  importRequestSchema,
  importResponseSchema,
  invitationCreatedSchema,
  invitationListSchema,
  invitationOfferSchema,
  personListSchema,
  personViewSchema,
  readBody,
  sessionViewSchema,
  setDisabledRequestSchema,
  setRolesRequestSchema,
  signInRequestSchema,
  type ApiSchema,
} from '@accord/shared';
import { createApi, type ApiOptions } from '../../server/src/http/api.js';
import { accountProblems } from '../../client/src/invite/accountRules.js';

// SPEC AP: every body of the API is a schema in shared/src/api, read the same way by the server
// (requests) and the client (answers), with the refusals of AC12.

// ------------------------------------------------------------------ samples

const germany = { id: 'germany', name: 'Germany', kind: 'participating-state', roles: [] };
const invitation = {
  id: 'inv-1',
  delegationId: 'germany',
  displayName: 'Anna Schmidt',
  createdBy: 'person-1',
  createdAt: '2024-01-01T00:00:00.000Z',
  expiresAt: '2024-01-15T00:00:00.000Z',
  usedAt: null,
  usedBy: null,
};
const session = {
  person: { id: 'p1', username: 'germany', displayName: 'Delegate of Germany', color: '#1d4ed8' },
  delegation: germany,
  capabilities: ['text.read', 'presence.send'],
};
const auditEntry = {
  id: 7,
  at: '2024-01-01T00:00:00.000Z',
  personId: null,
  username: 'nobody',
  delegationId: null,
  action: 'sign-in',
  target: null,
  outcome: 'refused',
  detail: { reason: 'wrong user name or password' },
};
const person = {
  id: 'p1',
  username: 'germany',
  displayName: 'Delegate of Germany',
  delegationId: 'germany',
  disabled: false,
};
const summary = { id: 'declaration', title: 'Ministerial Declaration', kind: 'declaration' };
const amendment = {
  id: 'a1',
  number: 1,
  documentId: 'declaration',
  delegationId: 'germany',
  kind: 'modify',
  blockType: 'operative',
  blockId: 'aaaaaaaaaa',
  afterBlockId: null,
  label: 'OP3',
  originalText: 'States shall cooperate.',
  proposedText: 'States shall closely cooperate.',
  justification: 'Stronger.',
  language: 'en',
  status: 'submitted',
  cosponsors: ['france'],
  supports: [],
  objections: [{ delegationId: 'pakistan', reason: 'Too strong.' }],
  outdated: false,
  decision: null,
  submittedAt: '2026-11-30T09:00:00.000Z',
  updatedAt: '2026-11-30T09:00:00.000Z',
  revision: 1,
  targetDeleted: false,
  compromiseId: null,
  seq: 3,
};
const revision = {
  amendmentId: 'a1',
  revision: 1,
  originalText: 'States shall cooperate.',
  proposedText: 'States shall closely cooperate.',
  justification: 'Stronger.',
  language: 'en',
  personId: 'p1',
  at: '2026-11-30T09:00:00.000Z',
};
const thread = {
  id: 't1',
  documentId: 'declaration',
  anchor: { type: 'text', from: 'AQID', to: 'AQIE', on: 'base' },
  visibility: 'delegation',
  delegationId: 'germany',
  quote: 'shall',
  status: 'open',
  resolved: null,
  comments: [
    {
      id: 'c1',
      personId: 'p1',
      authorName: 'Delegate of Germany',
      delegationId: 'germany',
      text: 'We cannot accept “shall” here.',
      createdAt: '2026-11-30T09:00:00.000Z',
      editedAt: null,
      deleted: false,
    },
  ],
  createdAt: '2026-11-30T09:00:00.000Z',
  updatedAt: '2026-11-30T09:00:00.000Z',
  seq: 5,
};
const compromise = {
  id: 'c1',
  documentId: 'declaration',
  blockId: 'aaaaaaaaaa',
  amendmentIds: ['a1', 'a2'],
  text: 'States shall cooperate fully.',
  reason: null,
  by: 'turkiye',
  personId: 'p2',
  at: '2026-11-30T10:00:00.000Z',
  seq: 4,
};

/** A version's summary, a whole version and a comparison (issue 9, VR and CP). */
const versionSummary = {
  id: 'zero-draft',
  documentId: 'declaration',
  roundId: 'zero-draft',
  roundName: 'Zero draft',
  kind: 'published',
  createdAt: '2024-02-15T17:00:00.000Z',
  createdBy: 'p1',
  seq: 42,
};
const version = {
  ...versionSummary,
  blocks: [
    {
      id: 'op-1',
      type: 'operative',
      label: 'OP1',
      longLabel: 'Operative paragraph 1',
      previousLabel: 'OP1 bis',
      text: 'Adopts.',
    },
  ],
  amendments: [],
};
const comparedBlock = {
  id: 'op-1',
  type: 'operative',
  label: 'OP1',
  status: 'changed',
  parts: [
    {
      kind: 'insert',
      text: 'Firmly ',
      author: { kind: 'amendment', amendmentId: 'a1', number: 12, delegationId: 'germany' },
    },
    { kind: 'equal', text: 'adopts.' },
  ],
};
const comparison = {
  documentId: 'declaration',
  from: {
    id: 'start-zero-draft',
    kind: 'start',
    name: 'Zero draft',
    seq: 3,
    at: '2023-12-05T08:00:00.000Z',
  },
  to: { id: 'live', kind: 'live', name: 'Live text', seq: 50, at: '2024-03-01T08:00:00.000Z' },
  blocks: [comparedBlock],
};

/** Each schema of the API with a body it accepts and one it refuses (and why it must). */
/** A summary's counts, all zero (NS8). */
const statusCounts = {
  paragraphs: 0,
  agreed: 0,
  agreedAdReferendum: 0,
  bracketed: 0,
  pending: 0,
  held: 0,
  noStatus: 0,
  brackets: 0,
  alternatives: 0,
};

/** A silence procedure broken once (SI5). */
const silence = {
  id: 's1',
  roundId: 'silence',
  documentIds: ['declaration'],
  expiry: { at: '2024-11-12T17:00:00.000Z', zone: 'Europe/Budapest' },
  startedBy: 'p-chair',
  startedAt: '2024-11-01T09:00:00.000Z',
  state: 'under-silence',
  decidedAt: null,
  decidedBy: null,
  breaks: [
    {
      delegationId: 'germany',
      delegationName: 'Germany',
      personId: 'p-germany',
      documentId: 'declaration',
      blockIds: ['b1'],
      labels: ['OP1'],
      reason: 'Not acceptable.',
      at: '2024-11-05T10:00:00.000Z',
    },
  ],
};

const SAMPLES: readonly [name: string, schema: ApiSchema, valid: unknown, invalid: unknown][] = [
  ['health', healthSchema, { ok: true, store: 'ok', relay: 'none' }, { ok: true, store: 'ok' }],
  ['ready', readySchema, { ready: false }, { ready: 'yes' }],
  [
    'labels',
    documentLabelsSchema,
    {
      roundId: 'zero-draft',
      labels: { 'op-4': { short: 'OP4', long: 'Operative paragraph 4' } },
      start: { 'op-4': { short: 'OP4', long: 'Operative paragraph 4' } },
      kept: {},
    },
    { roundId: null, labels: { 'op-4': { short: '' } }, start: null, kept: {} },
  ],
  ['error', apiErrorSchema, { error: 'no' }, { message: 'no' }],
  ['version list', versionListSchema, [versionSummary], [{ ...versionSummary, kind: 'draft' }]],
  ['version', versionResponseSchema, version, { ...version, blocks: [{ id: 'op-1' }] }],
  ['compare query', compareQuerySchema, { from: 'zero-draft', to: 'live' }, { from: 'zero-draft' }],
  [
    'revision export query',
    revisionExportQuerySchema,
    { from: 'start-zero-draft', to: 'zero-draft' },
    { from: '', to: 'live' },
  ],
  [
    'compilation export query',
    compilationQuerySchema,
    { layout: 'two-column' },
    { layout: 'table' },
  ],
  [
    'comparison',
    comparisonSchema,
    comparison,
    { ...comparison, blocks: [{ ...comparedBlock, status: 'moved' }] },
  ],
  ['sign-in', signInRequestSchema, { username: 'germany', password: 'x' }, { username: 'germany' }],
  ['session', sessionViewSchema, session, { ...session, capabilities: ['text.fly'] }],
  ['document', documentSummarySchema, summary, { ...summary, kind: 'memo' }],
  ['document list', documentListSchema, [summary], [{ id: 'declaration' }]],
  ['import', importRequestSchema, { text: 'WE, the Ministers' }, { text: '   ' }],
  ['imported documents', importResponseSchema, [summary], { documents: [summary] }],
  ['delegation', delegationSchema, germany, { ...germany, roles: ['emperor'] }],
  ['delegation list', delegationListSchema, [germany], [{ ...germany, kind: 'empire' }]],
  [
    'new delegation',
    createDelegationRequestSchema,
    { name: 'Atlantis', kind: 'organisation' },
    { name: 'Atlantis', kind: 'empire' },
  ],
  ['roles', setRolesRequestSchema, { roles: ['chair'] }, { roles: 'chair' }],
  ['person', personViewSchema, person, { ...person, disabled: 'no' }],
  ['people', personListSchema, [person], [{ ...person, passwordHash: 1, disabled: undefined }]],
  ['disable', setDisabledRequestSchema, { disabled: true }, { disabled: 'true' }],
  ['invitation', invitationListSchema, [invitation], [{ ...invitation, usedAt: 5 }]],
  [
    'new invitation',
    createInvitationRequestSchema,
    { delegationId: 'germany', displayName: 'Anna' },
    { delegationId: 'germany', displayName: 'x'.repeat(121) },
  ],
  [
    'invitation created',
    invitationCreatedSchema,
    { invitation, url: '/invite/abc' },
    { invitation, url: 'https://evil.example/' },
  ],
  [
    'invitation offer',
    invitationOfferSchema,
    {
      delegation: { id: 'germany', name: 'Germany', kind: 'participating-state' },
      displayName: 'A',
      expiresAt: 'x',
    },
    { delegation: { id: 'germany', name: 'Germany' }, displayName: 'A', expiresAt: 'x' },
  ],
  [
    'accept invitation',
    acceptInvitationRequestSchema,
    { username: 'anna.schmidt', password: 'a-good-long-password' },
    { username: 'anna schmidt', password: 'a-good-long-password' },
  ],
  ['audit trail', auditListSchema, [auditEntry], [{ ...auditEntry, outcome: 'maybe' }]],
  ['audit query', auditQuerySchema, { limit: '50' }, { limit: '0' }],
  [
    'submit amendments',
    submitAmendmentsRequestSchema,
    { blockIds: ['aaaaaaaaaa'], justification: 'Clearer.', language: 'en' },
    { blockIds: ['aaaaaaaaaa'], all: true },
  ],
  [
    'submitted amendments',
    submitAmendmentsResponseSchema,
    { amendments: [amendment] },
    [amendment],
  ],
  ['amendment list', amendmentListSchema, [amendment], [{ ...amendment, status: 'draft' }]],
  [
    'amendment detail',
    amendmentDetailSchema,
    { amendment, revisions: [revision] },
    { amendment, revisions: [{ ...revision, revision: 0 }] },
  ],
  ['amendment', amendmentResponseSchema, amendment, { ...amendment, kind: 'rewrite' }],
  ['amendment feed query', amendmentFeedQuerySchema, { after: '12' }, { after: '-1' }],
  ['withdraw', withdrawRequestSchema, { reason: 'Superseded.' }, { reason: 7 }],
  ['undo', undoRequestSchema, { reason: 'Decided too fast.' }, { reason: 7 }],
  [
    'position',
    positionRequestSchema,
    { position: 'object', reason: 'Too strong.' },
    { position: 'veto' },
  ],
  [
    'decision',
    decisionRequestSchema,
    { decision: 'accept-with-changes', text: 'States shall cooperate.' },
    { decision: 'accept', text: 'two\nlines' },
  ],
  [
    'compromise',
    compromiseRequestSchema,
    { amendmentIds: ['a1', 'a2'], text: 'States shall cooperate.', reason: null },
    { amendmentIds: [], text: 'x' },
  ],
  [
    'compromise made',
    compromiseResponseSchema,
    { compromise, amendments: [amendment] },
    { compromise: { ...compromise, amendmentIds: [] }, amendments: [] },
  ],
  ['compromises', compromiseListSchema, [compromise], [{ ...compromise, seq: -1 }]],
  ['threads', threadListSchema, [thread], [{ ...thread, comments: [] }]],
  [
    'new thread',
    createThreadRequestSchema,
    { anchor: { type: 'text', from: 'AQID', to: 'AQIE' }, visibility: 'public', text: 'Why?' },
    { anchor: { type: 'text', from: 'not base64!', to: 'AQIE' }, visibility: 'public', text: 'x' },
  ],
  ['thread', threadResponseSchema, thread, { ...thread, visibility: 'secret' }],
  ['reply', replyRequestSchema, { text: 'Agreed.' }, { text: '   ' }],
  ['edit comment', editCommentRequestSchema, { text: 'Agreed, with care.' }, { text: 7 }],
  ['resolve', resolveRequestSchema, {}, null],
  [
    're-anchor',
    reanchorRequestSchema,
    { anchor: { type: 'document' } },
    { anchor: { type: 'paragraph' } },
  ],
  [
    'rounds',
    roundListSchema,
    {
      now: '2024-05-14T09:00:00.000Z',
      currentRoundId: null,
      final: false,
      rounds: [{ ...DEFAULT_ROUNDS[0], extensions: [] }],
      window: { maySubmit: true, reason: null, closesAt: null },
    },
    { now: 'yesterday', currentRoundId: null, final: false, rounds: [], window: {} },
  ],
  [
    'new round',
    createRoundRequestSchema,
    {
      name: 'Second reading',
      deadline: { date: '2024-06-27', time: '23:59', zone: 'Europe/Budapest' },
    },
    { name: 'Second reading', submitters: 'everyone' },
  ],
  ['round change', updateRoundRequestSchema, { name: 'Second reading' }, {}],
  [
    'round',
    roundResponseSchema,
    { ...DEFAULT_ROUNDS[0], extensions: [] },
    { ...DEFAULT_ROUNDS[0] },
  ],
  ['phase', phaseRequestSchema, { phase: 'drafting' }, { phase: 'closed' }],
  [
    'extension',
    extensionRequestSchema,
    { delegationId: 'all', until: '2024-01-05T23:59:00+01:00' },
    { delegationId: 'all', until: 'next week' },
  ],
  [
    'extension granted',
    extensionResponseSchema,
    {
      roundId: 'zero-draft',
      delegationId: null,
      until: '2024-01-05T22:59:00.000Z',
      grantedBy: 'p-chair',
      at: '2024-01-01T10:00:00.000Z',
    },
    { roundId: 'zero-draft', delegationId: null, until: 'soon', grantedBy: 'x', at: 'now' },
  ],
  [
    'tracker',
    trackerSchema,
    { roundId: 'zero-draft', roundName: 'Zero draft', deadline: null, rows: [] },
    { roundId: 'zero-draft', roundName: 'Zero draft', deadline: null, rows: [{}] },
  ],
  [
    'silence procedures',
    silenceListSchema,
    { now: '2024-11-01T09:00:00.000Z', procedures: [silence] },
    { now: '2024-11-01T09:00:00.000Z', procedures: [{ ...silence, state: 'silent' }] },
  ],
  [
    'start silence',
    startSilenceRequestSchema,
    { roundId: 'silence', expiry: { date: '2024-11-12', time: '18:00', zone: 'Europe/Budapest' } },
    { roundId: 'silence', expiry: { date: '12/11/2024', time: '18:00', zone: 'Europe/Budapest' } },
  ],
  [
    'break silence',
    breakSilenceRequestSchema,
    { documentId: 'declaration', blockIds: ['b1'], reason: 'Not acceptable.' },
    { documentId: 'declaration', blockIds: [], reason: 'Not acceptable.' },
  ],
  ['withdraw silence', withdrawSilenceRequestSchema, {}, null],
  ['silence procedure', silenceResponseSchema, silence, { ...silence, documentIds: [] }],
  [
    'document status (NS1, NS8)',
    documentStatusSchema,
    {
      documentId: 'declaration',
      statuses: [
        {
          documentId: 'declaration',
          blockId: 'op-1',
          status: 'pending',
          waitingFor: 'germany',
          setBy: { personId: 'p-chair', name: 'Chair', delegationId: 'chair' },
          setAt: '2024-11-01T09:00:00.000Z',
        },
      ],
      summary: {
        document: { ...statusCounts, paragraphs: 1, pending: 1 },
        sections: [{ ...statusCounts, kind: 'goal', goalId: 'g-1', label: 'Goal 1' }],
      },
    },
    {
      documentId: 'declaration',
      statuses: [],
      summary: { document: statusCounts, sections: [{ ...statusCounts, kind: 'annex' }] },
    },
  ],
  [
    'set status (NS2, NS3)',
    setStatusRequestSchema,
    { status: 'pending', waitingFor: 'germany' },
    { status: 'agreed-ad-ref' },
  ],
];

// ------------------------------------------------------------------ the server's routes

interface LayerLike {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: LayerLike[] };
}

/** "METHOD /path" of every route an Express router mounts, nested routers included. */
function mountedRoutes(stack: readonly LayerLike[], prefix: string): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path;
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${prefix}${path}`);
    }
    if (!layer.handle.stack) return [];
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return mountedRoutes(layer.handle.stack, prefix + mount);
  });
}

describe('AP1 every request and response body of the API is a schema in shared/', () => {
  it('AP1 the server mounts exactly the routes of API_ROUTES (README "Interfaces")', () => {
    // The routes only keep the context for later: building them touches none of it.
    const api = createApi({} as unknown as ApiOptions) as unknown as { stack: LayerLike[] };
    const mounted = mountedRoutes(api.stack, '/api').sort();
    const listed = API_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(mounted).toEqual(listed);
  });

  it('AP1 every route has a response schema (or answers 204) and every write reads a body', () => {
    for (const route of API_ROUTES) {
      expect(route.response === null, `${route.method} ${route.path}`).toBe(
        route.status === 204 || route.stream === true || route.download !== undefined,
      );
      const writes = route.method !== 'GET' && route.method !== 'DELETE';
      if (writes) expect(route.request, route.path).toBeDefined();
    }
  });

  it('AP1 every schema of API_ROUTES has a valid and an invalid sample here', () => {
    const sampled = new Set(SAMPLES.map(([, schema]) => schema));
    for (const route of API_ROUTES) {
      for (const schema of [route.request, route.query, route.response]) {
        if (!schema) continue;
        expect(sampled.has(schema), `${route.method} ${route.path}`).toBe(true);
      }
    }
  });

  for (const [name, schema, valid, invalid] of SAMPLES) {
    it(`AP1 ${name}: accepts a well-formed body and refuses a malformed one`, () => {
      expect(schema.safeParse(valid).success).toBe(true);
      expect(schema.safeParse(invalid).success).toBe(false);
    });
  }
});

describe('AC12 a refused body is 400 with a message naming the field', () => {
  // prettier-ignore
  const CASES: readonly [schema: ApiSchema, body: unknown, says: string][] = [
    [signInRequestSchema,            {},                                            '"username" must be a string'],
    [signInRequestSchema,            undefined,                                     '"username" must be a string'],
    [signInRequestSchema,            ['germany', 'x'],                              '"username" must be a string'],
    [signInRequestSchema,            { username: 'germany' },                       '"password" must be a string'],
    [signInRequestSchema,            { username: '  ', password: 'x' },             '"username" must be 1 to 100 characters long'],
    [signInRequestSchema,            { username: 'g', password: 'x'.repeat(1001) }, '"password" must be 1 to 1000 characters long'],
    [acceptInvitationRequestSchema,  { username: 'ab', password: 'x'.repeat(10) },  'the user name must be 3 to 40 letters, digits, dots, dashes or underscores'],
    [acceptInvitationRequestSchema,  { username: 'anna', password: 'short' },       '"password" must be 10 to 1000 characters long'],
    [acceptInvitationRequestSchema,  { username: 'anna', password: 12345678901 },   '"password" must be a string'],
    [createDelegationRequestSchema,  { name: 'Atlantis' },                          '"kind" must be participating-state, observer-state or organisation'],
    [createDelegationRequestSchema,  { name: '!!!', kind: 'organisation' },         '"name" must contain letters or digits'],
    [createDelegationRequestSchema,  { name: 'A', kind: 'organisation', roles: ['emperor'] }, '"roles" must be a list of: chair, co-chair, secretariat, reference-group'],
    [setRolesRequestSchema,          { roles: ['chair', 7] },                       '"roles" must be a list of: chair, co-chair, secretariat, reference-group'],
    [setDisabledRequestSchema,       { disabled: 1 },                               '"disabled" must be true or false'],
    [createInvitationRequestSchema,  { delegationId: 42, displayName: 'A' },        '"delegationId" must be a string'],
    [importRequestSchema,            { text: '' },                                  '"text" must be 1 to 1000000 characters long'],
    [auditQuerySchema,               { limit: 'abc' },                              '"limit" must be 1 to 5000'],
    [auditQuerySchema,               { limit: '5001' },                             '"limit" must be 1 to 5000'],
    [auditQuerySchema,               { limit: '2.5' },                              '"limit" must be 1 to 5000'],
  ];
  CASES.forEach(([schema, body, says], i) => {
    it(`AC12 ${JSON.stringify(body)?.slice(0, 60) ?? 'no body'} → ${says} (#${i + 1})`, () => {
      const reading = readBody(schema, body);
      expect(reading).toMatchObject({ ok: false, message: says });
      if (!reading.ok && !says.startsWith('the user name'))
        expect(says).toContain(`"${reading.field}"`);
    });
  });
});

describe('AP2 a body is read into its normal form', () => {
  it('AP2 strings are trimmed and user names of new accounts lower-cased', () => {
    expect(readBody(signInRequestSchema, { username: ' germany ', password: ' pw ' })).toEqual({
      ok: true,
      value: { username: 'germany', password: 'pw' },
    });
    expect(
      readBody(acceptInvitationRequestSchema, {
        username: ' Anna.Schmidt ',
        password: 'x'.repeat(10),
      }),
    ).toMatchObject({ ok: true, value: { username: 'anna.schmidt' } });
  });

  it('AP2 a repeated role counts once, roles default to none, unknown fields are dropped', () => {
    expect(readBody(setRolesRequestSchema, { roles: ['chair', 'chair', 'secretariat'] })).toEqual({
      ok: true,
      value: { roles: ['chair', 'secretariat'] },
    });
    expect(
      readBody(createDelegationRequestSchema, {
        name: ' Atlantis ',
        kind: 'organisation',
        admin: true,
      }),
    ).toEqual({ ok: true, value: { name: 'Atlantis', kind: 'organisation', roles: [] } });
  });

  it('AP2 the audit limit comes from the query string and defaults to 200', () => {
    expect(readBody(auditQuerySchema, {})).toEqual({ ok: true, value: { limit: 200 } });
    expect(readBody(auditQuerySchema, { limit: '5000' })).toEqual({
      ok: true,
      value: { limit: 5000 },
    });
  });
});

describe('AP3 rules are defined once, in shared/', () => {
  it('AP3 CAPABILITY_NAMES is every capability a delegation can have', () => {
    const reachable = new Set(
      DELEGATION_KINDS.flatMap((kind) => [...capabilitiesOf({ kind, roles: [...ROLES] })]),
    );
    expect([...reachable].sort()).toEqual([...CAPABILITY_NAMES].sort());
  });

  it("AP3 the invitation form's checks agree with the server's schema", () => {
    // prettier-ignore
    const accounts: readonly [username: string, password: string][] = [
      ['anna.schmidt', 'a-good-long-password'], ['Anna', 'a-good-long-password'], ['ab', 'a-good-long-password'],
      ['two words', 'a-good-long-password'], ['x'.repeat(41), 'a-good-long-password'], ['anna', 'short'],
      ['anna', '  padded  '], ['anna', 'y'.repeat(1001)], [' anna ', 'exactly-10'],
    ];
    for (const [username, password] of accounts) {
      const form = accountProblems({ username, password, confirm: password });
      const server = readBody(acceptInvitationRequestSchema, { username, password });
      expect(Object.keys(form).length === 0, `${username} / ${password}`).toBe(server.ok);
    }
  });
});
