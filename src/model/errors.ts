/** The specific ways loading the model can fail, each with its own message for the page. */

/** Why loading failed: the page shows a different message (and maybe a retry button) for each. */
export type ModelErrorCode = 'download' | 'checksum' | 'metadata' | 'no-backend' | 'model';

/** A model load failure with a machine-readable code; `message` is written for people. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The code of a ModelError, or undefined for any other error. By name, not instanceof: in the built app the model
 * engine that runs on the page (when no worker can) comes from the worker's bundle, with its own copy of the class.
 */
export function modelErrorCode(e: unknown): ModelErrorCode | undefined {
  if (typeof e !== 'object' || e === null || (e as { name?: unknown }).name !== 'ModelError') return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? (code as ModelErrorCode) : undefined;
}

/** The rejection of an aborted call: a DOMException named AbortError, as fetch() uses. */
export function abortError(): DOMException {
  return new DOMException('The operation was aborted', 'AbortError');
}

/** True for the rejection of an aborted call (a cancel is not an error to show). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** Throws the AbortError if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}
