import * as Y from 'yjs';
import { docToYDoc, importDeclaration, schema, seededRandom } from '@accord/shared';
import { UpdateValidator } from '../../server/src/collab/UpdateValidator.js';
import { readSeed } from '../helpers/seeds.js';
import { MemoryHub, type HubPeer, type HubVerdict } from './MemoryHub.js';
import { repairStructure } from '../../server/src/collab/repairStructure.js';
import { Random } from './Random.js';
import { randomEdit } from './randomEdits.js';
import {
  convergenceProblems,
  editorMismatch,
  idHolders,
  invalidBlocks,
} from './convergenceChecks.js';

/** The server's judgement of one update; `rebuild` resets it after a refusal. */
export interface HubJudge {
  judge(update: Uint8Array, strict: boolean, peer: HubPeer | null): HubVerdict;
  rebuild(state: Uint8Array): void;
}

/** What one in-memory seed does. */
export interface MemoryConvergenceOptions {
  seed: number;
  steps?: number;
  peers?: number;
  /** The server's check; by default the server's own UpdateValidator. */
  makeJudge?: (state: Uint8Array) => HubJudge;
  /** The starting text; by default the seeded negotiation's declaration or Call for Action. */
  start?: Y.Doc;
}

/** What one in-memory seed did and found. */
export interface MemoryConvergenceResult {
  seed: number;
  problems: string[];
  refusals: { peer: string; reason: string }[];
  edits: number;
  trace: string[];
  /** The server's document at the end. */
  server: Y.Doc;
}

/** The server's UpdateValidator as the hub's judge. */
export function validatorJudge(state: Uint8Array): HubJudge {
  const validator = new UpdateValidator(schema, state);
  return {
    judge: (update, strict) => validator.apply(update, strict),
    rebuild: (s) => validator.rebuild(s, []),
  };
}

let seededTexts: { declaration: Y.Doc; callForAction: Y.Doc } | null = null;

/** The seeded negotiation's two documents, imported once (ids from a fixed seed). */
export function seededText(which: 'declaration' | 'callForAction'): Y.Doc {
  if (!seededTexts) {
    const imported = importDeclaration(readSeed('003'), { random: seededRandom(1) });
    seededTexts = {
      declaration: docToYDoc(imported.declaration.doc),
      callForAction: docToYDoc(imported.callForAction.doc),
    };
  }
  return seededTexts[which];
}

/**
 * One seed without sockets: the same editors and edits as the real-server fuzz, with delivery
 * decided by the seed alone (MemoryHub), so a failure replays exactly. The server is its
 * validator and its repair of duplicate ids (no storage, no pipeline).
 */
export function runMemoryConvergence(options: MemoryConvergenceOptions): MemoryConvergenceResult {
  const random = new Random(options.seed);
  const start = options.start ?? seededText(random.chance(0.5) ? 'declaration' : 'callForAction');
  const state = Y.encodeStateAsUpdate(start);
  const judge = (options.makeJudge ?? validatorJudge)(state);
  const hub: MemoryHub = new MemoryHub(
    state,
    (update, strict, peer) => {
      const verdict = judge.judge(update, strict, peer);
      if (verdict.ok) return verdict;
      // Say which blocks broke and how: the validator's message cuts the content short.
      const merged = new Y.Doc({ gc: false });
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(hub.server));
      Y.applyUpdate(merged, update);
      const repeated = /id "([^"]+)"/.exec(verdict.reason)?.[1];
      const where = repeated ? idHolders(merged, repeated) : invalidBlocks(merged);
      merged.destroy();
      return { ok: false, reason: `${verdict.reason.slice(0, 120)} [${where.join(', ')}]` };
    },
    () => judge.rebuild(Y.encodeStateAsUpdate(hub.server)),
    repairStructure,
  );
  const peers: HubPeer[] = [];
  for (let i = 0; i < (options.peers ?? 3); i++)
    peers.push(hub.addPeer(`peer${i}`, random.uint32() || 1));
  const trace: string[] = [];
  let edits = 0;
  for (let step = 0; step < (options.steps ?? 150); step++) {
    const action = random.weighted({ edit: 70, deliver: 20, pause: 3, resume: 5, flush: 4 });
    if (action === 'edit') {
      const peer = random.pick(peers);
      const what = randomEdit(peer.editor, random);
      if (what) {
        edits++;
        trace.push(`${step}: ${peer.name}${peer.online ? '' : ' (offline)'} ${what}`);
      }
    } else if (action === 'deliver') {
      for (let n = random.between(1, 6); n > 0; n--) hub.deliverOne(random);
    } else if (action === 'pause') {
      const online = peers.filter((p) => p.online);
      if (online.length > 1) {
        const peer = random.pick(online);
        hub.disconnect(peer);
        trace.push(`${step}: ${peer.name} goes offline`);
      }
    } else if (action === 'resume') {
      const offline = peers.filter((p) => !p.online);
      if (offline.length > 0) {
        const peer = random.pick(offline);
        hub.reconnect(peer);
        trace.push(`${step}: ${peer.name} reconnects`);
      }
    } else {
      hub.flush(random);
      trace.push(`${step}: flush`);
    }
    const refused = hub.refusals.length;
    if (refused > 0 && !trace.some((t) => t.startsWith(`refused ${refused}`)))
      trace.push(
        `refused ${refused}: ${hub.refusals[refused - 1]!.peer} ${hub.refusals[refused - 1]!.reason.slice(0, 300)}`,
      );
  }
  for (const peer of peers) if (!peer.online) hub.reconnect(peer);
  hub.flush(random);
  const problems = convergenceProblems([
    ...peers.map((p) => ({ name: p.name, doc: p.doc })),
    { name: 'server', doc: hub.server },
  ]);
  for (const peer of peers) {
    const mismatch = editorMismatch(peer.editor.doc, peer.doc);
    if (mismatch)
      problems.push(`${peer.name}: the editor does not show what its Y.Doc holds: ${mismatch}`);
  }
  for (const r of hub.refusals) problems.push(`${r.peer} was refused: ${r.reason.slice(0, 300)}`);
  for (const peer of peers) peer.editor.destroy();
  return { seed: options.seed, problems, refusals: hub.refusals, edits, trace, server: hub.server };
}
