/** Settings read from the page address: ?backend=webgl|webgpu|wasm|cpu forces a backend, ?test=1 exposes test hooks. */
import { BACKEND_ORDER, type BackendName } from '../model/types';

/** The parsed query, with a message for a bad backend name (listing the valid ones). */
export interface AppParams {
  backend: BackendName | undefined;
  backendProblem: string | null;
  test: boolean;
}

/** The same query without ?backend= (keeping ?test=1 and the rest): the address of the automatic choice. */
export function withoutBackend(search: string): string {
  const q = new URLSearchParams(search);
  q.delete('backend');
  const rest = q.toString();
  return rest ? `?${rest}` : '';
}

/** Parses a query string such as location.search. */
export function parseParams(search: string): AppParams {
  const q = new URLSearchParams(search);
  const b = q.get('backend');
  const valid = (BACKEND_ORDER as readonly string[]).includes(b ?? '');
  return {
    backend: valid ? (b as BackendName) : undefined,
    backendProblem: b && !valid ? `Unknown backend "${b}" in the address; use one of ${BACKEND_ORDER.join(', ')}. Choosing automatically.` : null,
    test: q.get('test') === '1',
  };
}
