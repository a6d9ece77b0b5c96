import { useEffect, useState } from 'react';
import { fetchDelegations } from '../api/delegations.js';

/**
 * The delegations' names by id, for labelling amendments ("Germany · A12"). Until they are
 * loaded (or if they cannot be), an id stands in for its name.
 */
export function useDelegationNames(): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    fetchDelegations(controller.signal)
      .then((list) => setNames(new Map(list.map((d) => [d.id, d.name]))))
      .catch(() => {
        // Names are a nicety here; ids are shown instead.
      });
    return () => controller.abort();
  }, []);
  return names;
}

/** A delegation's name, or its id when the name is not known. */
export function nameOf(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}
