import type { Node } from 'prosemirror-model';

/** A label derived from the structure, as delegates cite it in negotiation. */
export interface BlockLabel {
  /** Short margin label: "PP3", "OP1", "OP1 (b)", "Goal 2", "2.3", "fn 4". */
  short: string;
  /** Spoken form for lists and exports: "Preambular paragraph 3", "Goal 2, action 3". */
  long: string;
}

/** Letters for list items inside a paragraph: (a), (b) … (z), (aa) … */
function letter(index: number): string {
  let s = '';
  let n = index;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/**
 * Derives every block's label from its position in the document: numbering is never typed, so
 * inserting or deleting a paragraph renumbers all that follow. Keyed by block id; blocks
 * without an id (a client's brand-new block before the id plugin runs) get no label.
 */
export function deriveLabels(doc: Node): Map<string, BlockLabel> {
  const labels = new Map<string, BlockLabel>();
  const set = (node: Node, label: BlockLabel) => {
    const id = node.attrs.id as string | null;
    if (id && !labels.has(id)) labels.set(id, label);
  };
  const labelList = (paragraph: Node, parentShort: string, parentLong: string) => {
    // Letters run on across lists: a paragraph holds two only until the server joins them.
    let index = 0;
    paragraph.forEach((child) => {
      if (child.type.name !== 'list') return;
      child.forEach((item) => {
        const l = letter(index++);
        set(item, { short: `${parentShort} (${l})`, long: `${parentLong}, item (${l})` });
      });
    });
  };
  let pp = 0;
  let op = 0;
  let goal = 0;
  doc.forEach((block) => {
    switch (block.type.name) {
      case 'preambular':
        pp++;
        set(block, { short: `PP${pp}`, long: `Preambular paragraph ${pp}` });
        labelList(block, `PP${pp}`, `Preambular paragraph ${pp}`);
        break;
      case 'operative':
        op++;
        set(block, { short: `OP${op}`, long: `Operative paragraph ${op}` });
        labelList(block, `OP${op}`, `Operative paragraph ${op}`);
        break;
      case 'goal': {
        goal++;
        const g = goal;
        set(block, { short: `Goal ${g}`, long: `Priority Goal ${g}` });
        let action = 0;
        block.forEach((child) => {
          if (child.type.name !== 'action') return;
          action++;
          const short = `${g}.${action}`;
          const long = `Goal ${g}, action ${action}`;
          set(child, { short, long });
          labelList(child, short, long);
        });
        break;
      }
      case 'footnotes': {
        const numbers = footnoteNumbers(doc);
        block.forEach((fn) => {
          const n = numbers.get(fn.attrs.id as string);
          if (n !== undefined) set(fn, { short: `fn ${n}`, long: `Footnote ${n}` });
        });
        break;
      }
      default:
        break;
    }
  });
  return labels;
}

/**
 * Footnote numbers, derived from the order in which markers first appear in the text (the way
 * a printed declaration numbers them). A footnote no marker points at gets no number.
 */
export function footnoteNumbers(doc: Node): Map<string, number> {
  const numbers = new Map<string, number>();
  doc.descendants((node) => {
    if (node.type.name === 'footnotes') return false;
    if (node.type.name === 'footnote_ref') {
      const ref = node.attrs.ref as string;
      if (!numbers.has(ref)) numbers.set(ref, numbers.size + 1);
    }
    return true;
  });
  return numbers;
}
