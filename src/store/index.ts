/** The one store, combined from typed slices. Reset in tests with `useStore.setState(useStore.getInitialState(), true)`. */
import { create } from 'zustand';
import { createModelSlice, type ModelSlice } from './slices/model';
import { createOfflineSlice, type OfflineSlice } from './slices/offline';
import { createPhotoSlice, type PhotoSlice } from './slices/photo';
import { createSaliencySlice, type SaliencySlice } from './slices/saliency';
import { createStatementSlice, type StatementSlice } from './slices/statement';
import { createUiSlice, type UiSlice } from './slices/ui';
import type { BackendName } from '../model/types';

/** The whole store. */
export type Store = ModelSlice & OfflineSlice & PhotoSlice & SaliencySlice & StatementSlice & UiSlice;

export const useStore = create<Store>()((...a) => ({
  ...createModelSlice(...a),
  ...createOfflineSlice(...a),
  ...createPhotoSlice(...a),
  ...createSaliencySlice(...a),
  ...createStatementSlice(...a),
  ...createUiSlice(...a),
}));

/** The backends as people know them. */
export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'the plain JavaScript (cpu) backend' };

/** Text for `[data-testid=status]`; every state after loading names the model "ready". */
export function statusText(s: Store['status']): string {
  switch (s.kind) {
    case 'idle':
      return 'Starting…';
    case 'loading':
      return s.progress ? `Loading model: ${phaseText[s.progress.phase]} ${Math.round(progressFraction(s) * 100)}%` : 'Loading model…';
    case 'ready':
      return 'Model ready. Add a photo.';
    case 'running':
      return 'Model ready. Analysing the photo…';
    case 'done':
      return 'Model ready. Result below.';
    case 'error':
      if (s.recoverable) return `Model ready. The last photo failed: ${s.message}`;
      if (s.forcedBackend)
        return `Model not loaded: this browser cannot run it with ${BACKEND_LABELS[s.forcedBackend]}, which the address asks for (?backend=${s.forcedBackend}).`;
      return `Model failed to load: ${s.message}`;
  }
}

const phaseText = {
  metadata: 'checking files',
  weights: 'downloading weights',
  verify: 'verifying weights',
  compile: 'preparing',
  warmup: 'warming up',
} as const;
/** Rough share of the whole load each phase stands for, for one progress bar over all of them. */
const phaseSpan = { metadata: [0, 0.05], weights: [0.05, 0.7], verify: [0.7, 0.75], compile: [0.75, 0.85], warmup: [0.85, 1] } as const;

/** Overall load progress in [0, 1]. */
export function progressFraction(s: Store['status']): number {
  if (s.kind !== 'loading') return s.kind === 'idle' ? 0 : 1;
  if (!s.progress) return 0;
  const [a, b] = phaseSpan[s.progress.phase];
  const f = s.progress.total > 0 ? Math.min(1, s.progress.loaded / s.progress.total) : 0;
  return a + (b - a) * f;
}

export type { AppStatus, AnalysisResult, DecodedPhoto, Notice, ResultDisplay, SaliencyState, View } from './types';
export { displayFor, shownResult } from './slices/model';
