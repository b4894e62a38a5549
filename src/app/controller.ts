/**
 * The flow from a photo to a result: quality gate, preprocessing, classify, the decision about the photo, then
 * saliency of the top diagnosis. Every job has an AbortController; starting a job cancels the previous one, so the
 * newest always wins and a cancel is never shown as an error. The model client is injected, so jsdom tests can drive
 * this with a fake. The decision (core/photo-decision.ts) is taken once per photo and crop and carried in the result;
 * only a change in what the person says about the photo takes it again. Saliency requests never do.
 */
import { decidePhoto, isAnalysed, statementFor, type PhotoStatement } from '../core/photo-decision';
import { clampCrop, fieldSquare, toModelInput, type CropSquare } from '../core/preprocess';
import { argmax } from '../core/probabilities';
import { assessQuality } from '../core/quality';
import { aggregate, findNode } from '../core/taxonomy';
import { isAbortError, modelErrorCode } from '../model/errors';
import type { BackendName, ModelClient } from '../model/types';
import { useStore } from '../store';
import type { AnalysisResult, DecodedPhoto } from '../store/types';
import { markFirst, measureLoad } from './timing';

/** The statement that applies to a photo now, from the store's two controls. */
function currentStatement(photo: DecodedPhoto): PhotoStatement {
  const { fileStatement, dermatoscopeAttached } = useStore.getState();
  return statementFor(photo.origin, fileStatement, dermatoscopeAttached);
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Owns the model client and the jobs running on it. */
export class Controller {
  private jobSeq = 0;
  private job: AbortController | null = null;
  private saliencyJob: AbortController | null = null;
  private loadJob: AbortController | null = null;
  /** The model input of the current result, kept for saliency of other sunburst nodes. */
  private input: { jobId: number; data: Float32Array } | null = null;

  constructor(readonly client: ModelClient) {}

  /**
   * Starts loading the model unless a load has already started: main.tsx starts it before the page's first render, so
   * the worker downloads and builds the model while React renders; the app asks again when it mounts.
   */
  start(backend?: BackendName): void {
    if (!this.loadJob) void this.load(backend);
  }

  /** Loads the model (optionally on one backend), streaming progress into the store. */
  async load(backend?: BackendName): Promise<void> {
    this.loadJob?.abort();
    const ac = new AbortController();
    this.loadJob = ac;
    const s = useStore.getState();
    s.loadStarted();
    try {
      const info = await this.client.load({ backend, signal: ac.signal, onProgress: (p) => useStore.getState().loadProgressed(p) });
      if (!ac.signal.aborted) {
        useStore.getState().loadSucceeded(info);
        measureLoad(info.trace);
        markFirst('ready');
      }
    } catch (e) {
      if (isAbortError(e) || ac.signal.aborted) return;
      // A backend forced by the address that cannot start here: trying it again cannot help, the automatic choice can.
      const forced = backend !== undefined && modelErrorCode(e) === 'no-backend' ? backend : undefined;
      useStore.getState().loadFailed(messageOf(e), forced);
    }
  }

  /** Takes a new decoded photo: centred crop, then analysis. */
  setPhoto(photo: DecodedPhoto): Promise<AnalysisResult | null> {
    // The model's default crop (metadata.input.cropFraction: the centred square it reads best, chosen on validation),
    // fitted inside a dermatoscope's round field of view when the photo shows one.
    const fraction = useStore.getState().info?.metadata.input.cropFraction ?? 1;
    const crop = fieldSquare(photo.pixels, fraction);
    useStore.getState().setPhoto(photo, crop);
    return this.analyse();
  }

  /** Moves the crop and analyses again. */
  setCrop(crop: CropSquare): Promise<AnalysisResult | null> {
    const photo = useStore.getState().photo;
    if (!photo) return Promise.resolve(null);
    useStore.getState().setCrop(clampCrop(crop, photo.pixels.width, photo.pixels.height, 1));
    return this.analyse();
  }

  /** Classifies the store's photo and crop; resolves with the result, or null if cancelled, declined or failed. */
  async analyse(): Promise<AnalysisResult | null> {
    const { photo, crop, info } = useStore.getState();
    if (!photo || !crop || !info) return null;
    this.cancel();
    const ac = new AbortController();
    this.job = ac;
    const jobId = ++this.jobSeq;
    const st = useStore.getState();
    st.jobStarted(jobId);
    st.clearSaliency();
    try {
      const { metadata, taxonomy } = info;
      const quality = assessQuality(photo.pixels, crop, photo.scale);
      const input = toModelInput(photo.pixels, metadata.input, crop);
      const prediction = await this.client.classify(input, { signal: ac.signal });
      if (prediction.switched) useStore.getState().backendSwitched(prediction.switched);
      if (ac.signal.aborted) return null;
      const tree = aggregate(taxonomy.root, metadata.labels, prediction.probabilities);
      const topIndex = argmax(prediction.probabilities);
      const decision = decidePhoto(prediction, input, metadata, currentStatement(photo));
      const result: AnalysisResult = { jobId, photoId: photo.id, crop, prediction, decision, tree, topIndex, quality };
      this.input = { jobId, data: input };
      const top = metadata.labels[topIndex];
      const analysed = isAnalysed(decision);
      useStore.getState().selectNode(analysed ? top : undefined);
      // Marked as it goes on screen, so that what the result starts (similar cases, offline caching) comes after it.
      markFirst('first result');
      useStore.getState().jobFinished(result);
      if (analysed && top !== undefined) await this.saliency(top);
      return ac.signal.aborted ? null : result;
    } catch (e) {
      if (isAbortError(e) || ac.signal.aborted) {
        useStore.getState().jobCancelled(jobId);
        return null;
      }
      useStore.getState().jobFailed(jobId, `The photo could not be analysed: ${messageOf(e)}`);
      return null;
    }
  }

  /** The person changed how photos from files were taken (the remembered choice); a file's result is decided again. */
  setFileStatement(statement: PhotoStatement): Promise<void> {
    useStore.getState().setFileStatement(statement);
    return this.redecide();
  }

  /** The person says a dermatoscope is (or is not) attached to the camera; a camera photo's result is decided again. */
  setDermatoscopeAttached(attached: boolean): Promise<void> {
    useStore.getState().setDermatoscopeAttached(attached);
    return this.redecide();
  }

  /**
   * Takes the decision about the shown result again with the statement that now applies, from the model outputs it
   * already has (no new classify), and shows it afresh. A job still running reads the statement when it finishes.
   */
  private async redecide(): Promise<void> {
    const { status, photo, info } = useStore.getState();
    if (status.kind !== 'done' || !photo || !info || photo.id !== status.result.photoId) return;
    if (!this.input || this.input.jobId !== status.result.jobId) return;
    const { result } = status;
    const statement = currentStatement(photo);
    if (statement === result.decision.statement) return;
    const decision = decidePhoto(result.prediction, this.input.data, info.metadata, statement);
    this.saliencyJob?.abort();
    useStore.getState().clearSaliency();
    const top = info.metadata.labels[result.topIndex];
    const analysed = isAnalysed(decision);
    useStore.getState().selectNode(analysed ? top : undefined);
    useStore.getState().decisionChanged(result.jobId, decision);
    if (analysed && top !== undefined) await this.saliency(top);
  }

  /** "Show the model's guess anyway" for a clinical photo: the held-back result, its top diagnosis and saliency. */
  async showClinicalAnyway(): Promise<void> {
    const { status, info } = useStore.getState();
    if (status.kind !== 'done' || status.display.kind !== 'clinical-held' || !info) return;
    useStore.getState().clinicalRevealed(status.result.jobId);
    const top = info.metadata.labels[status.result.topIndex];
    useStore.getState().selectNode(top);
    if (top !== undefined) await this.saliency(top);
  }

  /** Computes saliency for a taxonomy node (its leaves' summed probability) of the current result. */
  async saliency(nodeId: string): Promise<void> {
    const { status, info } = useStore.getState();
    if (status.kind !== 'done' || !info || !this.input || this.input.jobId !== status.result.jobId) return;
    const node = findNode(status.result.tree, nodeId);
    if (!node) return;
    const members = node.leaves.map((l) => info.metadata.labels.indexOf(l)).filter((i) => i >= 0);
    this.saliencyJob?.abort();
    const ac = new AbortController();
    this.saliencyJob = ac;
    const jobId = status.result.jobId;
    useStore.getState().saliencyStarted(jobId, nodeId);
    try {
      const map = await this.client.saliency(this.input.data, members, { signal: ac.signal });
      if (map.switched) useStore.getState().backendSwitched(map.switched);
      if (!ac.signal.aborted) useStore.getState().saliencyFinished(jobId, nodeId, map);
    } catch (e) {
      if (!isAbortError(e) && !ac.signal.aborted) useStore.getState().saliencyFailed(jobId, nodeId, `The saliency map could not be computed: ${messageOf(e)}`);
    }
  }

  /** The user picked a sunburst node: select it and show its saliency. */
  selectNode(nodeId: string): Promise<void> {
    useStore.getState().selectNode(nodeId);
    return this.saliency(nodeId);
  }

  /** Cancels the running analysis and saliency (not an error). */
  cancel(): void {
    this.job?.abort();
    this.saliencyJob?.abort();
  }

  /** Cancels everything and releases the model. */
  dispose(): void {
    this.cancel();
    this.loadJob?.abort();
    this.client.dispose();
  }
}
