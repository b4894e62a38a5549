/**
 * What the person says about how their photos are taken: a remembered choice for files (picked, dropped, pasted) and,
 * for the page's camera, whether a dermatoscope is attached (off on every visit: a camera photo is an ordinary one
 * unless the person says otherwise). core/photo-decision.ts statementFor turns these into a photo's statement.
 */
import type { StateCreator } from 'zustand';
import { isPhotoStatement, type PhotoStatement } from '../../core/photo-decision';
import type { Store } from '../index';

/** localStorage key of the files' choice. */
export const STATEMENT_KEY = 'skinlens.photoStatement';

/** The remembered choice, or 'auto' (not sure) when there is none or storage is unavailable. */
export function rememberedStatement(): PhotoStatement {
  try {
    const v = globalThis.localStorage?.getItem(STATEMENT_KEY);
    return isPhotoStatement(v) ? v : 'auto';
  } catch {
    // Storage can throw (blocked cookies, some private modes): not remembering is fine.
    return 'auto';
  }
}

function remember(v: PhotoStatement): void {
  try {
    globalThis.localStorage?.setItem(STATEMENT_KEY, v);
  } catch {
    // As above: the choice still holds for this visit.
  }
}

/** The statement slice. */
export interface StatementSlice {
  /** How photos from files were taken, as the person says (remembered). */
  fileStatement: PhotoStatement;
  /** The person says a dermatoscope is attached to the camera (not remembered). */
  dermatoscopeAttached: boolean;
  setFileStatement: (v: PhotoStatement) => void;
  setDermatoscopeAttached: (v: boolean) => void;
}

export const createStatementSlice: StateCreator<Store, [], [], StatementSlice> = (set) => ({
  fileStatement: rememberedStatement(),
  dermatoscopeAttached: false,
  setFileStatement: (fileStatement) => {
    remember(fileStatement);
    set({ fileStatement });
  },
  setDermatoscopeAttached: (dermatoscopeAttached) => set({ dermatoscopeAttached }),
});
