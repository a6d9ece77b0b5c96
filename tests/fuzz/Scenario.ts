import { TextSelection, type Command } from 'prosemirror-state';
import { seededRandom } from '@accord/shared';
import {
  structureCommands,
  type StructureCommands,
} from '../../client/src/editor/structureCommands.js';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { FuzzClient } from './FuzzClient.js';
import { findNodes } from './editTargets.js';
import { convergenceProblems, editorMatches, sameState } from './convergenceChecks.js';
import { PEN_HOLDERS, settle, storedDoc } from './runConvergence.js';

/**
 * A written-out case of the fuzz, for the failing seeds it found: pen-holders' editors on a real
 * server, commands run at chosen places, connections paused at chosen moments, and the same end
 * checks as the fuzz (one valid document with unique ids on every editor and in the store, no
 * editor closed).
 */
export class Scenario {
  private constructor(
    readonly world: SignedInServer,
    readonly room: string,
    readonly clients: FuzzClient[],
    /** The structure commands, with ids from a fixed seed. */
    readonly commands: StructureCommands,
  ) {}

  /** A server and `count` synced editors on `room`, signed in as the pen-holders in turn. */
  static async start(room: string, count: number): Promise<Scenario> {
    const world = await SignedInServer.start(PEN_HOLDERS);
    const clients: FuzzClient[] = [];
    for (let i = 0; i < count; i++) {
      const person = PEN_HOLDERS[i % PEN_HOLDERS.length]!;
      const client = new FuzzClient(
        person,
        collabUrl(world.server),
        room,
        world.cookie(person),
        1000 + i,
      );
      clients.push(client);
      await waitFor(() => client.online, `${person} to sync`);
      client.bind();
    }
    return new Scenario(world, room, clients, structureCommands(seededRandom(7)));
  }

  /**
   * Runs `command` with the caret `offset` characters into the `index`-th block of `type`
   * (its running text for a paragraph); fails when the command does not apply there.
   */
  run(client: FuzzClient, command: Command, type: string, index: number, offset = 0): void {
    const editor = client.editor;
    const block = findNodes(editor.doc, (n) => n.type.name === type)[index];
    if (!block) throw new Error(`no ${type} #${index}`);
    let pos = block.pos + 1;
    editor.doc.nodesBetween(block.pos, block.pos + block.node.nodeSize, (node, at) => {
      if (node.isTextblock && pos === block.pos + 1) pos = at + 1;
      return pos === block.pos + 1;
    });
    editor.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.doc, pos + offset)));
    if (!editor.run(command)) throw new Error(`the command did not apply in ${type} #${index}`);
  }

  /** Waits until every connected editor holds the same state. */
  async settle(): Promise<void> {
    if (!(await settle(this.clients, 10_000))) throw new Error('the editors did not agree');
  }

  /**
   * Reconnects everyone and lists what is wrong at the end: an editor the server closed, editors
   * or the store disagreeing, an invalid document, a block without id or two with one.
   */
  async problems(): Promise<string[]> {
    for (const client of this.clients)
      if (client.wantsConnection) client.reconnect();
      else client.reconnect();
    const storedState = async () =>
      storedDoc(await this.world.storage.documents.loadDocument(this.room));
    let stored = await storedState();
    await waitFor(
      async () => {
        const live = this.clients.filter((c) => c.closeCodes.length === 0);
        if (!(await settle(live, 200))) return false;
        stored = await storedState();
        return live.every((c) => sameState(c.doc, stored));
      },
      'the editors and the store to agree',
      5000,
    ).catch(() => undefined);
    const problems = convergenceProblems([
      ...this.clients.map((c) => ({ name: c.name, doc: c.doc })),
      { name: 'store', doc: stored },
    ]);
    for (const client of this.clients) {
      if (client.closeCodes.length > 0)
        problems.push(`${client.name} was closed: ${client.closeReasons.join('; ')}`);
      if (!editorMatches(client.editor.doc, client.doc))
        problems.push(`${client.name}: the editor does not show what its Y.Doc holds`);
    }
    stored.destroy();
    return problems;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await this.world.stop();
  }
}
