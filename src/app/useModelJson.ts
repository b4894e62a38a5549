/** What the lazy views (map, model card) share: one JSON file of the model folder, and the taxonomy's names. */
import { useEffect, useMemo, useState } from 'react';
import { allNodes } from '../core/taxonomy';
import { useStore } from '../store';

/** One JSON file of public/model/ as a view waits for it. */
export type ModelJsonLoad<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: T };

/**
 * Fetches `model/<file>` when the view mounts (aborted when it unmounts) and hands the parsed JSON to `read`, which
 * returns what the view needs or throws saying what is wrong with it. A failure reads "<failure>: <why>". `read`
 * and `failure` should be module constants: a new one fetches again.
 */
export function useModelJson<T>(file: string, read: (json: unknown) => T, failure: string): ModelJsonLoad<T> {
  const [load, setLoad] = useState<ModelJsonLoad<T>>({ kind: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    fetch(`${import.meta.env.BASE_URL}model/${file}`, { signal: ac.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${file}: HTTP ${r.status}`))))
      .then((json: unknown) => setLoad({ kind: 'done', value: read(json) }))
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setLoad({ kind: 'error', message: `${failure}: ${e instanceof Error ? e.message : String(e)}` });
      });
    return () => ac.abort();
  }, [file, read, failure]);
  return load;
}

/** Display name of every taxonomy node by id (diagnoses and groups), from the loaded model's taxonomy.json. */
export function useNodeNames(): Record<string, string> {
  const info = useStore((s) => s.info);
  return useMemo(() => Object.fromEntries(info ? allNodes(info.taxonomy.root).map((n) => [n.id, n.name]) : []), [info]);
}
