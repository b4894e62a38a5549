/** Model and job status: load progress, the running job, its result or error. */
import type { StateCreator } from 'zustand';
import type { BackendName, BackendSwitch, LoadProgress, ModelInfo } from '../../model/types';
import type { PhotoDecision, PhotoOutcome } from '../../core/photo-decision';
import type { AnalysisResult, AppStatus, ResultDisplay } from '../types';
import type { Store } from '../index';

/** The status slice. Job transitions carry the job id; a stale job's outcome is ignored (the newest job wins). */
export interface ModelSlice {
  status: AppStatus;
  /** Set once the model is loaded; stays set through later job errors. */
  info: ModelInfo | null;
  /** The last time the model had to move to another backend (a lost GPU), for the status bar to say so. */
  backendSwitch: BackendSwitch | null;
  loadStarted: () => void;
  loadProgressed: (p: LoadProgress) => void;
  loadSucceeded: (info: ModelInfo) => void;
  /** The load failed; `forcedBackend` when it was the backend the address forced that could not start. */
  loadFailed: (message: string, forcedBackend?: BackendName) => void;
  /** The model moved to another backend and carried on: update the backend shown and keep the reason. */
  backendSwitched: (sw: BackendSwitch) => void;
  jobStarted: (jobId: number) => void;
  jobFinished: (result: AnalysisResult) => void;
  jobFailed: (jobId: number, message: string) => void;
  /** A cancelled job is not an error: back to ready unless a newer job has started. */
  jobCancelled: (jobId: number) => void;
  /** "Show the model's guess anyway" on a clinical photo: its held-back result is shown, under a warning. */
  clinicalRevealed: (jobId: number) => void;
  /** The person changed what they said about the photo: the finished job's new decision, shown as a fresh result. */
  decisionChanged: (jobId: number, decision: PhotoDecision) => void;
}

/** How a result with each outcome is first shown. */
export function displayFor(outcome: PhotoOutcome): ResultDisplay {
  switch (outcome) {
    case 'analysed':
    case 'unsure':
      return { kind: 'analysed' };
    case 'clinical':
      return { kind: 'clinical-held' };
    case 'declined':
      return { kind: 'declined' };
  }
}

/** The finished result whose diagnoses are on screen (analysed, or clinical and shown anyway), else null. */
export function shownResult(s: AppStatus): AnalysisResult | null {
  return s.kind === 'done' && (s.display.kind === 'analysed' || s.display.kind === 'clinical-shown') ? s.result : null;
}

const isCurrent = (s: AppStatus, jobId: number): boolean => s.kind === 'running' && s.jobId === jobId;

export const createModelSlice: StateCreator<Store, [], [], ModelSlice> = (set, get) => ({
  status: { kind: 'idle' },
  info: null,
  backendSwitch: null,
  loadStarted: () => set({ status: { kind: 'loading', progress: null }, info: null, backendSwitch: null }),
  loadProgressed: (progress) => {
    if (get().status.kind === 'loading') set({ status: { kind: 'loading', progress } });
  },
  loadSucceeded: (info) => set({ info, status: { kind: 'ready' } }),
  loadFailed: (message, forcedBackend) =>
    set({ info: null, status: { kind: 'error', message, recoverable: false, ...(forcedBackend ? { forcedBackend } : {}) } }),
  backendSwitched: (sw) => {
    const info = get().info;
    set({ backendSwitch: sw, info: info ? { ...info, backend: sw.to, fallbacks: sw.fallbacks } : info });
  },
  jobStarted: (jobId) => {
    if (get().info) set({ status: { kind: 'running', jobId } });
  },
  jobFinished: (result) => {
    if (isCurrent(get().status, result.jobId)) set({ status: { kind: 'done', result, display: displayFor(result.decision.outcome) } });
  },
  jobFailed: (jobId, message) => {
    if (isCurrent(get().status, jobId)) set({ status: { kind: 'error', message, recoverable: get().info !== null } });
  },
  jobCancelled: (jobId) => {
    if (isCurrent(get().status, jobId)) set({ status: { kind: 'ready' } });
  },
  clinicalRevealed: (jobId) => {
    const s = get().status;
    if (s.kind === 'done' && s.result.jobId === jobId && s.display.kind === 'clinical-held') set({ status: { ...s, display: { kind: 'clinical-shown' } } });
  },
  decisionChanged: (jobId, decision) => {
    const s = get().status;
    if (s.kind === 'done' && s.result.jobId === jobId)
      set({ status: { kind: 'done', result: { ...s.result, decision }, display: displayFor(decision.outcome) } });
  },
});
