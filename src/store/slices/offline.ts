/** The service worker's side of the page: a new version waiting for a reload, and whether the extras are saved. */
import type { StateCreator } from 'zustand';
import type { OfflineCases, UpdateState } from '../types';
import type { Store } from '../index';

/** The offline slice (src/app/pwa.ts and src/features/offline/availability.ts set it from the worker's messages). */
export interface OfflineSlice {
  update: UpdateState;
  offlineCases: OfflineCases;
  setUpdate: (update: UpdateState) => void;
  setOfflineCases: (offlineCases: OfflineCases) => void;
}

export const createOfflineSlice: StateCreator<Store, [], [], OfflineSlice> = (set) => ({
  update: { kind: 'none' },
  offlineCases: { kind: 'unsupported' },
  setUpdate: (update) => set({ update }),
  setOfflineCases: (offlineCases) => set({ offlineCases }),
});
