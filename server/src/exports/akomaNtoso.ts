import type { Node } from 'prosemirror-model';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import {
  footnoteNumbers,
  type BlockLabel,
  type DocumentSummary,
  type VersionSummary,
} from '@accord/shared';
import { LIMITE } from './compilationModel.js';
import { printedPieces } from './printedText.js';

/** The Akoma Ntoso 3.0 namespace (OASIS LegalDocML). */
export const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

/** What the Akoma Ntoso file is made from: a version's text and labels. */
export interface AkomaNtosoInput {
  document: DocumentSummary;
  version: Pick<VersionSummary, 'id' | 'roundName' | 'createdAt' | 'kind'>;
  /** The version's text. */
  doc: Node;
  /** Its labels by block id ("OP4 bis", "OP1 (a)", "Goal 2", "2.3"). */
  labels: ReadonlyMap<string, BlockLabel>;
}

/** The `name` of the `<doc>`: what kind of document this is. */
const DOC_NAMES: Record<DocumentSummary['kind'], string> = {
  declaration: 'declaration',
  'call-for-action': 'callForAction',
};

/** Builds eIds from labels, unique in the document as the schema requires. */
class EIds {
  private readonly used = new Set<string>();
  make(prefix: string, label: string): string {
    const name = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    const base = name === '' ? prefix : name.startsWith(prefix) ? name : `${prefix}_${name}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}__${n}`;
    this.used.add(id);
    return id;
  }
}

/** A list item's number without its paragraph's label: "OP1 (b) bis" under "OP1" → "(b) bis". */
function relativeNum(label: string, parent: string): string {
  return parent !== '' && label.startsWith(`${parent} `) ? label.slice(parent.length + 1) : label;
}

/**
 * Writes a block's running text: text with its marks (`<i>`, `<b>`, `<a href>`), brackets and
 * alternatives printed ("[ … ]", "Alt 1: … / Alt 2: …"), and each footnote marker as the
 * footnote itself, an `<authorialNote>` at its place.
 */
function writeInline(
  target: XMLBuilder,
  textNode: Node,
  notes: ReadonlyMap<string, Node>,
  numbers: ReadonlyMap<string, number>,
  eids: EIds,
): void {
  for (const piece of printedPieces(textNode)) {
    if (piece.kind === 'sign') {
      target.txt(piece.text);
      continue;
    }
    if (piece.kind === 'ref') {
      const n = numbers.get(piece.ref);
      const marker = n === undefined ? '*' : String(n);
      target
        .ele('authorialNote', {
          eId: eids.make('authorialNote', marker),
          marker,
          placement: 'bottom',
        })
        .ele('p')
        .txt(notes.get(piece.ref)?.textContent ?? '');
      continue;
    }
    let at = target;
    for (const mark of piece.node.marks) {
      if (mark.type.name === 'link') at = at.ele('a', { href: mark.attrs.href as string });
      else if (mark.type.name === 'strong') at = at.ele('b');
      else if (mark.type.name === 'em') at = at.ele('i');
    }
    at.txt(piece.node.text ?? '');
  }
}

/**
 * The Akoma Ntoso 3.0 XML of a version (EC6): `<akomaNtoso><doc name="declaration">` with the
 * FRBR identification (Work, Expression, Manifestation) dated by the version, a preface (LIMITE,
 * the title, the round and the date), the preamble (chapeau, preambular paragraphs as recitals,
 * their lists as block lists), the main body (operative paragraphs as `<paragraph>` with their
 * label in `<num>`, lists as `<list>`/`<point>`; goals as `<section>` with their title as
 * heading and action points as `<hcontainer name="action">`), and footnotes as
 * `<authorialNote>` where they are cited. Valid against the OASIS schema (tests/fixtures/akn).
 */
export function akomaNtoso(input: AkomaNtosoInput): string {
  const { document, version, doc, labels } = input;
  const day = version.createdAt.slice(0, 10);
  const eids = new EIds();
  const numbers = footnoteNumbers(doc);
  const notes = new Map<string, Node>();
  doc.descendants((node) => {
    if (node.type.name === 'footnote') notes.set(node.attrs.id as string, node);
    return node.type.name === 'doc' || node.type.name === 'footnotes';
  });
  const label = (node: Node) => labels.get(node.attrs.id as string)?.short ?? '';
  const inline = (target: XMLBuilder, textNode: Node) =>
    writeInline(target, textNode, notes, numbers, eids);

  const docName = DOC_NAMES[document.kind];
  const work = `/akn/int/doc/${docName}/${document.id}`;
  const expression = `${work}/eng@${version.id}`;
  const manifestation = `${expression}/!main.xml`;

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(AKN_NAMESPACE, 'akomaNtoso');
  const main = root.ele('doc', { name: docName });

  const meta = main.ele('meta');
  const identification = meta.ele('identification', { source: '#accord' });
  const frbr = (name: string, self: string, uri: string) => {
    const el = identification.ele(name);
    el.ele('FRBRthis', { value: self });
    el.ele('FRBRuri', { value: uri });
    el.ele('FRBRdate', { date: day, name: version.kind === 'start' ? 'start' : 'publication' });
    el.ele('FRBRauthor', { href: '#secretariat' });
    return el;
  };
  frbr('FRBRWork', `${work}/!main`, work).ele('FRBRcountry', { value: 'int' });
  frbr('FRBRExpression', `${expression}/!main`, expression).ele('FRBRlanguage', {
    language: 'eng',
  });
  frbr('FRBRManifestation', manifestation, manifestation);
  const references = meta.ele('references', { source: '#accord' });
  references.ele('TLCOrganization', {
    eId: 'accord',
    href: '/ontology/organization/accord',
    showAs: 'Accord',
  });
  references.ele('TLCOrganization', {
    eId: 'secretariat',
    href: '/ontology/organization/secretariat',
    showAs: 'Secretariat',
  });

  const preface = main.ele('preface');
  preface.ele('p', { class: 'classification' }).txt(LIMITE);
  const title = doc.firstChild!;
  preface.ele('longTitle', { eId: 'longTitle' }).ele('p').ele('docTitle').txt(title.textContent);
  const stage = preface.ele('p', { class: 'version' });
  stage.ele('docStage').txt(version.roundName);
  stage.txt(', ');
  stage.ele('docDate', { date: day }).txt(day);

  const preambulars: Node[] = [];
  const operatives: Node[] = [];
  const goals: Node[] = [];
  let chapeau: Node | null = null;
  doc.forEach((block) => {
    if (block.type.name === 'chapeau') chapeau = block;
    else if (block.type.name === 'preambular') preambulars.push(block);
    else if (block.type.name === 'operative') operatives.push(block);
    else if (block.type.name === 'goal') goals.push(block);
  });

  if (chapeau || preambulars.length > 0) {
    const preamble = main.ele('preamble');
    if (chapeau) inline(preamble.ele('p', { class: 'chapeau' }), chapeau);
    if (preambulars.length > 0) {
      const recitals = preamble.ele('recitals', { eId: 'recitals' });
      for (const pp of preambulars) {
        const l = label(pp);
        const recital = recitals.ele('recital', { eId: eids.make('recital', l) });
        if (l) recital.ele('num').txt(l);
        inline(recital.ele('p'), pp.firstChild!);
        pp.forEach((child) => {
          if (child.type.name !== 'list') return;
          const blockList = recital.ele('blockList', { eId: eids.make('blockList', l) });
          child.forEach((item) => {
            const il = label(item);
            const el = blockList.ele('item', { eId: eids.make('item', il) });
            el.ele('num').txt(relativeNum(il, l));
            inline(el.ele('p'), item);
          });
        });
      }
    }
  }

  /** A numbered paragraph (operative or action): its text, then its list as points. */
  const paragraph = (parent: XMLBuilder, node: Node, element: string, prefix: string) => {
    const l = label(node);
    const attrs: Record<string, string> = { eId: eids.make(prefix, l) };
    if (element === 'hcontainer') attrs.name = 'action';
    const el = parent.ele(element, attrs);
    if (l) el.ele('num').txt(l);
    const lists: Node[] = [];
    node.forEach((child) => {
      if (child.type.name === 'list') lists.push(child);
    });
    if (lists.length === 0) {
      inline(el.ele('content').ele('p'), node.firstChild!);
      return;
    }
    inline(el.ele('intro').ele('p'), node.firstChild!);
    for (const list of lists) {
      const listEl = el.ele('list', { eId: eids.make('list', l) });
      list.forEach((item) => {
        const il = label(item);
        const point = listEl.ele('point', { eId: eids.make('point', il) });
        point.ele('num').txt(relativeNum(il, l));
        inline(point.ele('content').ele('p'), item);
      });
    }
  };

  const body = main.ele('mainBody');
  for (const op of operatives) paragraph(body, op, 'paragraph', 'para');
  for (const goal of goals) {
    const l = label(goal);
    const section = body.ele('section', { eId: eids.make('goal', l) });
    if (l) section.ele('num').txt(l);
    inline(section.ele('heading'), goal.firstChild!);
    goal.forEach((child) => {
      if (child.type.name === 'action') paragraph(section, child, 'hcontainer', 'action');
    });
  }
  // The main body may not be empty: a text without operative part says so.
  if (operatives.length === 0 && goals.length === 0) body.ele('p');

  // Not pretty-printed: indentation inside mixed content would change the text.
  return root.end() + '\n';
}
