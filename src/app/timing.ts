/**
 * The model's load steps (ModelInfo.trace) and the page's milestones as User Timing entries named 'skinlens: …': the
 * browser's performance panel shows them beside the network, and the bench (bench/run.mjs) reads them to say where
 * the time to "ready" went. Diagnostics only: nothing reads them back in the app.
 */
import type { LoadStep } from '../model/types';

const PREFIX = 'skinlens: ';

/** Records each step as a measure on this page's timeline (the steps carry epoch times; a worker's clock starts later). */
export function measureLoad(steps: readonly LoadStep[] | undefined): void {
  for (const s of steps ?? []) {
    try {
      performance.measure(`${PREFIX}${s.name}`, { start: s.start - performance.timeOrigin, end: s.end - performance.timeOrigin });
    } catch {
      // No User Timing Level 3 (an old browser, a test DOM), or a step that began before this page did.
    }
  }
}

/** Marks a milestone the first time it happens on this page. */
export function markFirst(name: 'page script' | 'ready' | 'first result'): void {
  try {
    if (performance.getEntriesByName(`${PREFIX}${name}`, 'mark').length === 0) performance.mark(`${PREFIX}${name}`);
  } catch {
    // As above.
  }
}
