/**
 * Shape of public/model/metrics.json as written by training/export, with the measuring steps' reports merged in
 * (reports.ts). Every section is optional because the card must render whatever part of the files is present (and
 * say "not available" for the rest).
 */

/** A statistic with its 95% lesion-level cluster-bootstrap interval. */
export interface WithCi {
  value: number;
  ci?: [number, number] | number[];
}

/** Image and lesion counts of one split. */
export interface SplitSize {
  images: number;
  lesions: number;
}

/** One diagnosis in the internal test split. `ppv` is null when the class was never predicted. */
export interface PerClassMetrics {
  label: string;
  support: number;
  sensitivity: number;
  specificity: number;
  ppv: number | null;
}

/** One binary ROC task of the paper's Figure 3 (biopsy-proven cases only). */
export interface RocTask {
  task: string;
  positive: string[];
  negative: string[];
  n: number;
  n_positive?: number;
  biopsy_proven_only?: boolean;
  auc: WithCi;
  /** [fpr, tpr] pairs from (0, 0) to (1, 1). */
  points: [number, number][] | number[][];
}

/** One reliability bin; confidence and accuracy are null for an empty bin. */
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  confidence: number | null;
  accuracy: number | null;
}

/** Expected calibration error and its reliability bins. */
export interface CalibrationSide {
  ece: number;
  bins: CalibrationBin[];
}

/** Float versus quantized (shipped) weights. */
export interface QuantizationMetrics {
  scheme?: string;
  top1_agreement?: number;
  max_abs_probability_difference?: number;
  balanced_accuracy_float?: number;
  balanced_accuracy_quantized?: number;
}

/** Out-of-scope test rates. */
export interface OodMetrics {
  method?: string;
  thresholds?: Record<string, number>;
  lesions_declined?: Record<string, number>;
  non_lesions_declined?: Record<string, number | string[]>;
  /** Photos that took no part in choosing the method or its thresholds. */
  heldout_natural?: { about?: string; declined?: number; n?: number; accepted?: string[] };
}

/** The whole file. */
export interface ModelMetrics {
  created?: string;
  model?: { version?: string; checkpoint_epoch?: number; input_size?: number; trained_on?: string[] };
  split?: Record<string, SplitSize>;
  test?: {
    view?: string;
    accuracy?: WithCi;
    balancedAccuracy?: WithCi;
    perClass?: PerClassMetrics[];
    confusion?: { labels: string[]; matrix: number[][] };
    topLevel?: { accuracy?: WithCi; malignantSensitivity?: number; benignSpecificity?: number };
    secondLevel?: { accuracy?: WithCi };
  };
  sharp?: { view?: string; images?: number; balancedAccuracy?: number; accuracy?: number };
  shifted?: ShiftMetrics;
  roc?: RocTask[];
  calibration?: { temperature?: number; fitted_on?: string; before?: CalibrationSide; after?: CalibrationSide };
  quantization?: QuantizationMetrics;
  ood?: OodMetrics;
  photoKind?: PhotoKindMetrics;
  saliency?: SaliencyMetrics;
  crossClinic?: CrossClinicMetrics;
}

/** One evaluation set of cross-clinic.json (training/measure/cross_clinic.py). */
export interface CrossClinicSet {
  name?: string;
  images?: number;
  melanomas?: number;
  nevi?: number;
  balancedAccuracy?: WithCi;
  melanomaVsNevusAuc?: WithCi;
  /** The summed malignant probability (the taxonomy's malignant group) against benign: the only measure of benign/malignant-only sets. */
  malignantVsBenignAuc?: WithCi;
  melanomaSensitivity?: WithCi;
  /** Share the page does not analyse: held back as a clinical photo, or declined. */
  declined?: WithCi;
}

/** cross-clinic.json: the internal test and other clinics' photos, each through the batch CLI. */
export interface CrossClinicMetrics {
  about?: string;
  command?: string;
  sets?: Record<string, CrossClinicSet>;
}

/** "photoKind": the export's record of the photo-kind fit (metrics.json), then photo-kind.json's measuring sets (training/measure/photo_kind.py). */
export interface PhotoKindMetrics {
  method?: string;
  /** How the clinical kind was fitted without real clinical photos (older model folders). */
  clinicalFittedWithout?: string;
  /** The real photos taken without a dermatoscope that the clinical kind was fitted on. */
  clinicalFittedOn?: string;
  sets?: PhotoKindSet[];
}

/** One set the photo-kind check was fitted, calibrated or measured on. */
export interface PhotoKindSet {
  key?: string;
  set?: string;
  role?: 'fit' | 'calibrate' | 'measure';
  n?: number;
  /** The kind every image of the set should get. */
  expected?: 'dermoscopic' | 'clinical' | 'other';
  shares?: Partial<Record<'dermoscopic' | 'clinical' | 'other', number>>;
  target?: number;
  /** For real skin photos: the largest share that may come out "other" (not a skin photo). */
  maxOther?: number;
  met?: boolean;
}

/** metrics.json "saliency": how much of the saliency map falls on the lesion (training/lib/saliency.py). */
export interface SaliencyMetrics {
  what?: string;
  photos?: number;
  /** Share of the map's mass on the lesion mask. */
  onLesion?: WithCi;
  /** The lesion's share of the view: what a map spread evenly would score. */
  even?: number;
  /** Share of photos whose (blurred) map peaks on the lesion. */
  peakOnLesion?: number;
}

/** metrics.json "shifted": the internal test under camera and light shifts (training/lib/shifts.py). */
export interface ShiftMetrics {
  what?: string;
  clean?: { balancedAccuracy?: number; topLevelAccuracy?: number };
  conditions?: Record<string, { balancedAccuracy?: number; topLevelAccuracy?: number }>;
  worstBalancedAccuracy?: number;
  meanBalancedAccuracy?: number;
}
