/**
 * Where photos come in: file picker, drag and drop, paste, or the camera. Decoding problems are shown in the
 * page with a specific message and the panel stays usable for the next photo.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { PhotoOrigin, PhotoStatement } from '../../core/photo-decision';
import type { CropSquare } from '../../core/preprocess';
import { useStore } from '../../store';
import { Notice } from '../../ui/Notice';
import { Camera } from './Camera';
import { CropEditor } from './CropEditor';
import { decodePhoto, DecodeError } from './decode';
import { DermatoscopeToggle } from './DermatoscopeToggle';
import { PhotoKindChoice } from './PhotoKindChoice';
import type { DecodedPhoto } from '../../store/types';

/** Props of {@link CapturePanel}. */
export interface CapturePanelProps {
  /** Called with each decoded photo. */
  onPhoto: (photo: DecodedPhoto) => void;
  /** Called when the user settles on a new crop. */
  onCrop: (crop: CropSquare) => void;
  /** The person picked how their photo files were taken. */
  onFileStatement: (statement: PhotoStatement) => void;
  /** The person ticked or cleared "a dermatoscope is attached to the camera". */
  onDermatoscopeAttached: (attached: boolean) => void;
}

/** The capture panel. */
export function CapturePanel({ onPhoto, onCrop, onFileStatement, onDermatoscopeAttached }: CapturePanelProps) {
  const photo = useStore((s) => s.photo);
  const fileStatement = useStore((s) => s.fileStatement);
  const dermatoscopeAttached = useStore((s) => s.dermatoscopeAttached);
  const crop = useStore((s) => s.crop);
  const notice = useStore((s) => s.notice);
  const setNotice = useStore((s) => s.setNotice);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const [over, setOver] = useState(false);
  const seq = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const take = async (blob: Blob, name: string, origin: PhotoOrigin = 'file') => {
    const mine = ++seq.current;
    setBusy(true);
    setNotice(null);
    try {
      const p = await decodePhoto(blob, name, origin);
      if (mine !== seq.current) return; // a newer photo arrived while this one decoded
      if (p.notes.length) setNotice({ tone: 'info', text: p.notes.join(' ') });
      onPhoto(p);
    } catch (e) {
      if (mine !== seq.current) return;
      setNotice({ tone: 'error', text: e instanceof DecodeError ? e.message : `This file could not be read: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const f = e.clipboardData?.files?.[0];
      if (f) {
        e.preventDefault();
        void take(f, f.name || 'pasted image');
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) void take(f, f.name);
    else setNotice({ tone: 'error', text: 'Nothing to use was dropped: drop a photo file.' });
  };

  return (
    <section className="capture" aria-labelledby="capture-heading">
      <h2 id="capture-heading">1. Your photo</h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the file input inside it is the keyboard's way in */}
      <div
        className={`dropzone${over ? ' dropzone-over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label className="button primary file-label">
          Choose a photo
          <input
            ref={inputRef}
            type="file"
            accept="image/*"
            className="visually-hidden"
            data-testid="file-input"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void take(f, f.name);
              e.currentTarget.value = ''; // picking the same file again must fire change again
            }}
          />
        </label>
        <button type="button" data-testid="open-camera" onClick={() => setCamera(true)} disabled={camera}>
          Use camera
        </button>
        <p className="hint">or drop a photo here, or paste one (Ctrl/Cmd + V). Photos never leave this device.</p>
      </div>
      {/* The statement that applies to the photo at hand: the camera's checkbox while the camera is open or its photo is shown, else the files' choice. */}
      {camera || photo?.origin === 'camera' ? (
        <DermatoscopeToggle attached={dermatoscopeAttached} onChange={onDermatoscopeAttached} />
      ) : (
        <PhotoKindChoice value={fileStatement} onChange={onFileStatement} />
      )}
      {busy && (
        <p role="status" className="hint">
          Reading the photo…
        </p>
      )}
      {notice && (
        <Notice tone={notice.tone} testId={notice.tone === 'error' ? 'input-error' : 'input-note'} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      )}
      {camera && (
        <Camera
          onCapture={(b) => {
            setCamera(false);
            void take(b, 'camera photo', 'camera');
          }}
          onClose={() => setCamera(false)}
          dermatoscopeAttached={dermatoscopeAttached}
        />
      )}
      {photo && crop && (
        <>
          <p className="photo-name">
            <span className="visually-hidden">Photo: </span>
            <span data-testid="photo-name">{photo.name}</span> ({photo.originalWidth} x {photo.originalHeight})
          </p>
          <CropEditor photo={photo} crop={crop} onCommit={onCrop} />
        </>
      )}
    </section>
  );
}
