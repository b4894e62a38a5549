/** Data the store holds: the app status union, the decoded photo, and what an analysis produced. */
import type { PhotoDecision, PhotoOrigin } from '../core/photo-decision';
import type { CropSquare, RgbaImage } from '../core/preprocess';
import type { QualityReport } from '../core/quality';
import type { AggregatedNode } from '../core/taxonomy';
import type { BackendName, LoadProgress, ModelInfo, Prediction, SaliencyMap } from '../model/types';

/** A photo decoded (and possibly downscaled) in the browser, ready to crop. */
export interface DecodedPhoto {
  /** Increases with every photo, so late results for an older photo can be recognised. */
  id: number;
  /** The user's file name, shown as text only. */
  name: string;
  /** A file (picked, dropped, pasted) or the page's camera: what the person said about it comes from a different control. */
  origin: PhotoOrigin;
  /** Something drawImage() accepts: an ImageBitmap or a canvas. */
  source: CanvasImageSource;
  /** The decoded pixels (width x height RGBA, EXIF orientation applied). */
  pixels: RgbaImage;
  /** Original-photo pixels per decoded pixel (above 1 when it was downscaled while decoding). */
  scale: number;
  /** Original size as stored in the file, if known. */
  originalWidth: number;
  originalHeight: number;
  /** Things worth saying about the file ("animated: first frame used"). */
  notes: string[];
}

/** Everything one analysis produced, for one photo and crop. */
export interface AnalysisResult {
  jobId: number;
  photoId: number;
  crop: CropSquare;
  prediction: Prediction;
  /** What the page makes of the photo (core/photo-decision.ts), decided once for this photo and crop. */
  decision: PhotoDecision;
  /** The taxonomy with probabilities summed up the tree. */
  tree: AggregatedNode;
  /** Index of the most probable label. */
  topIndex: number;
  quality: QualityReport;
}

/**
 * How a finished analysis is shown, from its decision (core/photo-decision.ts): analysed (or unsure) is shown; a
 * photo that is not of skin is declined; a photo of skin taken without a dermatoscope is explained with its result
 * held back, until the user asks for the model's guess anyway (then shown under a warning on every view).
 */
export type ResultDisplay = { kind: 'analysed' } | { kind: 'declined' } | { kind: 'clinical-held' } | { kind: 'clinical-shown' };

/** The app's one status: exhaustive switches over `kind`, never a set of booleans. */
export type AppStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; progress: LoadProgress | null }
  | { kind: 'ready' }
  | { kind: 'running'; jobId: number }
  | { kind: 'done'; result: AnalysisResult; display: ResultDisplay }
  | {
      kind: 'error';
      message: string;
      /** True when the model is loaded and another photo can be tried. */
      recoverable: boolean;
      /** The backend the address forced (?backend=) that cannot start here: the page offers the automatic choice, not a retry. */
      forcedBackend?: BackendName;
    };

/** The saliency map on screen, for one taxonomy node of one analysis. */
export type SaliencyState =
  | { kind: 'none' }
  | { kind: 'running'; jobId: number; nodeId: string }
  | { kind: 'done'; jobId: number; nodeId: string; map: SaliencyMap }
  | { kind: 'error'; jobId: number; nodeId: string; message: string };

/** A message about the input, in the page (never alert()). */
export interface Notice {
  tone: 'error' | 'info';
  text: string;
}

/** The top-level views. */
export type View = 'analyse' | 'map' | 'teach' | 'model-card';

/** Whether a new version of the app (a new build or a new model) waits for a reload. */
export type UpdateState = { kind: 'none' } | { kind: 'waiting'; worker: ServiceWorker };

/** Where the teaching cases and the similar-case pack (precache.json "extras") stand on this device. */
export type OfflineCases =
  /** No service worker (the dev server, or a browser without one): the control is not shown. */
  | { kind: 'unsupported' }
  /** Waiting for the worker's answer. */
  | { kind: 'checking' }
  | { kind: 'missing'; saved: number; total: number }
  | { kind: 'saving'; saved: number; total: number }
  | { kind: 'saved' }
  /** The last save left some out (offline, or the server failed). */
  | { kind: 'incomplete'; saved: number; total: number };

export type { ModelInfo };
