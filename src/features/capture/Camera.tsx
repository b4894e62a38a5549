/**
 * Live camera preview with capture and switch-camera buttons, and what to expect of the photo: a dermatoscope (or a
 * clip-on dermatoscope lens) gives the photos the model knows best; without one the photo is an ordinary-camera photo,
 * whose result the page holds back. Tracks are stopped when the component unmounts or the camera is switched, so the
 * camera light goes off when the user leaves. Each failure has its own message.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Notice } from '../../ui/Notice';
import './capture.css';

/** Props of {@link Camera}. */
export interface CameraProps {
  /** Called with the captured frame as a JPEG blob. */
  onCapture: (frame: Blob) => void;
  /** Called when the user closes the camera. */
  onClose: () => void;
  /** The person says a dermatoscope is attached (the guidance under the preview follows it). */
  dermatoscopeAttached: boolean;
}

/** A message for each way getUserMedia fails (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia). */
export function cameraErrorMessage(e: unknown): string {
  const name = typeof e === 'object' && e !== null ? (e as { name?: string }).name : undefined;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was denied. Allow the camera for this site in your browser settings, or upload a photo instead.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found on this device. Upload a photo instead.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is in use by another app or could not be started. Close other apps using it and try again.';
    default:
      return `The camera could not be started${e instanceof Error && e.message ? ` (${e.message})` : ''}. Upload a photo instead.`;
  }
}

type Facing = 'environment' | 'user';

/** The camera panel. */
export function Camera({ onCapture, onClose, dermatoscopeAttached }: CameraProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [facing, setFacing] = useState<Facing>('environment');
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [cameras, setCameras] = useState(0);

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    setLive(false);
  }, []);

  useEffect(() => {
    let cancelled = false;
    if (!navigator.mediaDevices?.getUserMedia) {
      setError('This browser gives no camera access here (cameras need HTTPS or localhost). Upload a photo instead.');
      return;
    }
    setError(null);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: facing }, width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false })
      .then(async (stream) => {
        if (cancelled) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        streamRef.current = stream;
        const v = videoRef.current;
        if (v) {
          v.srcObject = stream;
          await v.play().catch(() => undefined);
        }
        setLive(true);
        const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
        if (!cancelled) setCameras(devices.filter((d) => d.kind === 'videoinput').length);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(cameraErrorMessage(e));
      });
    return () => {
      cancelled = true;
      stop();
    };
  }, [facing, stop]);

  const capture = () => {
    const v = videoRef.current;
    if (!v || v.videoWidth === 0) {
      setError('The camera has not delivered a picture yet; wait a moment and try again.');
      return;
    }
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')?.drawImage(v, 0, 0);
    c.toBlob((b) => (b ? onCapture(b) : setError('The frame could not be captured; try again.')), 'image/jpeg', 0.95);
  };

  return (
    <section className="camera" aria-label="Camera">
      {error && (
        <Notice tone="error" testId="camera-error">
          {error}
        </Notice>
      )}
      <CameraGuidance dermatoscopeAttached={dermatoscopeAttached} />
      <video ref={videoRef} className="camera-preview" data-testid="camera-preview" playsInline muted aria-label="Live camera preview" />
      <div className="camera-controls">
        <button type="button" className="primary" data-testid="camera-capture" onClick={capture} disabled={!live}>
          Take photo
        </button>
        <button
          type="button"
          onClick={() => setFacing((f) => (f === 'user' ? 'environment' : 'user'))}
          disabled={!live || cameras < 2}
          title={cameras < 2 ? 'Only one camera found' : undefined}
        >
          Switch camera
        </button>
        <button
          type="button"
          data-testid="camera-close"
          onClick={() => {
            stop();
            onClose();
          }}
        >
          Close camera
        </button>
      </div>
    </section>
  );
}

/** What kind of photo the camera will take, and what the page will do with it: above the preview, where the photo is framed. */
export function CameraGuidance({ dermatoscopeAttached }: Pick<CameraProps, 'dermatoscopeAttached'>) {
  return (
    <p className="camera-guidance" data-testid="camera-guidance">
      {dermatoscopeAttached ? (
        <>Press the dermatoscope gently on the skin with the spot in the middle of its view, and hold still: these are the photos the model knows best.</>
      ) : (
        <>
          A dermatoscope, or a clip-on dermatoscope lens on the phone, gives the photos the model knows best: attach one and tick the box above.{' '}
          <strong>Without one, this is an ordinary-camera photo:</strong> the page will say it cannot judge it and hold its result back (you can still see the
          model's guess, for teaching).
        </>
      )}
    </p>
  );
}
