// @vitest-environment jsdom
// A new result takes the focus (on a phone it is also scrolled to: see bringIntoView.test.ts); a new crop of the
// same photo leaves the focus where the user is working.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/app/App';
import { Controller } from '../../../src/app/controller';
import type { ModelClient } from '../../../src/model/types';
import { useStore } from '../../../src/store';
import { prediction as fakePrediction, freshAppEachTest, modelInfo, photo, probs } from '../../fixtures/app-dom';

const info = modelInfo();
const prediction = fakePrediction(probs('nv', 0.9));
const client: ModelClient = {
  load: async () => info,
  classify: async () => prediction,
  saliency: async (_i, members) => ({ size: 32, values: new Float32Array(1024).fill(0.5), members, ms: 1 }),
  memory: async () => ({ numTensors: 1, numBytes: 1 }),
  dispose: () => undefined,
};

freshAppEachTest();

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
