/**
 * window.__skinlens, only with ?test=1: lets the endurance test run many classify + saliency cycles on the
 * photos it uploaded and read the model's tensor count and memory, without going through the file picker each time.
 */
import { isAnalysed, type PhotoOutcome } from '../core/photo-decision';
import type { PhotoKind } from '../core/photo-kind';
import type { Controller } from './controller';
import { useStore } from '../store';
import type { DecodedPhoto } from '../store/types';

/** The hook's surface. */
export interface SkinlensTestHook {
  /** Runs n analyses (classify + saliency of the top diagnosis), alternating over the last photos uploaded; inScope counts the analysed ones. */
  cycle(n: number): Promise<{ cycles: number; ms: number; inScope: number }>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Destroys the WebGPU device under the model, as a GPU crash would; false when the model is not on WebGPU. */
  loseDevice(): Promise<boolean>;
  /** Number of photos kept for cycling. */
  photos(): number;
  /**
   * The last result's probabilities at full precision (label order of the model's metadata), its decision (the
   * kind it treats the photo as, the outcome and the check's own call, as the CLI's photo_kind, decision and
   * photo_kind_check), its photo's name and the crop, or null while there is no result. For comparing the page with the CLI.
   */
  lastPrediction(): {
    name: string;
    probabilities: number[];
    photoKind: PhotoKind;
    outcome: PhotoOutcome;
    check: PhotoKind;
    crop: { x: number; y: number; size: number };
    pixels: { width: number; height: number };
  } | null;
}

declare global {
  interface Window {
    __skinlens?: SkinlensTestHook;
  }
}

/** Installs the hook; returns a function that removes it. */
export function installTestHook(controller: Controller): () => void {
  const recent: DecodedPhoto[] = [];
  const unsub = useStore.subscribe((s, prev) => {
    if (s.photo && s.photo !== prev.photo && !recent.includes(s.photo)) {
      recent.push(s.photo);
      if (recent.length > 2) recent.shift();
    }
  });
  window.__skinlens = {
    async cycle(n) {
      const t0 = performance.now();
      let inScope = 0;
      for (let i = 0; i < n; i++) {
        const p = recent[i % Math.max(1, recent.length)];
        if (!p) throw new Error('upload a photo first');
        const r = await controller.setPhoto(p);
        if (r && isAnalysed(r.decision)) inScope++;
      }
      return { cycles: n, ms: performance.now() - t0, inScope };
    },
    memory: () => controller.client.memory(),
    loseDevice: () => controller.client.loseDevice?.() ?? Promise.resolve(false),
    photos: () => recent.length,
    lastPrediction() {
      const { status, photo } = useStore.getState();
      if (status.kind !== 'done' || !photo || status.result.photoId !== photo.id) return null;
      const { crop } = status.result;
      return {
        name: photo.name,
        probabilities: Array.from(status.result.prediction.probabilities),
        photoKind: status.result.decision.kind,
        outcome: status.result.decision.outcome,
        check: status.result.decision.check.kind,
        crop: { x: crop.x, y: crop.y, size: crop.size },
        pixels: { width: photo.pixels.width, height: photo.pixels.height },
      };
    },
  };
  return () => {
    unsub();
    delete window.__skinlens;
  };
}
