import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

/** A page whose code is loaded on demand, which can be asked to start loading early. */
export type LazyPage<P extends object> = ComponentType<P> & {
  /** Starts loading the page's code, once; later calls return the same promise. */
  preload(): Promise<ComponentType<P>>;
};

/**
 * A page in its own chunk, drawn as soon as its code is there. Not `React.lazy` + Suspense:
 * once a Suspense fallback has been shown, React holds the revealed page back until 300 ms
 * after it appeared, even when the code arrives a few milliseconds later, and the page's own
 * requests wait behind that. Here `fallback` is drawn until the code is loaded, then the page;
 * a page preloaded at startup (in parallel with the session check) is drawn at once. A failed
 * download is thrown at render, to the nearest error boundary, as React.lazy would.
 */
export function lazyPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: ReactNode,
): LazyPage<P> {
  let promise: Promise<ComponentType<P>> | null = null;
  let loaded: ComponentType<P> | null = null;
  const preload = () =>
    (promise ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // A failed download may succeed later: the next call tries again.
        promise = null;
        throw error;
      },
    ));
  function Page(props: P) {
    const [state, setState] = useState<{ component: ComponentType<P> | null; error?: unknown }>(
      () => ({ component: loaded }),
    );
    useEffect(() => {
      if (state.component !== null) return;
      let live = true;
      preload().then(
        (component) => {
          if (live) setState({ component });
        },
        (error: unknown) => {
          if (live) setState({ component: null, error });
        },
      );
      return () => {
        live = false;
      };
    }, [state.component]);
    if (state.error !== undefined) throw state.error;
    if (state.component === null) return fallback;
    const Loaded = state.component;
    return <Loaded {...props} />;
  }
  return Object.assign(Page, { preload });
}
