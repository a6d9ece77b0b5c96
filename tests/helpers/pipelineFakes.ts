import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { FRAGMENT_NAME, docToYFragment, nodeToY, type ChangeOrigin } from '@accord/shared';
import {
  newChange,
  type Change,
  type PipelineConnection,
} from '../../server/src/collab/pipeline/Change.js';
import type { UpdateMeta } from '../../server/src/storage/DocumentStore.js';
import { MemoryDocumentStore } from '../../server/src/storage/MemoryDocumentStore.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';

// Small fakes for testing the update pipeline one step at a time: a connection that records
// what the server told it, a store whose writes settle when the test says so, and Yjs helpers
// that write under a chosen client id (so claims and repairs are predictable).

/** A client's connection as the pipeline sees it, recording SAVED notices and closes. */
export class FakeConnection implements PipelineConnection {
  readonly saved: { update: Uint8Array; step2: boolean }[] = [];
  readonly closes: { code: number; reason: string }[] = [];

  constructor(
    readonly principal: { readonly id: string; readonly username: string },
    public canWrite = true,
    /** A log shared with other fakes, to assert the order things happened in. */
    private readonly events: string[] = [],
  ) {}

  sendSaved(update: Uint8Array, step2: boolean): void {
    this.saved.push({ update, step2 });
    this.events.push(`saved ${this.principal.id}`);
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
    this.events.push(`close ${this.principal.id} ${code}`);
  }
}

/** A connection of person `personId` (a writer unless `canWrite` is false). */
export function connectionOf(personId: string, canWrite = true, events?: string[]): FakeConnection {
  return new FakeConnection({ id: personId, username: personId }, canWrite, events);
}

/** A change sent by `conn`, attributed to its person as Room.receiveUpdate does. */
export function fromConnection(conn: FakeConnection, update: Uint8Array, step2 = false): Change {
  const origin: ChangeOrigin = {
    kind: 'connection',
    personId: conn.principal.id,
    delegationId: `delegation-of-${conn.principal.id}`,
  };
  return newChange(update, origin, { kind: 'connection', conn }, step2);
}

/** A change the server makes itself (seeding unless another origin is given). */
export function fromServer(
  update: Uint8Array,
  origin: ChangeOrigin = { kind: 'system', reason: 'seed' },
): Change {
  return newChange(update, origin, { kind: 'server' });
}

/** One call to `appendUpdate`, waiting for the test to settle it. */
export interface PendingAppend {
  readonly documentId: string;
  readonly update: Uint8Array;
  readonly meta: UpdateMeta;
  /**
   * Stores the update (in the in-memory store) and resolves with its sequence number. `between`
   * runs on the next microtask: after the store step's own callback, before the steps after it.
   */
  resolve(between?: () => void): Promise<void>;
  /** Fails the write with `err`; nothing is stored. */
  reject(err: Error): Promise<void>;
}

/**
 * The in-memory DocumentStore whose `appendUpdate` settles only when the test resolves or
 * rejects it, so a test can hold a write in flight and look at what happened meanwhile. What a
 * resolved write stored can be read back with `history`, as from any store.
 */
export class ControlledStore extends MemoryDocumentStore {
  readonly appends: PendingAppend[] = [];

  constructor(private readonly events: string[] = []) {
    super(new ManualClock());
  }

  override appendUpdate(documentId: string, update: Uint8Array, meta: UpdateMeta): Promise<number> {
    return new Promise<number>((resolveSeq, rejectSeq) => {
      const append: PendingAppend = {
        documentId,
        update,
        meta,
        resolve: async (between) => {
          const seq = await super.appendUpdate(documentId, update, meta);
          this.events.push(`stored ${seq}`);
          resolveSeq(seq);
          if (between) queueMicrotask(between);
          await settle();
        },
        reject: async (err) => {
          this.events.push(`failed`);
          rejectSeq(err);
          await settle();
        },
      };
      this.appends.push(append);
    });
  }

  /** The oldest write not yet settled. */
  next(): PendingAppend {
    const append = this.appends.shift();
    if (!append) throw new Error('no write is pending');
    return append;
  }
}

/** Lets every queued promise callback run (writes settle in a few microtask hops). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A Y.Doc holding `node` (built with tests/helpers/builders.ts), written as client `clientId`. */
export function yDocAs(node: Node, clientId: number): Y.Doc {
  const ydoc = new Y.Doc({ gc: false });
  ydoc.clientID = clientId;
  ydoc.transact(() => docToYFragment(node, ydoc.getXmlFragment(FRAGMENT_NAME)));
  return ydoc;
}

/**
 * The update client `clientId` makes by `edit` on a copy of `base` (base is not changed). The
 * client id is set after the copy is filled: Yjs gives a document a new id when a remote update
 * carries items under its own.
 */
export function editAs(
  base: Y.Doc,
  clientId: number,
  edit: (fragment: Y.XmlFragment, doc: Y.Doc) => void,
): Uint8Array {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  copy.clientID = clientId;
  const before = Y.encodeStateVector(copy);
  copy.transact(() => edit(copy.getXmlFragment(FRAGMENT_NAME), copy));
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

/** Inserts ProseMirror blocks (builders' nodes) into `parent` at `index`, as y-prosemirror would. */
export function insertBlocks(
  parent: Y.XmlFragment | Y.XmlElement,
  index: number,
  ...blocks: Node[]
) {
  parent.insert(index, blocks.map(nodeToY));
}

/** The top-level block of `fragment` that carries `id` (throws when there is none). */
export function blockWithId(fragment: Y.XmlFragment, id: string): Y.XmlElement {
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement)) {
    const el = node as Y.XmlElement;
    if (el.getAttribute('id') === id) return el;
  }
  throw new Error(`no block with id ${id}`);
}

/** The ids of every block in document order (blocks without an id are skipped). */
export function idsInOrder(fragment: Y.XmlFragment): string[] {
  const ids: string[] = [];
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement)) {
    const id = (node as Y.XmlElement).getAttribute('id');
    if (typeof id === 'string') ids.push(id);
  }
  return ids;
}

/** The index of `el` among its parent's children. */
export function indexIn(parent: Y.XmlFragment | Y.XmlElement, el: Y.XmlElement): number {
  const i = parent.toArray().indexOf(el);
  if (i < 0) throw new Error('not a child of this parent');
  return i;
}
