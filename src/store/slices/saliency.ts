/** The saliency map on screen, which taxonomy node it is for, and the overlay's opacity. */
import type { StateCreator } from 'zustand';
import type { SaliencyMap } from '../../model/types';
import type { SaliencyState } from '../types';
import type { Store } from '../index';

/** The saliency slice. Outcomes for anything but the current (job, node) are dropped. */
export interface SaliencySlice {
  saliency: SaliencyState;
  /** The sunburst node the user picked (or the top diagnosis after each analysis). */
  selectedNodeId: string | undefined;
  opacity: number;
  selectNode: (id: string | undefined) => void;
  saliencyStarted: (jobId: number, nodeId: string) => void;
  saliencyFinished: (jobId: number, nodeId: string, map: SaliencyMap) => void;
  saliencyFailed: (jobId: number, nodeId: string, message: string) => void;
  clearSaliency: () => void;
  setOpacity: (v: number) => void;
}

const same = (s: SaliencyState, jobId: number, nodeId: string): boolean => s.kind === 'running' && s.jobId === jobId && s.nodeId === nodeId;

export const createSaliencySlice: StateCreator<Store, [], [], SaliencySlice> = (set, get) => ({
  saliency: { kind: 'none' },
  selectedNodeId: undefined,
  opacity: 0.6,
  selectNode: (selectedNodeId) => set({ selectedNodeId }),
  saliencyStarted: (jobId, nodeId) => set({ saliency: { kind: 'running', jobId, nodeId } }),
  saliencyFinished: (jobId, nodeId, map) => {
    if (same(get().saliency, jobId, nodeId)) set({ saliency: { kind: 'done', jobId, nodeId, map } });
  },
  saliencyFailed: (jobId, nodeId, message) => {
    if (same(get().saliency, jobId, nodeId)) set({ saliency: { kind: 'error', jobId, nodeId, message } });
  },
  clearSaliency: () => set({ saliency: { kind: 'none' } }),
  setOpacity: (v) => set({ opacity: Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0 }),
});
