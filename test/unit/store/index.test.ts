import { beforeEach, describe, expect, it } from 'vitest';
import type { PhotoDecision, PhotoOutcome } from '../../../src/core/photo-decision';
import { progressFraction, shownResult, statusText, useStore } from '../../../src/store';
import type { AnalysisResult } from '../../../src/store/types';
import type { ModelInfo } from '../../../src/model/types';

const info = { backend: 'wasm', fallbacks: [], inWorker: true, fromCache: false } as unknown as ModelInfo;
const decision = (outcome: PhotoOutcome) => ({ outcome }) as PhotoDecision;
const result = (jobId: number, outcome: PhotoOutcome = 'analysed') => ({ jobId, decision: decision(outcome) }) as unknown as AnalysisResult;
const s = () => useStore.getState();

describe('store transitions', () => {
  beforeEach(() => useStore.setState(useStore.getInitialState(), true));

  it('starts idle and loads with progress to ready', () => {
    expect(s().status).toEqual({ kind: 'idle' });
    s().loadStarted();
    expect(s().status).toEqual({ kind: 'loading', progress: null });
    s().loadProgressed({ phase: 'weights', loaded: 50, total: 100 });
    expect(s().status.kind).toBe('loading');
    expect(progressFraction(s().status)).toBeCloseTo(0.05 + 0.65 * 0.5);
    expect(statusText(s().status)).toMatch(/downloading weights 37%/);
    s().loadSucceeded(info);
    expect(s().status).toEqual({ kind: 'ready' });
    expect(statusText(s().status)).toContain('ready');
    // Progress after the load finished is ignored.
    s().loadProgressed({ phase: 'warmup', loaded: 1, total: 2 });
    expect(s().status).toEqual({ kind: 'ready' });
  });

  it('a failed load is an unrecoverable error with its message', () => {
    s().loadStarted();
    s().loadFailed('weights.bin: checksum mismatch');
    expect(s().status).toEqual({ kind: 'error', message: 'weights.bin: checksum mismatch', recoverable: false });
    expect(statusText(s().status)).toContain('failed to load');
    s().jobStarted(1);
    expect(s().status.kind).toBe('error');
    // A forced backend that cannot start says so in plain words.
    s().loadFailed('webgpu, which the address asks for, cannot start here (webgpu: no WebGPU adapter)', 'webgpu');
    expect(s().status).toMatchObject({ kind: 'error', recoverable: false, forcedBackend: 'webgpu' });
    expect(statusText(s().status)).toBe('Model not loaded: this browser cannot run it with WebGPU, which the address asks for (?backend=webgpu).');
  });

  it('the newest job wins: stale results, errors and cancels are ignored', () => {
    s().loadSucceeded(info);
    s().jobStarted(1);
    s().jobStarted(2);
    s().jobFinished(result(1));
    s().jobFailed(1, 'late');
    s().jobCancelled(1);
    expect(s().status).toEqual({ kind: 'running', jobId: 2 });
    s().jobFinished(result(2));
    expect(s().status).toEqual({ kind: 'done', result: result(2), display: { kind: 'analysed' } });
    expect(statusText(s().status)).toContain('ready');
  });

  it('each outcome has its display; only a clinical one can be revealed, and only for its own job', () => {
    s().loadSucceeded(info);
    s().jobStarted(1);
    s().jobFinished(result(1, 'declined'));
    expect(s().status).toMatchObject({ display: { kind: 'declined' } });
    expect(shownResult(s().status)).toBeNull();
    s().clinicalRevealed(1);
    expect(s().status).toMatchObject({ display: { kind: 'declined' } });
    s().jobStarted(2);
    s().jobFinished(result(2, 'clinical'));
    expect(s().status).toMatchObject({ display: { kind: 'clinical-held' } });
    expect(shownResult(s().status)).toBeNull();
    s().clinicalRevealed(1); // a stale job's button
    expect(s().status).toMatchObject({ display: { kind: 'clinical-held' } });
    s().clinicalRevealed(2);
    expect(s().status).toMatchObject({ display: { kind: 'clinical-shown' } });
    expect(shownResult(s().status)?.jobId).toBe(2);
    s().jobStarted(3);
    s().jobFinished(result(3));
    expect(s().status).toMatchObject({ display: { kind: 'analysed' } });
    expect(shownResult(s().status)?.jobId).toBe(3);
    s().jobStarted(4);
    s().jobFinished(result(4, 'unsure'));
    expect(s().status).toMatchObject({ display: { kind: 'analysed' } });
  });

  it("a new decision for the finished job replaces its result and display; a stale job's is ignored", () => {
    s().loadSucceeded(info);
    s().jobStarted(1);
    s().jobFinished(result(1, 'clinical'));
    s().clinicalRevealed(1);
    s().decisionChanged(2, decision('analysed'));
    expect(s().status).toMatchObject({ display: { kind: 'clinical-shown' }, result: { decision: { outcome: 'clinical' } } });
    s().decisionChanged(1, decision('analysed'));
    expect(s().status).toMatchObject({ display: { kind: 'analysed' }, result: { jobId: 1, decision: { outcome: 'analysed' } } });
    s().decisionChanged(1, decision('clinical'));
    // Decided again, a clinical result is held back again, not left revealed.
    expect(s().status).toMatchObject({ display: { kind: 'clinical-held' } });
  });

  it("remembers the files' choice; the camera's checkbox starts off", () => {
    expect(s().dermatoscopeAttached).toBe(false);
    s().setDermatoscopeAttached(true);
    expect(s().dermatoscopeAttached).toBe(true);
    s().setFileStatement('dermoscopic');
    expect(s().fileStatement).toBe('dermoscopic');
  });

  it('a cancel is not an error; a failure keeps the model usable', () => {
    s().loadSucceeded(info);
    s().jobStarted(3);
    s().jobCancelled(3);
    expect(s().status).toEqual({ kind: 'ready' });
    s().jobStarted(4);
    s().jobFailed(4, 'out of memory');
    expect(s().status).toEqual({ kind: 'error', message: 'out of memory', recoverable: true });
    s().jobStarted(5);
    expect(s().status).toEqual({ kind: 'running', jobId: 5 });
  });

  it('saliency outcomes only land for the current job and node', () => {
    const map = { size: 1, values: new Float32Array(1), members: [0], ms: 1 };
    s().saliencyStarted(1, 'mel');
    s().saliencyStarted(1, 'malignant');
    s().saliencyFinished(1, 'mel', map);
    expect(s().saliency).toEqual({ kind: 'running', jobId: 1, nodeId: 'malignant' });
    s().saliencyFinished(1, 'malignant', map);
    expect(s().saliency.kind).toBe('done');
    s().saliencyFailed(1, 'malignant', 'x');
    expect(s().saliency.kind).toBe('done');
  });

  it('clamps the opacity and ignores crops without a photo', () => {
    s().setOpacity(3);
    expect(s().opacity).toBe(1);
    s().setOpacity(Number.NaN);
    expect(s().opacity).toBe(0);
    s().setCrop({ x: 0, y: 0, size: 10 });
    expect(s().crop).toBeNull();
  });

  it('getInitialState resets everything', () => {
    s().setView('map');
    s().setNotice({ tone: 'error', text: 'x' });
    useStore.setState(useStore.getInitialState(), true);
    expect(s().view).toBe('analyse');
    expect(s().notice).toBeNull();
  });
});
