/**
 * The photo with a movable, resizable square crop on top. Pointer: drag the square to move it, drag a corner to
 * resize. Keyboard: focus the square, arrows move, + and - resize, Shift for bigger steps. Crops are in decoded
 * photo pixels; the overlay is positioned in percentages so it follows the photo's displayed size.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { dragCrop, keyCrop, roundCrop, type CropHandle } from '../../core/crop-geometry';
import type { CropSquare } from '../../core/preprocess';
import type { DecodedPhoto } from '../../store/types';

/** Props of {@link CropEditor}. */
export interface CropEditorProps {
  photo: DecodedPhoto;
  crop: CropSquare;
  /** Called with the new crop when a drag ends or a key press settles. */
  onCommit: (crop: CropSquare) => void;
}

const HANDLES: CropHandle[] = ['nw', 'ne', 'sw', 'se'];
/** Wait this long after the last key press before analysing again, so holding an arrow does not queue jobs. */
const KEY_SETTLE_MS = 300;

/** The editor. */
export function CropEditor({ photo, crop, onCommit }: CropEditorProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [draft, setDraft] = useState<CropSquare>(crop);
  const drag = useRef<{ handle: CropHandle; x: number; y: number; start: CropSquare; factor: number } | null>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { width: W, height: H } = photo.pixels;

  useEffect(() => setDraft(crop), [crop]);
  useEffect(
    () => () => {
      if (settle.current) clearTimeout(settle.current);
    },
    [],
  );
  useEffect(() => {
    const c = canvasRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    // Draw at most 1024 px wide; CSS scales it to the column.
    const s = Math.min(1, 1024 / W);
    c.width = Math.round(W * s);
    c.height = Math.round(H * s);
    ctx.drawImage(photo.source, 0, 0, c.width, c.height);
  }, [photo, W, H]);

  const begin = (handle: CropHandle) => (e: PointerEvent<HTMLElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    drag.current = { handle, x: e.clientX, y: e.clientY, start: draft, factor: W / rect.width };
  };
  const move = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    setDraft(dragCrop(d.start, d.handle, (e.clientX - d.x) * d.factor, (e.clientY - d.y) * d.factor, W, H));
  };
  const end = () => {
    if (!drag.current) return;
    drag.current = null;
    onCommit(draft);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = keyCrop(draft, e.key, e.shiftKey, W, H);
    if (!next) return;
    e.preventDefault();
    setDraft(next);
    if (settle.current) clearTimeout(settle.current);
    settle.current = setTimeout(() => onCommit(next), KEY_SETTLE_MS);
  };

  const r = roundCrop(draft);
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <div className="crop-editor">
      <div className="crop-stage">
        <canvas ref={canvasRef} className="crop-photo" role="img" aria-label={`Your photo, ${W} by ${H} pixels`} />
        <div
          className="crop-square"
          data-testid="crop-square"
          tabIndex={0}
          role="group"
          aria-roledescription="crop square"
          aria-label={`Crop square, ${r.size} pixels wide at ${r.x}, ${r.y}. Arrow keys move it, plus and minus resize it, hold Shift for bigger steps.`}
          style={{ left: pct(draft.x, W), top: pct(draft.y, H), width: pct(draft.size, W), height: pct(draft.size, H) }}
          onPointerDown={begin('move')}
          onPointerMove={move}
          onPointerUp={end}
          onPointerCancel={end}
          onKeyDown={onKey}
        >
          {HANDLES.map((h) => (
            <span
              key={h}
              className={`crop-handle crop-handle-${h}`}
              aria-hidden="true"
              onPointerDown={begin(h)}
              onPointerMove={move}
              onPointerUp={end}
              onPointerCancel={end}
            />
          ))}
        </div>
      </div>
      <p className="crop-help">Drag the square onto the spot, or drag a corner to resize. With the keyboard: Tab to the square, then arrows and + / −.</p>
    </div>
  );
}
