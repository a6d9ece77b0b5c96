import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, docToYDoc, schema } from '@accord/shared';
import { UpdateValidator } from '../../server/src/collab/UpdateValidator.js';
import { doc, op, pp, title, footnotes } from '../helpers/builders.js';
import { firstBody, updateFrom } from '../helpers/yclient.js';

function setup() {
  const ydoc = docToYDoc(
    doc(title('T'), pp('Recognising the role'), op('Adopt the plan'), footnotes()),
  );
  const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(ydoc));
  /** Applies an accepted update to the reference doc too, as the room does once it is stored. */
  const apply = (edit: (copy: Y.Doc) => void) => {
    const update = updateFrom(ydoc, edit);
    const verdict = validator.apply(update);
    if (verdict.ok) Y.applyUpdate(ydoc, update);
    else validator.rebuild(Y.encodeStateAsUpdate(ydoc), []);
    return verdict;
  };
  return { ydoc, apply };
}

describe('UpdateValidator (WS13–WS20 without a server)', () => {
  it('WS2 accepts plain typing and deleting in running text, many times over', () => {
    const { ydoc, apply } = setup();
    for (let i = 0; i < 200; i++) {
      expect(apply((d) => firstBody(d).insert(0, `${i} `))).toEqual({ ok: true, changed: true });
      if (i % 3 === 0)
        expect(apply((d) => firstBody(d).delete(0, 1))).toEqual({ ok: true, changed: true });
    }
    expect(firstBody(ydoc).toString()).toContain('199 ');
  });

  it('WS17 refuses a disallowed link even when it comes with plain typing in the same update', () => {
    const { apply } = setup();
    const verdict = apply((d) => {
      firstBody(d).insert(0, 'typed ');
      firstBody(d).format(0, 5, { link: { href: 'javascript:alert(1)' } });
    });
    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringMatching(/link target not allowed/),
    });
  });

  it('WS15 refuses an embedded object typed into running text', () => {
    const { apply } = setup();
    const verdict = apply((d) => firstBody(d).insertEmbed(0, { image: 'x' }));
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/embedded object/) });
  });

  it('WS15 refuses marks a title may not carry', () => {
    const { apply } = setup();
    const verdict = apply((d) => {
      const titleText = (d.getXmlFragment(FRAGMENT_NAME).get(0) as Y.XmlElement).get(
        0,
      ) as Y.XmlText;
      titleText.format(0, 1, { strong: {} });
    });
    expect(verdict.ok).toBe(false);
  });

  it('WS2 an update that repeats what the server has changes nothing', () => {
    const { ydoc, apply } = setup();
    apply((d) => firstBody(d).insert(0, 'once '));
    const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(ydoc));
    expect(validator.apply(Y.encodeStateAsUpdate(ydoc))).toEqual({ ok: true, changed: false });
  });
});
