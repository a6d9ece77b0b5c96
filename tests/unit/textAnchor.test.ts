import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME } from '@accord/shared';
import { textAnchorProblem } from '../../server/src/comments/textAnchor.js';
import { encodedPosition } from '../helpers/threads.js';

// Which encoded positions may anchor a thread in a document (SPEC CM6).

/** A document with one paragraph of text in its fragment, and that text. */
function document(words = 'We decide to cooperate.'): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc({ gc: false });
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText(words);
  paragraph.insert(0, [text]);
  doc.getXmlFragment(FRAGMENT_NAME).insert(0, [paragraph]);
  return { doc, text };
}

describe('CM6 textAnchorProblem', () => {
  it('CM6 accepts positions in the text of the fragment, at its ends too', () => {
    const { doc, text } = document();
    for (const i of [0, 3, text.length])
      expect(textAnchorProblem(doc, encodedPosition(text, i), 'anchor.from'), String(i)).toBeNull();
    const fragment = doc.getXmlFragment(FRAGMENT_NAME);
    expect(textAnchorProblem(doc, encodedPosition(fragment, 0), 'anchor.from')).toBeNull();
    const paragraph = fragment.get(0) as Y.XmlElement;
    expect(textAnchorProblem(doc, encodedPosition(paragraph, 1), 'anchor.from')).toBeNull();
  });

  it('CM6 refuses a position naming another root type, without creating it in the document', () => {
    const { doc } = document();
    const other = new Y.Doc();
    const named = Buffer.from(
      Y.encodeRelativePosition(
        Y.createRelativePositionFromTypeIndex(other.getText('x'.repeat(300)), 0),
      ),
    ).toString('base64');
    expect(textAnchorProblem(doc, named, 'anchor.from')).toMatch(/does not point into/);
    expect([...doc.share.keys()]).toEqual([FRAGMENT_NAME]);
  });

  it('CM6 accepts positions on words deleted since (the thread is detached, and kept)', () => {
    const { doc, text } = document();
    const from = encodedPosition(text, 3);
    text.delete(0, 10);
    expect(textAnchorProblem(doc, from, 'anchor.from')).toBeNull();
    // Even when the whole paragraph has gone.
    doc.getXmlFragment(FRAGMENT_NAME).delete(0, 1);
    expect(textAnchorProblem(doc, from, 'anchor.from')).toBeNull();
  });

  it('CM6 refuses garbage, naming the field', () => {
    const { doc } = document();
    for (const garbage of ['', 'AAAA', '////', Buffer.from('hello world').toString('base64')])
      expect(textAnchorProblem(doc, garbage, 'anchor.to'), garbage).toMatch(/^"anchor\.to" /);
  });

  it('CM6 refuses positions of another document', () => {
    const { doc } = document();
    const other = document('Elsewhere entirely.');
    expect(textAnchorProblem(doc, encodedPosition(other.text, 2), 'anchor.from')).toMatch(
      /"anchor\.from" does not point into this document/,
    );
  });

  it('CM6 refuses positions in a type of the same document outside its text', () => {
    const { doc } = document();
    const notes = doc.getText('notes');
    notes.insert(0, 'side notes');
    expect(textAnchorProblem(doc, encodedPosition(notes, 2), 'anchor.from')).toMatch(
      /"anchor\.from" does not point into this document's text/,
    );
    const meta = doc.getMap('meta');
    const nested = new Y.Text('nested');
    meta.set('x', nested);
    expect(textAnchorProblem(doc, encodedPosition(nested, 1), 'anchor.from')).toMatch(
      /does not point into this document's text/,
    );
  });
});
