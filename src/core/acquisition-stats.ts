/**
 * Statistics of the model input square that tell how a photo was taken rather than what it shows: a dermatoscope
 * gives even light, a lens pressed on the skin, a colour balance of its own and sharp detail; a phone photo or a
 * total-body-photo tile has uneven light, surrounding skin, glare and upscaled blur. They join the photo-kind
 * check's signals (core/photo-kind.ts). Mirrored exactly by training/lib/photo_stats.py acquisition_stats.
 */

/** The statistics' names, in the order of the returned values (as ACQUISITION_NAMES in the Python mirror). */
export const ACQUISITION_NAMES = [
  'light unevenness',
  'ln border/centre brightness',
  'chroma',
  'ln red/green',
  'ln blue/green',
  'ln coarse/fine detail',
  'highlights',
] as const;

/** Mean absolute 4-neighbour Laplacian over the interior of a side x side grid. */
function laplacian(grey: Float64Array, side: number): number {
  let sum = 0;
  for (let y = 1; y < side - 1; y++) {
    for (let x = 1; x < side - 1; x++) {
      const i = y * side + x;
      sum += Math.abs(4 * (grey[i] ?? 0) - (grey[i - 1] ?? 0) - (grey[i + 1] ?? 0) - (grey[i - side] ?? 0) - (grey[i + side] ?? 0));
    }
  }
  return sum / ((side - 2) * (side - 2));
}

/**
 * The seven statistics (ACQUISITION_NAMES) of an NHWC size x size x 3 input normalised as (pixel - mean) / scale:
 * the spread of the 4x4 block mean grey levels over (mean grey + 1); ln((border ring + 1) / (centre + 1)) mean grey,
 * the ring size / 8 wide, the centre the middle square from size / 4; the mean (max - min channel) / 255; ln((mean
 * r + 1) / (mean g + 1)); the same for blue; ln((coarse + 1e-3) / (fine + 1e-3)) Laplacian detail, coarse on the
 * 2x2-averaged grey; the share of pixels whose every channel is at least 230.
 */
export function acquisitionStats(input: Float32Array, size: number, mean: number, scale: number): number[] {
  const n = size * size;
  if (input.length !== n * 3) throw new Error(`acquisitionStats: expected ${n * 3} values, got ${input.length}`);
  const grey = new Float64Array(n);
  const blockSum = new Float64Array(16);
  const blockCount = new Float64Array(16);
  const ringWidth = Math.floor(size / 8);
  const q = Math.floor(size / 4);
  let sumGrey = 0;
  let ring = 0;
  let ringN = 0;
  let centre = 0;
  let centreN = 0;
  let chroma = 0;
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let highlights = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const r = (input[i * 3] ?? 0) * scale + mean;
      const g = (input[i * 3 + 1] ?? 0) * scale + mean;
      const b = (input[i * 3 + 2] ?? 0) * scale + mean;
      const v = 0.299 * r + 0.587 * g + 0.114 * b;
      grey[i] = v;
      sumGrey += v;
      const block = Math.floor((y * 4) / size) * 4 + Math.floor((x * 4) / size);
      blockSum[block] = (blockSum[block] ?? 0) + v;
      blockCount[block] = (blockCount[block] ?? 0) + 1;
      if (Math.min(y, x, size - 1 - y, size - 1 - x) < ringWidth) {
        ring += v;
        ringN++;
      }
      if (y >= q && y < size - q && x >= q && x < size - q) {
        centre += v;
        centreN++;
      }
      chroma += Math.max(r, g, b) - Math.min(r, g, b);
      sr += r;
      sg += g;
      sb += b;
      if (r >= 230 && g >= 230 && b >= 230) highlights++;
    }
  }
  const meanGrey = sumGrey / n;
  const blocks = Array.from(blockSum, (s, k) => s / (blockCount[k] ?? 1));
  const blockMean = blocks.reduce((a, v) => a + v, 0) / 16;
  const spread = Math.sqrt(blocks.reduce((a, v) => a + (v - blockMean) ** 2, 0) / 16);
  const half = Math.floor(size / 2);
  const coarse = new Float64Array(half * half);
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      const i = 2 * y * size + 2 * x;
      coarse[y * half + x] = ((grey[i] ?? 0) + (grey[i + 1] ?? 0) + (grey[i + size] ?? 0) + (grey[i + size + 1] ?? 0)) / 4;
    }
  }
  return [
    spread / (meanGrey + 1),
    Math.log((ring / ringN + 1) / (centre / centreN + 1)),
    chroma / n / 255,
    Math.log((sr / n + 1) / (sg / n + 1)),
    Math.log((sb / n + 1) / (sg / n + 1)),
    Math.log((laplacian(coarse, half) + 1e-3) / (laplacian(grey, size) + 1e-3)),
    highlights / n,
  ];
}
