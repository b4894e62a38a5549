/** The photo being analysed, its crop, and messages about the input. */
import type { StateCreator } from 'zustand';
import type { CropSquare } from '../../core/preprocess';
import type { DecodedPhoto, Notice } from '../types';
import type { Store } from '../index';

/** The photo slice. */
export interface PhotoSlice {
  photo: DecodedPhoto | null;
  /** The square the model sees, in decoded-photo pixels. */
  crop: CropSquare | null;
  notice: Notice | null;
  setPhoto: (photo: DecodedPhoto, crop: CropSquare) => void;
  setCrop: (crop: CropSquare) => void;
  setNotice: (notice: Notice | null) => void;
  clearPhoto: () => void;
}

export const createPhotoSlice: StateCreator<Store, [], [], PhotoSlice> = (set, get) => ({
  photo: null,
  crop: null,
  notice: null,
  setPhoto: (photo, crop) => set({ photo, crop }),
  setCrop: (crop) => {
    if (get().photo) set({ crop });
  },
  setNotice: (notice) => set({ notice }),
  clearPhoto: () => set({ photo: null, crop: null }),
});
