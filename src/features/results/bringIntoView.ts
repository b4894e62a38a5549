/**
 * Bringing a new result into view: on a phone the verdict arrives a screen or two below the photo, so the page
 * scrolls to it and moves the focus there (a screen reader starts reading the result). Once per photo, and again
 * when the user asks for a held-back result; a new crop of the same photo, or a changed answer to how it was taken,
 * leaves the page, and a keyboard user's place in the capture panel, alone. */

/** Whether the start of a box (its top and height, viewport pixels) is not comfortably on screen: scroll to it. */
export function needsScroll(top: number, height: number, viewportHeight: number): boolean {
  if (!Number.isFinite(top) || !(viewportHeight > 0)) return false;
  // The box is usually taller than the screen (the whole result); its first 60% of a screen is what must show.
  return top < 0 || top + Math.min(Math.max(0, height), viewportHeight * 0.6) > viewportHeight;
}

/** Which of a photo's outcomes was last brought into view: its result (or decline), held back, or shown anyway. */
export type RevealStage = 'result' | 'held' | 'shown';

const seen = new WeakMap<object, Set<RevealStage>>();

/** True the first time a photo has an outcome, and the first time its held-back result is shown; false otherwise. */
export function firstReveal(photo: object, stage: RevealStage): boolean {
  const stages = seen.get(photo);
  if (!stages) {
    seen.set(photo, new Set([stage]));
    return true;
  }
  const first = stage === 'shown' && !stages.has('shown');
  stages.add(stage);
  return first;
}

/** Scrolls `el` to the top of the screen when its start is not in view, and focuses it without a second scroll. */
export function bringIntoView(el: HTMLElement): void {
  const box = el.getBoundingClientRect();
  if (needsScroll(box.top, box.height, window.innerHeight)) {
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    el.scrollIntoView?.({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
  }
  el.focus({ preventScroll: true });
}
