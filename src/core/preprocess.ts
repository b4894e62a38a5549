/**
 * Pixels -> model input, shared by the browser and the Node CLI so both give the same answer for one image.
 * Resampling is a separable triangle (bilinear) filter whose support widens with the downscale factor, the
 * antialiased resize of PIL and of torch.nn.functional.interpolate(antialias=True) used in training.
 */

/** An RGBA image as ImageData and decoders give it: width * height * 4 bytes. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** A square region of the source image, in source pixels. */
export interface CropSquare {
  x: number;
  y: number;
  size: number;
}

/** How the model wants its input: a size x size RGB square, (pixel - mean) / scale, NHWC. */
export interface InputSpec {
  size: number;
  mean: number;
  scale: number;
  /** Side of the default crop as a fraction of the image's short side (metadata.input.cropFraction; 1 if absent). */
  cropFraction?: number;
  /** Colour constancy applied after the resize (metadata.input.colourConstancy; none if absent). */
  colourConstancy?: ColourConstancy;
}

/** Shades-of-grey colour constancy with Minkowski norm p (Finlayson & Trezzi 2004; p = 6 as in ISIC entries). */
export interface ColourConstancy {
  method: 'shades-of-grey';
  p: number;
}

/**
 * The centred square whose side is `fraction` of the short side (rounded to whole pixels, as training/lib/data.py
 * centre_square): the default crop. fraction 1 is the largest centred square.
 */
export function centredSquare(width: number, height: number, fraction = 1): CropSquare {
  const short = Math.min(width, height);
  return centredOfSize(width, height, Math.min(short, Math.max(1, Math.round(short * fraction))));
}

function centredOfSize(width: number, height: number, size: number): CropSquare {
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * A dermatoscope's round field of view: pixels darker than FIELD_DARK in every channel, in an unbroken run from the
 * border towards the centre covering at least FIELD_MIN_RUN of the ray, on at least three of the four corner rays.
 * Same constants and walk as training/lib/data.py field_square.
 */
const FIELD_DARK = 40;
const FIELD_MIN_RUN = 0.03;
const FIELD_MIN_SIDE = 0.4;

/**
 * The default crop: centredSquare's square, shrunk (still centred) to fit inside a dark round field of view when the
 * photo shows one, so the model does not read black corners it never saw in training (as training/lib/data.py
 * field_square). Not shrunk below FIELD_MIN_SIDE of the short side.
 */
export function fieldSquare(img: RgbaImage, fraction = 1): CropSquare {
  const { width: w, height: h, data } = img;
  const plain = centredSquare(w, h, fraction);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const dark = (x: number, y: number): boolean => {
    const i = (y * w + x) * 4;
    return Math.max(data[i]!, data[i + 1]!, data[i + 2]!) < FIELD_DARK;
  };
  /** Distance from the centre to the first non-dark pixel met walking in from (tx, ty); null if the dark run is short. */
  const clearFromCentre = (tx: number, ty: number): number | null => {
    const length = Math.hypot(tx - cx, ty - cy);
    const steps = Math.max(1, Math.ceil(length));
    for (let k = 0; k <= steps; k++) {
      const x = Math.floor(tx + ((cx - tx) * k) / steps + 0.5);
      const y = Math.floor(ty + ((cy - ty) * k) / steps + 0.5);
      if (!dark(x, y)) {
        const run = k / steps;
        return run < FIELD_MIN_RUN ? null : (1 - run) * length;
      }
    }
    return 0;
  };
  const corners = [
    [0, 0],
    [w - 1, 0],
    [0, h - 1],
    [w - 1, h - 1],
  ].map(([x, y]) => clearFromCentre(x!, y!));
  const present = corners.filter((c): c is number => c !== null);
  if (present.length < 3) return plain;
  const edges = [
    [cx, 0],
    [cx, h - 1],
    [0, cy],
    [w - 1, cy],
  ]
    .map(([x, y]) => clearFromCentre(x!, y!))
    .filter((e): e is number => e !== null);
  const half = Math.min(...present.map((c) => c / Math.SQRT2), ...edges);
  const fitted = Math.floor(2 * half);
  if (fitted >= plain.size || fitted < FIELD_MIN_SIDE * Math.min(w, h)) return plain;
  return centredOfSize(w, h, fitted);
}

/** Keeps a crop inside the image and at least minSize pixels wide (or the image's short side if smaller). */
export function clampCrop(crop: CropSquare, width: number, height: number, minSize = 16): CropSquare {
  const maxSize = Math.min(width, height);
  const size = Math.min(maxSize, Math.max(Math.min(minSize, maxSize), crop.size));
  const x = Math.min(Math.max(0, crop.x), width - size);
  const y = Math.min(Math.max(0, crop.y), height - size);
  return { x, y, size };
}

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  stride: number;
}

/**
 * Filter taps mapping [offset, offset + inLen) of a source axis onto outLen samples. The filter reads only pixels
 * inside the crop, as training does (it crops, then resizes), so pixels next to the crop never leak into its edges.
 */
function taps(offset: number, inLen: number, outLen: number, srcLimit: number): Taps {
  const scale = inLen / outLen;
  const support = Math.max(1, scale);
  const stride = Math.ceil(support) * 2 + 2;
  const start = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  const weights = new Float32Array(outLen * stride);
  for (let i = 0; i < outLen; i++) {
    const centre = offset + (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(offset), Math.floor(centre - support));
    const hi = Math.min(srcLimit, Math.ceil(offset + inLen), Math.ceil(centre + support));
    let n = 0;
    let total = 0;
    for (let s = lo; s < hi && n < stride; s++) {
      const w = Math.max(0, 1 - Math.abs((s + 0.5 - centre) / support));
      weights[i * stride + n] = w;
      total += w;
      n++;
    }
    if (total === 0) {
      // A crop edge beyond the image: take the nearest pixel.
      weights[i * stride] = 1;
      start[i] = Math.min(srcLimit - 1, Math.max(0, Math.floor(centre)));
      count[i] = 1;
      continue;
    }
    for (let k = 0; k < n; k++) weights[i * stride + k] = (weights[i * stride + k] ?? 0) / total;
    start[i] = lo;
    count[i] = n;
  }
  return { start, count, weights, stride };
}

/**
 * Crops and resizes an RGBA image to size x size RGB floats in [0, 255]. Alpha is composited over white so that
 * transparent pixels (often stored as black) do not look like a dark lesion.
 */
export function cropResize(img: RgbaImage, crop: CropSquare, size: number): Float32Array {
  if (img.width < 1 || img.height < 1) throw new Error('cropResize: empty image');
  if (img.data.length < img.width * img.height * 4) throw new Error('cropResize: pixel buffer shorter than width * height * 4');
  const c = clampCrop(crop, img.width, img.height, 1);
  const tx = taps(c.x, c.size, size, img.width);
  const ty = taps(c.y, c.size, size, img.height);
  const y0 = ty.start.reduce((m, v) => Math.min(m, v), img.height);
  let y1 = 0;
  for (let i = 0; i < size; i++) y1 = Math.max(y1, (ty.start[i] ?? 0) + (ty.count[i] ?? 0));
  const rows = y1 - y0;
  // Horizontal pass over the rows the vertical pass will need.
  const mid = new Float32Array(rows * size * 3);
  const d = img.data;
  for (let r = 0; r < rows; r++) {
    const rowBase = (y0 + r) * img.width * 4;
    for (let i = 0; i < size; i++) {
      let R = 0;
      let G = 0;
      let B = 0;
      const st = tx.start[i] ?? 0;
      const n = tx.count[i] ?? 0;
      for (let k = 0; k < n; k++) {
        const w = tx.weights[i * tx.stride + k] ?? 0;
        const p = rowBase + (st + k) * 4;
        const a = (d[p + 3] ?? 255) / 255;
        R += w * ((d[p] ?? 0) * a + 255 * (1 - a));
        G += w * ((d[p + 1] ?? 0) * a + 255 * (1 - a));
        B += w * ((d[p + 2] ?? 0) * a + 255 * (1 - a));
      }
      const o = (r * size + i) * 3;
      mid[o] = R;
      mid[o + 1] = G;
      mid[o + 2] = B;
    }
  }
  const out = new Float32Array(size * size * 3);
  for (let j = 0; j < size; j++) {
    const st = (ty.start[j] ?? 0) - y0;
    const n = ty.count[j] ?? 0;
    for (let i = 0; i < size; i++) {
      let R = 0;
      let G = 0;
      let B = 0;
      for (let k = 0; k < n; k++) {
        const w = ty.weights[j * ty.stride + k] ?? 0;
        const o = ((st + k) * size + i) * 3;
        R += w * (mid[o] ?? 0);
        G += w * (mid[o + 1] ?? 0);
        B += w * (mid[o + 2] ?? 0);
      }
      const o = (j * size + i) * 3;
      out[o] = R;
      out[o + 1] = G;
      out[o + 2] = B;
    }
  }
  return out;
}

/**
 * Shades of grey on RGB floats in [0, 255], in place, as training/lib/data.py shades_of_grey: the illuminant estimate
 * e_c = mean((x_c / 255)^p)^(1/p) is scaled to unit length, each channel is multiplied by 1 / (sqrt(3) e_c), and
 * values are clipped to [0, 255]. A grey estimate leaves the image unchanged; a colour cast of the camera or the
 * dermatoscope's light is divided out, so photos from other clinics look more like the training images.
 */
export function shadesOfGrey(rgb: Float32Array, p: number): Float32Array {
  if (!(p > 0)) throw new Error(`shadesOfGrey: p must be positive, got ${p}`);
  const n = rgb.length / 3;
  if (!Number.isInteger(n) || n === 0) throw new Error('shadesOfGrey: expected RGB triples');
  const e = [0, 0, 0];
  for (let i = 0; i < rgb.length; i += 3) {
    for (let c = 0; c < 3; c++) e[c]! += Math.max(0, rgb[i + c]! / 255) ** p;
  }
  for (let c = 0; c < 3; c++) e[c] = (e[c]! / n) ** (1 / p);
  const norm = Math.max(1e-12, Math.hypot(e[0]!, e[1]!, e[2]!));
  const gain = e.map((v) => 1 / Math.max(1e-6, (v / norm) * Math.sqrt(3)));
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.max(0, rgb[i]! * gain[i % 3]!));
  return rgb;
}

/** RGB floats in [0, 255] -> model input, in place. */
export function normalise(rgb: Float32Array, spec: InputSpec): Float32Array {
  for (let i = 0; i < rgb.length; i++) rgb[i] = ((rgb[i] ?? 0) - spec.mean) / spec.scale;
  return rgb;
}

/**
 * The whole preprocessing: crop (default: the model's centred square, fitted inside a round field of view), resize,
 * colour constancy when the model asks for it, normalise. NHWC Float32Array.
 */
export function toModelInput(img: RgbaImage, spec: InputSpec, crop: CropSquare = fieldSquare(img, spec.cropFraction)): Float32Array {
  const rgb = cropResize(img, crop, spec.size);
  if (spec.colourConstancy) shadesOfGrey(rgb, spec.colourConstancy.p);
  return normalise(rgb, spec);
}
