import { useCallback, useState, type KeyboardEvent } from 'react';

/** One tab of a tab bar. */
export interface Tab<Id extends string> {
  id: Id;
  label: string;
}

/**
 * The selected tab, kept in the address's #fragment so that a reload (or a link) keeps it.
 */
export function useHashTab<Id extends string>(tabs: readonly Tab<Id>[]): [Id, (id: Id) => void] {
  const fromHash = () => {
    const hash = window.location.hash.slice(1);
    return tabs.find((t) => t.id === hash)?.id ?? tabs[0]!.id;
  };
  const [selected, setSelected] = useState<Id>(fromHash);
  const select = useCallback((id: Id) => {
    setSelected(id);
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#${id}`,
    );
  }, []);
  return [selected, select];
}

/** A row of tabs (ARIA tabs: arrow keys move between them). Panels use `tabPanelProps`. */
export function Tabs<Id extends string>({
  tabs,
  selected,
  onSelect,
  label,
}: {
  tabs: readonly Tab<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  label: string;
}) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.findIndex((t) => t.id === selected);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (!next) return;
    onSelect(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          className="tab"
          aria-selected={t.id === selected}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === selected ? 0 : -1}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The attributes of the panel that belongs to tab `id`. */
export function tabPanelProps(id: string) {
  return { id: `panel-${id}`, role: 'tabpanel', 'aria-labelledby': `tab-${id}` } as const;
}
