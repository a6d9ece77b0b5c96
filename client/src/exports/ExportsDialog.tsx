import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { LIVE_TEXT, type CompilationLayout, type VersionSummary } from '@accord/shared';
import { errorMessage } from '../api/http.js';
import { fetchVersions } from '../api/versions.js';
import {
  byteWords,
  downloadExport,
  exportUrl,
  saveFile,
  type DownloadProgress,
  type ExportRequest,
  type RevisionFormat,
} from '../api/exports.js';
import { defaultPair, versionWords } from '../versions/redline.js';
import { useLoad } from '../useLoad.js';
import './exports.css';

/** A comparison to start from: the compare page passes the one it shows. */
export interface RevisionPair {
  from: string;
  to: string;
}

const REVISION_CHOICES: { value: RevisionFormat; words: string }[] = [
  { value: 'docx', words: 'Word with tracked changes (.docx)' },
  { value: 'clean-docx', words: 'Word, clean text (.docx)' },
  { value: 'html', words: 'Web page with the redline (HTML)' },
  { value: 'pdf', words: 'PDF of the redline' },
];

/** What the dialog is doing: nothing, a download under way, or the last one's outcome. */
type DownloadState =
  | { state: 'idle' }
  | { state: 'running'; what: string; progress: DownloadProgress | null }
  | { state: 'done'; message: string }
  | { state: 'error'; what: string; message: string };

/** The progress line of a download under way: "Preparing…" until bytes arrive. */
function progressWords(what: string, progress: DownloadProgress | null): string {
  if (progress === null || progress.received === 0) return `Preparing ${what}…`;
  const of = progress.total === null ? '' : ` of ${byteWords(progress.total)}`;
  return `Downloading ${what}: ${byteWords(progress.received)}${of} received`;
}

/**
 * One download at a time, cancellable: the file is read as a stream (progress), then saved under
 * the server's name. Cancels itself when the dialog goes away.
 */
function useDownload(documentId: string) {
  const [download, setDownload] = useState<DownloadState>({ state: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const start = useCallback(
    async (what: string, request: ExportRequest) => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setDownload({ state: 'running', what, progress: null });
      try {
        const file = await downloadExport(exportUrl(documentId, request), {
          signal: mine.signal,
          onProgress: (progress) =>
            setDownload({ state: 'running', what, progress: { ...progress } }),
        });
        if (mine.signal.aborted) return;
        saveFile(file);
        setDownload({
          state: 'done',
          message: `Saved ${file.filename} (${byteWords(file.blob.size)}).`,
        });
      } catch (error) {
        if (mine.signal.aborted) return;
        setDownload({ state: 'error', what, message: errorMessage(error) });
      } finally {
        if (controller.current === mine) controller.current = null;
      }
    },
    [documentId],
  );
  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setDownload({ state: 'done', message: 'Download cancelled.' });
  }, []);
  return { download, start, cancel };
}

/**
 * The exports of a document (issue 10, SPEC EX and EC) in a modal dialog: the revision between
 * two texts (tracked or clean Word, HTML, PDF), the compilation of amendments, the amendments as
 * data and a version as Akoma Ntoso. Every control is reachable by keyboard; the server's
 * refusal is shown in its own words.
 */
export function ExportsDialog({
  documentId,
  pair,
  onClose,
}: {
  documentId: string;
  /** The comparison to pre-fill (the compare page's); else the latest versions. */
  pair?: RevisionPair | null;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The focus starts at the top: the first control is not there until the versions are.
    titleRef.current?.focus();
  }, []);
  const loadVersions = useCallback(
    (signal: AbortSignal) => fetchVersions(documentId, signal),
    [documentId],
  );
  const { result: versions } = useLoad(loadVersions);
  const list: VersionSummary[] = versions.state === 'ready' ? versions.data : [];
  const [chosen, setChosen] = useState<RevisionPair | null>(pair ?? null);
  // A pair from an old link may name a version that is gone: the latest ones instead.
  const known = (id: string) => list.some((v) => v.id === id);
  const revision =
    chosen && known(chosen.from) && (chosen.to === LIVE_TEXT || known(chosen.to))
      ? chosen
      : defaultPair(list);
  const [format, setFormat] = useState<RevisionFormat>('docx');
  const [layout, setLayout] = useState<CompilationLayout>('list');
  const [aknVersion, setAknVersion] = useState<string | null>(null);
  const akn = aknVersion ?? list[list.length - 1]?.id ?? null;
  const { download, start, cancel } = useDownload(documentId);
  const running = download.state === 'running';
  const ids = {
    title: useId(),
    from: useId(),
    to: useId(),
    format: useId(),
    layout: useId(),
    akn: useId(),
  };

  const versionOptions = list.map((v) => (
    <option key={v.id} value={v.id}>
      {versionWords(v)}
    </option>
  ));

  return (
    <dialog
      ref={ref}
      className="ex-dialog"
      aria-labelledby={ids.title}
      // Escape closes a modal dialog; a download under way is cancelled with it.
      onClose={onClose}
    >
      <h2 id={ids.title} className="ex-title" ref={titleRef} tabIndex={-1}>
        Export
      </h2>
      <p className="muted ex-intro">
        Every file is marked LIMITE and names the text it was made from and the date.
      </p>

      <section className="ex-section" aria-labelledby={`${ids.title}-revision`}>
        <h3 id={`${ids.title}-revision`}>Revision</h3>
        {versions.state === 'loading' && <p role="status">Loading the versions…</p>}
        {versions.state === 'error' && (
          <p className="notice notice-error" role="alert">
            The versions could not be loaded: {versions.message}
          </p>
        )}
        {versions.state === 'ready' && list.length === 0 && (
          <p className="muted">
            This document has no version yet, so there is nothing to compare the text with.
          </p>
        )}
        {revision !== null && list.length > 0 && (
          <form
            className="ex-form"
            onSubmit={(event) => {
              event.preventDefault();
              void start('the revision', { kind: 'revision', format, ...revision });
            }}
          >
            <div className="ex-field">
              <label htmlFor={ids.from}>From</label>
              <select
                id={ids.from}
                value={revision.from}
                onChange={(event) => setChosen({ ...revision, from: event.target.value })}
              >
                {versionOptions}
              </select>
            </div>
            <div className="ex-field">
              <label htmlFor={ids.to}>To</label>
              <select
                id={ids.to}
                value={revision.to}
                onChange={(event) => setChosen({ ...revision, to: event.target.value })}
              >
                {versionOptions}
                <option value={LIVE_TEXT}>Live text (now)</option>
              </select>
            </div>
            <div className="ex-field">
              <label htmlFor={ids.format}>Revision format</label>
              <select
                id={ids.format}
                value={format}
                onChange={(event) => setFormat(event.target.value as RevisionFormat)}
              >
                {REVISION_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.words}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button-primary" disabled={running}>
              Download revision
            </button>
          </form>
        )}
      </section>

      <section className="ex-section" aria-labelledby={`${ids.title}-compilation`}>
        <h3 id={`${ids.title}-compilation`}>Compilation of amendments</h3>
        <div className="ex-form">
          <div className="ex-field">
            <label htmlFor={ids.layout}>Layout</label>
            <select
              id={ids.layout}
              value={layout}
              onChange={(event) => setLayout(event.target.value as CompilationLayout)}
            >
              <option value="list">One under the other</option>
              <option value="two-column">Two columns (text | amendment)</option>
            </select>
          </div>
          <button
            type="button"
            className="button"
            disabled={running}
            onClick={() =>
              void start('the compilation', { kind: 'compilation', format: 'docx', layout })
            }
          >
            Compilation .docx
          </button>
          <button
            type="button"
            className="button"
            disabled={running}
            onClick={() =>
              void start('the compilation', { kind: 'compilation', format: 'html', layout })
            }
          >
            Compilation HTML
          </button>
        </div>
      </section>

      <section className="ex-section" aria-labelledby={`${ids.title}-data`}>
        <h3 id={`${ids.title}-data`}>Amendments as data</h3>
        <div className="ex-form">
          <button
            type="button"
            className="button"
            disabled={running}
            onClick={() => void start('the amendments', { kind: 'amendments', format: 'csv' })}
          >
            Amendments CSV
          </button>
          <button
            type="button"
            className="button"
            disabled={running}
            onClick={() => void start('the amendments', { kind: 'amendments', format: 'json' })}
          >
            Amendments JSON
          </button>
        </div>
      </section>

      {akn !== null && (
        <section className="ex-section" aria-labelledby={`${ids.title}-akn`}>
          <h3 id={`${ids.title}-akn`}>Akoma Ntoso</h3>
          <div className="ex-form">
            <div className="ex-field">
              <label htmlFor={ids.akn}>Version</label>
              <select
                id={ids.akn}
                value={akn}
                onChange={(event) => setAknVersion(event.target.value)}
              >
                {versionOptions}
              </select>
            </div>
            <button
              type="button"
              className="button"
              disabled={running}
              onClick={() => void start('the Akoma Ntoso file', { kind: 'akn', versionId: akn })}
            >
              Akoma Ntoso XML
            </button>
          </div>
        </section>
      )}

      <div className="ex-progress" role="status" aria-live="polite">
        {download.state === 'running' && progressWords(download.what, download.progress)}
        {download.state === 'done' && download.message}
      </div>
      {download.state === 'running' && download.progress?.total != null && (
        <progress
          className="ex-bar"
          aria-label="Download progress"
          max={download.progress.total}
          value={download.progress.received}
        />
      )}
      <div role="alert" className="ex-error">
        {download.state === 'error' && (
          <p className="notice notice-error">
            {`${download.what[0]!.toUpperCase()}${download.what.slice(1)} could not be downloaded: `}
            <span className="ex-server-message">{download.message}</span>
          </p>
        )}
      </div>
      <div className="ex-actions">
        {running && (
          <button type="button" className="button" onClick={cancel}>
            Cancel download
          </button>
        )}
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/**
 * The "Export…" button of a page and its dialog: the document page, the compare page (with its
 * comparison) and the workspace show it.
 */
export function ExportsButton({
  documentId,
  pair,
  className = 'button button-quiet',
}: {
  documentId: string;
  pair?: RevisionPair | null;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Export…
      </button>
      {open && (
        <ExportsDialog
          documentId={documentId}
          pair={pair}
          onClose={() => {
            setOpen(false);
            // The focus goes back where it came from, as a dialog's should.
            buttonRef.current?.focus();
          }}
        />
      )}
    </>
  );
}
