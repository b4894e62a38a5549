/** Fetching a file of this site, with a network failure told apart from a bad answer (see problem.ts). */
import { NotDownloaded } from './problem';

const base = (): string => import.meta.env?.BASE_URL ?? '/';

/** The response for `path` (relative to the site root); throws NotDownloaded when fetch itself fails, Error on HTTP errors. */
export async function fetchFile(path: string, init?: RequestInit): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(`${base()}${path}`, init);
  } catch (e) {
    if (init?.signal?.aborted) throw e;
    throw new NotDownloaded(path);
  }
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r;
}
