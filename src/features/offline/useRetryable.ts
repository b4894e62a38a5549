/** A load a component waits for, with a retry: by hand (a button), or by itself when the connection comes back. */
import { useCallback, useEffect, useState } from 'react';
import { loadProblem, type LoadProblem } from './problem';

/** Where the load stands. */
export type Retryable<T> = { kind: 'loading' } | { kind: 'error'; problem: LoadProblem } | { kind: 'done'; value: T };

/**
 * Runs `load` when the component mounts and again on retry. `load` should be a module function that caches its
 * promise and forgets a failure (loadPack, loadTeachSet), so a retry fetches again and a success is shared.
 */
export function useRetryable<T>(load: () => Promise<T>): [Retryable<T>, () => void] {
  const [state, setState] = useState<Retryable<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the retry
  useEffect(() => {
    let live = true;
    setState((s) => (s.kind === 'loading' ? s : { kind: 'loading' }));
    load().then(
      (value) => live && setState({ kind: 'done', value }),
      (e: unknown) => live && setState({ kind: 'error', problem: loadProblem(e, navigator.onLine) }),
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);
  const offline = state.kind === 'error' && state.problem.kind === 'offline';
  useEffect(() => {
    if (!offline) return;
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [offline, retry]);
  return [state, retry];
}
