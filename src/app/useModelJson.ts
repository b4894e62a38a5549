/** What the lazy views (map, model card) share: one JSON file under public/, and the taxonomy's names. */
import { useEffect, useMemo, useState } from 'react';
import { nodeNames } from '../core/taxonomy';
import { useStore } from '../store';

/** One JSON file of public/ as a view waits for it. */
export type ModelJsonLoad<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: T };

/**
 * Fetches `<path>` (relative to public/) when the view mounts (aborted when it unmounts) and hands the parsed JSON to
 * `read`, which returns what the view needs or throws saying what is wrong with it. A failure reads
 * "<failure>: <why>". `read` and `failure` should be module constants: a new one fetches again.
 */
export function usePublicJson<T>(path: string, read: (json: unknown) => T, failure: string): ModelJsonLoad<T> {
  const [load, setLoad] = useState<ModelJsonLoad<T>>({ kind: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    const file = path.slice(path.lastIndexOf('/') + 1);
    fetch(`${import.meta.env.BASE_URL}${path}`, { signal: ac.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${file}: HTTP ${r.status}`))))
      .then((json: unknown) => setLoad({ kind: 'done', value: read(json) }))
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setLoad({ kind: 'error', message: `${failure}: ${e instanceof Error ? e.message : String(e)}` });
      });
    return () => ac.abort();
  }, [path, read, failure]);
  return load;
}

/** {@link usePublicJson} for a file of the model folder, public/model/. */
export function useModelJson<T>(file: string, read: (json: unknown) => T, failure: string): ModelJsonLoad<T> {
  return usePublicJson(`model/${file}`, read, failure);
}

/** Display name of every taxonomy node by id (diagnoses and groups), from the loaded model's taxonomy.json. */
export function useNodeNames(): Record<string, string> {
  const info = useStore((s) => s.info);
  return useMemo(() => (info ? nodeNames(info.taxonomy.root) : {}), [info]);
}
