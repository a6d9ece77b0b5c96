import { useMemo, type RefObject } from 'react';
import { AMENDMENT_STATUSES } from '@accord/shared';
import { STATUS_WORDS } from '../amendments/amendmentWords.js';
import { nameOf } from '../amendments/useDelegationNames.js';
import type { Compilation } from './compilation.js';
import { NO_FILTER, isFiltered, type WorkspaceFilter } from './consolidationFilter.js';
import { WORKSPACE_SHORTCUTS } from './workspaceShortcuts.js';

/**
 * The workspace's filters (SPEC CW2): delegation, status, part (the priority goals of the Call
 * for Action; preamble and operative part of a declaration), paragraph and a search. The choices
 * offered are those present in the compilation.
 */
export function WorkspaceFilters({
  compilation,
  filter,
  onChange,
  names,
  searchRef,
}: {
  compilation: Compilation;
  filter: WorkspaceFilter;
  onChange: (filter: WorkspaceFilter) => void;
  names: ReadonlyMap<string, string>;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const delegations = useMemo(() => {
    const ids = new Set(compilation.entries.flatMap((e) => [...e.delegationIds, ...e.cosponsors]));
    return [...ids]
      .map((id) => ({ id, name: nameOf(names, id) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [compilation.entries, names]);
  const paragraphs = useMemo(
    () => compilation.paragraphs.map((p) => p.label).filter((l) => l !== ''),
    [compilation.paragraphs],
  );
  const set = (patch: Partial<WorkspaceFilter>) => onChange({ ...filter, ...patch });
  const orNull = (value: string) => (value === '' ? null : value);
  return (
    <form
      className="cw-filters"
      role="search"
      aria-label="Filter the amendments"
      onSubmit={(event) => event.preventDefault()}
    >
      <label>
        Delegation
        <select
          className="field-input"
          value={filter.delegationId ?? ''}
          onChange={(event) => set({ delegationId: orNull(event.target.value) })}
        >
          <option value="">All delegations</option>
          {delegations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          className="field-input"
          value={filter.status ?? ''}
          onChange={(event) =>
            set({ status: orNull(event.target.value) as WorkspaceFilter['status'] })
          }
        >
          <option value="">Any status</option>
          <option value="open">Open (not decided)</option>
          <option value="decided">Decided</option>
          {AMENDMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_WORDS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Part or goal
        <select
          className="field-input"
          value={filter.part ?? ''}
          onChange={(event) => set({ part: orNull(event.target.value) })}
        >
          <option value="">The whole text</option>
          {compilation.parts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Paragraph
        <select
          className="field-input"
          value={filter.paragraph ?? ''}
          onChange={(event) => set({ paragraph: orNull(event.target.value) })}
        >
          <option value="">Every paragraph</option>
          {paragraphs.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="cw-search">
        Search
        <input
          ref={searchRef}
          type="search"
          className="field-input"
          value={filter.search}
          placeholder="Words of the text or justification, A12"
          aria-keyshortcuts={WORKSPACE_SHORTCUTS.search.aria}
          onChange={(event) => set({ search: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
      </label>
      <button
        type="button"
        className="button button-quiet"
        disabled={!isFiltered(filter)}
        onClick={() => onChange(NO_FILTER)}
      >
        Clear filters
      </button>
    </form>
  );
}
