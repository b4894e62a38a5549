/**
 * Photo quality gate: pure checks on the cropped region the model will see, each with what is wrong and how to
 * retake. The crop is resized to fixed sizes first so that the thresholds do not depend on the camera's resolution.
 */
import { formatPercent } from './format';
import { cropResize, type CropSquare, type RgbaImage } from './preprocess';

/** An RGB image as floats or bytes in [0, 255], 3 values per pixel (what cropResize() returns). */
export interface RgbImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** Side of the square the crop is resized to for the colour checks. */
export const COLOUR_SIZE = 96;
/**
 * Side of the square the crop is resized to for the sharpness check. At 64 px, 98% of 300 HAM10000 200x150 images
 * (soft dermoscopy) score above 20, and 95% of the same images defocused (down to 16 px and back) score below 5.
 */
export const SHARPNESS_SIZE = 64;

/**
 * Thresholds. Brightness is mean Rec. 601 luma. Sharpness is the variance of the 4-neighbour Laplacian of luma at
 * SHARPNESS_SIZE (see above). Skin is a permissive red-dominant rule that keeps brown and dark lesions in; the
 * HAM10000 median is 1.0 and the 5th percentile 0.6.
 */
export const QUALITY_LIMITS = {
  minBrightness: 45,
  maxBrightness: 225,
  /** Fraction of near-white (all channels > 250) pixels above which we call it flash glare / overexposed. */
  maxClipped: 0.35,
  blurVariance: 8,
  /** Crop side in the photo's own pixels below which the lesion is too small to judge. */
  minCropPixels: 96,
  minSkinFraction: 0.35,
} as const;

/** What can be wrong with a photo. */
export type QualityIssueKind = 'too-dark' | 'too-bright' | 'blurred' | 'too-small' | 'not-skin';

/** One problem: what is wrong, and how to retake. */
export interface QualityIssue {
  kind: QualityIssueKind;
  message: string;
  advice: string;
}

/** The measurements with the issues they raise. */
export interface QualityReport {
  brightness: number;
  clipped: number;
  sharpness: number;
  skinFraction: number;
  cropPixels: number;
  issues: QualityIssue[];
}

const luma = (r: number, g: number, b: number): number => 0.299 * r + 0.587 * g + 0.114 * b;

function checkImage(img: RgbImage): void {
  if (img.width < 1 || img.height < 1) throw new Error('quality: empty image');
  if (img.data.length < img.width * img.height * 3) throw new Error('quality: pixel buffer shorter than width * height * 3');
}

/** Mean luma in [0, 255]. */
export function meanBrightness(img: RgbImage): number {
  checkImage(img);
  const n = img.width * img.height;
  let s = 0;
  for (let i = 0; i < n; i++) s += luma(img.data[i * 3] ?? 0, img.data[i * 3 + 1] ?? 0, img.data[i * 3 + 2] ?? 0);
  return s / n;
}

/** Fraction of pixels with every channel above 250 (blown highlights, flash glare). */
export function clippedFraction(img: RgbImage): number {
  checkImage(img);
  const n = img.width * img.height;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if ((img.data[i * 3] ?? 0) > 250 && (img.data[i * 3 + 1] ?? 0) > 250 && (img.data[i * 3 + 2] ?? 0) > 250) c++;
  }
  return c / n;
}

/** Variance of the 4-neighbour Laplacian of luma over the interior pixels: low means blurred. */
export function laplacianVariance(img: RgbImage): number {
  checkImage(img);
  const { width: w, height: h } = img;
  if (w < 3 || h < 3) return 0;
  const y = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) y[i] = luma(img.data[i * 3] ?? 0, img.data[i * 3 + 1] ?? 0, img.data[i * 3 + 2] ?? 0);
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let r = 1; r < h - 1; r++) {
    for (let c = 1; c < w - 1; c++) {
      const i = r * w + c;
      const l = (y[i - 1] ?? 0) + (y[i + 1] ?? 0) + (y[i - w] ?? 0) + (y[i + w] ?? 0) - 4 * (y[i] ?? 0);
      s += l;
      s2 += l * l;
      n++;
    }
  }
  const mean = s / n;
  return s2 / n - mean * mean;
}

/** True for skin and lesion colours: red is the largest channel and the pixel is neither near-black nor grey. */
export function isSkinColour(r: number, g: number, b: number): boolean {
  return r > 35 && r >= g && r >= b * 0.95 && r - Math.min(g, b) > 10;
}

/** Fraction of pixels that pass isSkinColour. */
export function skinFraction(img: RgbImage): number {
  checkImage(img);
  const n = img.width * img.height;
  let c = 0;
  for (let i = 0; i < n; i++) if (isSkinColour(img.data[i * 3] ?? 0, img.data[i * 3 + 1] ?? 0, img.data[i * 3 + 2] ?? 0)) c++;
  return c / n;
}

/**
 * All checks on the `crop` of a decoded photo. `pixelScale` is how many original-photo pixels one decoded pixel
 * stands for (above 1 when the photo was downscaled while decoding). Issues come in the order to fix them.
 */
export function assessQuality(img: RgbaImage, crop: CropSquare, pixelScale = 1): QualityReport {
  const L = QUALITY_LIMITS;
  const colour: RgbImage = { width: COLOUR_SIZE, height: COLOUR_SIZE, data: cropResize(img, crop, COLOUR_SIZE) };
  const detail: RgbImage = { width: SHARPNESS_SIZE, height: SHARPNESS_SIZE, data: cropResize(img, crop, SHARPNESS_SIZE) };
  const cropPixels = crop.size * pixelScale;
  const brightness = meanBrightness(colour);
  const clipped = clippedFraction(colour);
  const sharpness = laplacianVariance(detail);
  const skin = skinFraction(colour);
  const issues: QualityIssue[] = [];
  if (cropPixels < L.minCropPixels) {
    issues.push({
      kind: 'too-small',
      message: `The lesion area is only ${Math.round(cropPixels)} pixels across (at least ${L.minCropPixels} are needed).`,
      advice:
        'Use a higher-resolution photo, or retake closer (through a dermatoscope or a clip-on dermatoscope lens if you have one) so that the spot fills the square.',
    });
  }
  if (brightness < L.minBrightness) {
    issues.push({
      kind: 'too-dark',
      message: 'The photo is too dark to see the lesion clearly.',
      advice: "Retake with even light (a dermatoscope's own light, or daylight near a window) and without flash.",
    });
  } else if (brightness > L.maxBrightness || clipped > L.maxClipped) {
    issues.push({
      kind: 'too-bright',
      message: 'The photo is too bright or has flash glare that hides detail.',
      advice: 'Turn the flash off and retake in indirect daylight; tilt the camera slightly to avoid reflections.',
    });
  }
  if (sharpness < L.blurVariance) {
    issues.push({
      kind: 'blurred',
      message: 'The photo looks blurred.',
      advice: 'Hold the camera steady (rest your elbow), tap the spot to focus and retake.',
    });
  }
  if (skin < L.minSkinFraction) {
    issues.push({
      kind: 'not-skin',
      message: `Only ${formatPercent(skin)} of the square looks like skin.`,
      advice: 'Centre the square on the skin spot so it is mostly skin, with no clothing or background.',
    });
  }
  return { brightness, clipped, sharpness, skinFraction: skin, cropPixels, issues };
}
