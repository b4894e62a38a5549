/** What the lazy views (map, model card) share: one JSON file under public/, and the taxonomy's names. */
import { useEffect, useMemo, useState } from 'react';
import { nodeNames } from '../core/taxonomy';
import { fetchFile } from '../features/offline/fetchFile';
import { loadProblem } from '../features/offline/problem';
import { useStore } from '../store';

/** One JSON file of public/ as a view waits for it. */
export type ModelJsonLoad<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: T };

/**
 * Fetches `<path>` (relative to public/) when the view mounts (aborted when it unmounts) and hands the parsed JSON to
 * `read`, which returns what the view needs or throws saying what is wrong with it. A failure reads
 * "<failure>: <why>", in plain words when the file could not be downloaded at all (offline, never "Failed to
 * fetch"). `read` and `failure` should be module constants: a new one fetches again.
 */
export function usePublicJson<T>(path: string, read: (json: unknown) => T, failure: string): ModelJsonLoad<T> {
  const [load, setLoad] = useState<ModelJsonLoad<T>>({ kind: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    fetchFile(path, { signal: ac.signal })
      .then((r) => r.json())
      .then((json: unknown) => setLoad({ kind: 'done', value: read(json) }))
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setLoad({ kind: 'error', message: `${failure}: ${why(e)}` });
      });
    return () => ac.abort();
  }, [path, read, failure]);
  return load;
}

/** Why a file could not be loaded, in words. */
function why(e: unknown): string {
  const p = loadProblem(e, navigator.onLine);
  switch (p.kind) {
    case 'offline':
      return 'it is not on this device yet, and the device is offline. Connect to the internet and open this view again.';
    case 'unreachable':
      return 'the server did not answer. Check the internet connection and open this view again.';
    case 'broken':
      return p.detail;
  }
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
