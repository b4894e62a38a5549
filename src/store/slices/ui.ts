/** Which top-level view is shown. */
import type { StateCreator } from 'zustand';
import type { View } from '../types';
import type { Store } from '../index';

/** The view slice. */
export interface UiSlice {
  view: View;
  setView: (view: View) => void;
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set) => ({
  view: 'analyse',
  setView: (view) => set({ view }),
});
