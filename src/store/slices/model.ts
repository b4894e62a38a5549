/** Model and job status: load progress, the running job, its result or error. */
import type { StateCreator } from 'zustand';
import type { BackendSwitch, LoadProgress, ModelInfo } from '../../model/types';
import type { AnalysisResult, AppStatus } from '../types';
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
  loadFailed: (message: string) => void;
  /** The model moved to another backend and carried on: update the backend shown and keep the reason. */
  backendSwitched: (sw: BackendSwitch) => void;
  jobStarted: (jobId: number) => void;
  jobFinished: (result: AnalysisResult) => void;
  jobFailed: (jobId: number, message: string) => void;
  /** A cancelled job is not an error: back to ready unless a newer job has started. */
  jobCancelled: (jobId: number) => void;
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
  loadFailed: (message) => set({ info: null, status: { kind: 'error', message, recoverable: false } }),
  backendSwitched: (sw) => {
    const info = get().info;
    set({ backendSwitch: sw, info: info ? { ...info, backend: sw.to, fallbacks: sw.fallbacks } : info });
  },
  jobStarted: (jobId) => {
    if (get().info) set({ status: { kind: 'running', jobId } });
  },
  jobFinished: (result) => {
    if (isCurrent(get().status, result.jobId)) set({ status: { kind: 'done', result } });
  },
  jobFailed: (jobId, message) => {
    if (isCurrent(get().status, jobId)) set({ status: { kind: 'error', message, recoverable: get().info !== null } });
  },
  jobCancelled: (jobId) => {
    if (isCurrent(get().status, jobId)) set({ status: { kind: 'ready' } });
  },
});
