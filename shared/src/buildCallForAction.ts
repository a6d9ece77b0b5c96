import type { Node } from 'prosemirror-model';
import { schema } from './schema.js';
import { ImportError } from './importError.js';
import type { InlinePiece } from './parseInline.js';
import { excerpt, inline, itemText, type Item } from './readItems.js';
import { markersOf, resolveFootnotes, toNodes } from './resolveFootnotes.js';
import { paragraphNode, titleNode, type DraftParagraph } from './buildDeclaration.js';

interface DraftGoal {
  line: number;
  number: number;
  title: InlinePiece[] | null;
  actions: DraftParagraph[];
}

/**
 * Builds the Call for Action from its items: priority goals, each a title and numbered action
 * points. The printed goal and action numbers are checked and dropped, because the editor derives
 * them. Throws ImportError, naming the line, for an item that does not fit.
 */
export function buildCallForAction(
  titleLine: number,
  title: string,
  items: readonly Item[],
  endLine: number,
  nextId: () => string,
): Node {
  const goals: DraftGoal[] = [];
  const bodies: Item[] = [];
  const goalTitle = (item: Item) => inline(item, schema.nodes.goal_title!, 'a goal title', false);

  for (const item of items) {
    const goal = goals[goals.length - 1];
    const text = itemText(item);
    switch (item.kind) {
      case 'footnote':
        bodies.push(item);
        break;
      case 'goalHeading': {
        const expected = goals.length + 1;
        if (item.number !== expected) {
          throw new ImportError(
            item.line,
            `found "Priority Goal ${item.number}"; expected "Priority Goal ${expected}" (goals are numbered in order)`,
          );
        }
        if (goal && goal.title === null) {
          throw new ImportError(
            item.line,
            `"Priority Goal ${item.number}" follows "Priority Goal ${goal.number}" (line ${goal.line}), which has no title; expected the title line of Priority Goal ${goal.number}`,
          );
        }
        goals.push({
          line: item.line,
          number: item.number,
          title: item.parts.length > 0 ? goalTitle(item) : null,
          actions: [],
        });
        break;
      }
      case 'paragraph':
        if (!goal) {
          throw new ImportError(
            item.line,
            `${excerpt(text)} before any goal; expected the heading "Priority Goal 1"`,
          );
        }
        if (goal.title !== null) {
          throw new ImportError(
            item.line,
            `${excerpt(text)} fits no rule of the Call for Action; expected a numbered action point ("${goal.actions.length + 1}. …"), a "- " list item, a footnote or a "Priority Goal ${goal.number + 1}" heading`,
          );
        }
        goal.title = goalTitle(item);
        break;
      case 'numbered': {
        if (!goal) {
          throw new ImportError(
            item.line,
            `numbered action point ${excerpt(`${item.number}. ${text}`)} before any "Priority Goal" heading; expected the heading "Priority Goal 1" first`,
          );
        }
        if (goal.title === null) {
          throw new ImportError(
            item.line,
            `action point before the title of Priority Goal ${goal.number}; expected the goal's title on the line after its heading`,
          );
        }
        const expected = goal.actions.length + 1;
        if (item.number !== expected) {
          throw new ImportError(
            item.line,
            `found action point ${item.number} of Priority Goal ${goal.number}; expected action point ${expected}`,
          );
        }
        goal.actions.push({
          type: 'action',
          line: item.line,
          body: inline(item, schema.nodes.body!, 'an action point'),
          list: [],
        });
        break;
      }
      case 'bullet': {
        const action = goal?.actions[goal.actions.length - 1];
        if (!action) {
          throw new ImportError(
            item.line,
            `list item ${excerpt(text)} has no action point to belong to; expected a numbered action point before it`,
          );
        }
        action.list.push(inline(item, schema.nodes.list_item!, 'a list item'));
        break;
      }
    }
  }
  if (goals.length === 0) {
    throw new ImportError(
      endLine,
      `the Call for Action that starts at line ${titleLine} has no goals; expected a "Priority Goal 1" heading`,
    );
  }
  const untitled = goals.find((g) => g.title === null);
  if (untitled) {
    throw new ImportError(
      untitled.line,
      `"Priority Goal ${untitled.number}" has no title; expected the goal's title on the line after its heading`,
    );
  }

  const markers = goals.flatMap((g) =>
    g.actions.flatMap((a) => [...markersOf(a.body), ...a.list.flatMap(markersOf)]),
  );
  const footnotes = resolveFootnotes(markers, bodies, nextId, 'Call for Action');
  const content = [titleNode(title, nextId)];
  for (const g of goals) {
    const id = nextId();
    const heading = schema.nodes.goal_title!.create(null, toNodes(g.title ?? [], footnotes.refs));
    content.push(
      schema.nodes.goal!.create({ id }, [
        heading,
        ...g.actions.map((a) => paragraphNode(a, footnotes.refs, nextId)),
      ]),
    );
  }
  content.push(schema.nodes.footnotes!.create(null, footnotes.nodes));
  return schema.nodes.doc!.create(null, content);
}
