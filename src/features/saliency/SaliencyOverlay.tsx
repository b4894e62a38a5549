/** The cropped photo with its saliency heatmap on top, an opacity slider, a legend and what the picture means. */
import { useEffect, useId, useMemo, useRef } from 'react';
import { formatPercent } from '../../core/format';
import { colourMapGradient, normaliseSaliency, toRgba } from '../../core/saliency';
import type { SaliencyMap } from '../../model/types';
import './saliency.css';

/** Props of {@link SaliencyOverlay}. */
export interface SaliencyOverlayProps {
  /** The cropped square photo the model saw; null while there is none. */
  photo: HTMLCanvasElement | ImageBitmap | null;
  /** Raw saliency from the model (normalised here); null while it is being computed or absent. */
  map: SaliencyMap | null;
  /** Heatmap opacity, 0..1 (clamped; NaN reads as 0). */
  opacity: number;
  /** Called with the new opacity when the user moves the slider. */
  onOpacityChange: (v: number) => void;
  /** Display name of the node the saliency was taken for (from taxonomy.json), used in the legend. */
  label: string;
  /** Side of the drawing in canvas pixels. */
  size?: number;
}

type Prepared = { ok: true; values: Float32Array; size: number } | { ok: false; message: string } | null;

/** Checks and normalises a map once per map, not on every opacity change. */
function prepare(map: SaliencyMap | null): Prepared {
  if (!map) return null;
  const n = map.size;
  if (!Number.isInteger(n) || n <= 0 || !map.values || map.values.length !== n * n) {
    return { ok: false, message: 'The saliency map is malformed and cannot be shown.' };
  }
  return { ok: true, values: normaliseSaliency(map.values), size: n };
}

/** Photo plus heatmap on one canvas (class "saliency-overlay"), redrawn when the photo, map or opacity change. */
export function SaliencyOverlay({ photo, map, opacity, onOpacityChange, label, size = 320 }: SaliencyOverlayProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sliderId = useId();
  const o = Number.isFinite(opacity) ? Math.min(1, Math.max(0, opacity)) : 0;
  const prepared = useMemo(() => prepare(map), [map]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new size resizes the canvas, which clears it: draw again
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (photo) ctx.drawImage(photo, 0, 0, canvas.width, canvas.height);
    if (prepared?.ok && o > 0) {
      const heat = document.createElement('canvas');
      heat.width = prepared.size;
      heat.height = prepared.size;
      const hctx = heat.getContext('2d');
      if (!hctx) return;
      const pixels = toRgba(prepared.values, prepared.size, o);
      const image = hctx.createImageData(prepared.size, prepared.size);
      image.data.set(pixels);
      hctx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(heat, 0, 0, canvas.width, canvas.height);
    }
  }, [photo, prepared, o, size]);

  const description =
    !photo && !map
      ? 'No photo yet.'
      : prepared && !prepared.ok
        ? prepared.message
        : prepared
          ? `Heatmap of the pixels that most influenced the model's ${label} probability, over the photo.`
          : 'The photo; the heatmap is not available yet.';

  return (
    <figure className="saliency">
      <canvas ref={canvasRef} className="saliency-overlay" width={size} height={size} role="img" aria-label={description} />
      {prepared && !prepared.ok && (
        <p className="saliency-error" role="alert">
          {prepared.message}
        </p>
      )}
      <div className="saliency-controls">
        <label htmlFor={sliderId} className="saliency-slider-label">
          Heatmap opacity
        </label>
        <input
          id={sliderId}
          className="saliency-slider"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={o}
          aria-valuetext={formatPercent(o)}
          disabled={!prepared?.ok}
          onChange={(e) => onOpacityChange(Number(e.currentTarget.value))}
        />
      </div>
      <div className="saliency-legend">
        <span className="saliency-legend-bar" style={{ backgroundImage: colourMapGradient() }} aria-hidden="true" />
        <span className="saliency-legend-text">low → high influence on {label}</span>
      </div>
      <figcaption className="saliency-explanation">
        Brighter areas are pixels whose small changes moved the {label} probability most: where the model looked, not proof of why, and not a medical finding.
      </figcaption>
    </figure>
  );
}
