import { useState, type FormEvent } from 'react';
import { importDeclarationText } from './api/documents.js';
import { asSentence, errorMessage } from './api/http.js';

/**
 * Shown to the Secretariat when the negotiation has no documents yet (the server started
 * without seeds): paste or open the draft's plain text and the server builds both documents.
 */
export function ImportDeclaration({ onImported }: { onImported: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await importDeclarationText(text);
      onImported();
    } catch (err) {
      setError(asSentence(errorMessage(err)));
    } finally {
      setBusy(false);
    }
  };

  const openFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <form className="notice" onSubmit={submit} aria-label="Import a declaration">
      <p>
        <strong>Import the draft.</strong> Paste the plain text of the Ministerial Declaration and
        its Call for Action, or open a .txt file. Accord finds the chapeau, the preambular and
        operative paragraphs, the priority goals with their action points, and the footnotes.
      </p>
      <p>
        <input
          type="file"
          accept=".txt,text/plain"
          onChange={(e) => void openFile(e.target.files?.[0])}
        />
      </p>
      <textarea
        aria-label="Declaration text"
        rows={10}
        style={{ width: '100%', fontFamily: 'inherit' }}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {error && (
        <p className="notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || text.trim() === ''}>
        {busy ? 'Importing…' : 'Import'}
      </button>
    </form>
  );
}
