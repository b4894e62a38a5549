/** Timing the model's load step by step (ModelInfo.trace): plain timestamps, which the page turns into performance measures. */
import type { LoadStep } from './types';

/** Now, in ms since the epoch: comparable across the page and its workers, whose performance.now() start at different times. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Runs one step and appends how long it took to `trace` (also when it fails). */
export async function timed<T>(trace: LoadStep[] | undefined, name: string, run: () => Promise<T>): Promise<T> {
  const start = epochNow();
  try {
    return await run();
  } finally {
    trace?.push({ name, start, end: epochNow() });
  }
}
