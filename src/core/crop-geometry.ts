/** The square crop overlay's geometry: pointer drags and keyboard steps, in image pixels. Pure and tested. */
import { clampCrop, type CropSquare } from './preprocess';

/** What a pointer grabbed: the square's body or one of its corners. */
export type CropHandle = 'move' | 'nw' | 'ne' | 'sw' | 'se';

/** Smallest crop side, in decoded pixels, the overlay allows (the quality gate warns below 96 original pixels). */
export const MIN_CROP = 32;

/**
 * The crop after dragging `handle` by (dx, dy) image pixels from `start`. Corner drags keep the opposite corner
 * fixed and the square square (the larger of |dx|, |dy| along the drag's diagonal wins).
 */
export function dragCrop(start: CropSquare, handle: CropHandle, dx: number, dy: number, width: number, height: number, minSize = MIN_CROP): CropSquare {
  if (handle === 'move') return clampCrop({ ...start, x: start.x + dx, y: start.y + dy }, width, height, minSize);
  const sx = handle === 'ne' || handle === 'se' ? 1 : -1;
  const sy = handle === 'sw' || handle === 'se' ? 1 : -1;
  // Growth along the dragged corner's outward diagonal.
  const grow = Math.abs(dx) > Math.abs(dy) ? sx * dx : sy * dy;
  // The fixed (opposite) corner.
  const fx = sx > 0 ? start.x : start.x + start.size;
  const fy = sy > 0 ? start.y : start.y + start.size;
  const roomX = sx > 0 ? width - fx : fx;
  const roomY = sy > 0 ? height - fy : fy;
  const size = Math.max(Math.min(minSize, roomX, roomY), Math.min(start.size + grow, roomX, roomY));
  return clampCrop({ x: sx > 0 ? fx : fx - size, y: sy > 0 ? fy : fy - size, size }, width, height, minSize);
}

/**
 * The crop after a key press, or null if the key does nothing. Arrows move, + and - resize about the centre;
 * `big` (Shift held) takes steps of a tenth of the image's short side instead of 1% of it.
 */
export function keyCrop(crop: CropSquare, key: string, big: boolean, width: number, height: number, minSize = MIN_CROP): CropSquare | null {
  const step = Math.max(1, Math.round(Math.min(width, height) * (big ? 0.1 : 0.01)));
  const at = (x: number, y: number, size: number): CropSquare => clampCrop({ x, y, size }, width, height, minSize);
  switch (key) {
    case 'ArrowLeft':
      return at(crop.x - step, crop.y, crop.size);
    case 'ArrowRight':
      return at(crop.x + step, crop.y, crop.size);
    case 'ArrowUp':
      return at(crop.x, crop.y - step, crop.size);
    case 'ArrowDown':
      return at(crop.x, crop.y + step, crop.size);
    case '+':
    case '=':
      return resizeAboutCentre(crop, crop.size + 2 * step, width, height, minSize);
    case '-':
    case '_':
      return resizeAboutCentre(crop, crop.size - 2 * step, width, height, minSize);
    default:
      return null;
  }
}

/** A crop of a new size with the same centre, kept inside the image. */
export function resizeAboutCentre(crop: CropSquare, size: number, width: number, height: number, minSize = MIN_CROP): CropSquare {
  const s = Math.max(Math.min(minSize, width, height), Math.min(size, width, height));
  const cx = crop.x + crop.size / 2;
  const cy = crop.y + crop.size / 2;
  return clampCrop({ x: cx - s / 2, y: cy - s / 2, size: s }, width, height, minSize);
}

/** Rounds a crop to whole pixels for display and for text such as "crop 120 x 120 at (40, 12)". */
export const roundCrop = (c: CropSquare): CropSquare => ({ x: Math.round(c.x), y: Math.round(c.y), size: Math.round(c.size) });
