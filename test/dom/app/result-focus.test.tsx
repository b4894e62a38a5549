// @vitest-environment jsdom
// A new result takes the focus (on a phone it is also scrolled to: see bringIntoView.test.ts); a new crop of the
// same photo leaves the focus where the user is working.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import taxonomyJson from '../../../public/model/taxonomy.json';
import { App } from '../../../src/app/App';
import { Controller } from '../../../src/app/controller';
import type { ModelMetadata } from '../../../src/core/metadata';
import { LABELS } from '../../fixtures/labels';
import type { Taxonomy } from '../../../src/core/taxonomy';
import type { ModelClient, ModelInfo, Prediction } from '../../../src/model/types';
import { useStore } from '../../../src/store';
import type { DecodedPhoto } from '../../../src/store/types';
import { decisionBlocks, outputsFor } from '../../fixtures/decision';
import { lesionPixels } from '../../fixtures/generate';

const metadata = { labels: [...LABELS], input: { size: 32, mean: 127.5, scale: 127.5 }, ...decisionBlocks } as unknown as ModelMetadata;
const info: ModelInfo = { metadata, taxonomy: taxonomyJson as Taxonomy, backend: 'wasm', inWorker: true, fromCache: false, fallbacks: [] };
const probabilities = LABELS.map((l) => (l === 'nv' ? 0.9 : 0.1 / (LABELS.length - 1)));
const prediction: Prediction = {
  logits: probabilities.map(Math.log),
  probabilities,
  ...outputsFor('dermoscopic'),
  ms: 1,
};
const photo = (id: number): DecodedPhoto => ({
  id,
  name: `photo${id}.jpg`,
  origin: 'file',
  source: {} as CanvasImageSource,
  pixels: { width: 120, height: 100, data: lesionPixels(120, 100, id) },
  scale: 1,
  originalWidth: 120,
  originalHeight: 100,
  notes: [],
});
const client: ModelClient = {
  load: async () => info,
  classify: async () => prediction,
  saliency: async (_i, members) => ({ size: 32, values: new Float32Array(1024).fill(0.5), members, ms: 1 }),
  memory: async () => ({ numTensors: 1, numBytes: 1 }),
  dispose: () => undefined,
};

beforeEach(() => {
  localStorage.clear();
  useStore.setState(useStore.getInitialState(), true);
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => ({
    clearRect: () => {},
    drawImage: () => {},
    createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    putImageData: () => {},
  })) as unknown as typeof HTMLCanvasElement.prototype.getContext);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('a new result', () => {
  it('takes the focus; a new crop of the same photo does not, and the next photo does again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const c = new Controller(client);
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(1)));
    const outcome = screen.getByTestId('result-outcome');
    expect(document.activeElement).toBe(outcome);
    expect(outcome.contains(screen.getByTestId('top-prediction'))).toBe(true);

    const jobOf = () => {
      const s = useStore.getState().status;
      return s.kind === 'done' ? s.result.jobId : -1;
    };
    const first = jobOf();
    const square = screen.getByTestId('crop-square');
    square.focus();
    fireEvent.keyDown(square, { key: 'ArrowRight' });
    await act(async () => {
      vi.advanceTimersByTime(400);
    });
    // Analysed again (a new job for the new crop), with the focus still on the crop square.
    await waitFor(() => expect(jobOf()).toBeGreaterThan(first));
    expect(document.activeElement).toBe(screen.getByTestId('crop-square'));

    await act(() => c.setPhoto(photo(2)));
    expect(document.activeElement).toBe(screen.getByTestId('result-outcome'));
  });

  it('a changed answer to how the photo was taken leaves the focus in the capture panel; "show anyway" takes it', async () => {
    const c = new Controller(client);
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(1)));
    screen.getByTestId('crop-square').focus();
    // "With an ordinary camera": the result is held back and explained, the focus stays put.
    await act(() => c.setFileStatement('clinical'));
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'clinical-held' } });
    expect(document.activeElement).toBe(screen.getByTestId('crop-square'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('show-anyway'));
    });
    expect(useStore.getState().status).toMatchObject({ display: { kind: 'clinical-shown' } });
    expect(document.activeElement).toBe(screen.getByTestId('result-outcome'));
  });
});
