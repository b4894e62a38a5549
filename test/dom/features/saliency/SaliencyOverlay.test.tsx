// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaliencyOverlay } from '../../../../src/features/saliency/SaliencyOverlay';
import type { SaliencyMap } from '../../../../src/model/types';

/** jsdom has no 2D canvas; a recording fake stands in so the drawing calls can be checked. */
interface FakeCtx {
  canvas: HTMLCanvasElement;
  drawn: unknown[];
  put: ImageData[];
}
let contexts: FakeCtx[] = [];

beforeEach(() => {
  contexts = [];
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const rec: FakeCtx = { canvas: this, drawn: [], put: [] };
    contexts.push(rec);
    return {
      clearRect: () => {},
      drawImage: (img: unknown) => rec.drawn.push(img),
      createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (img: ImageData) => rec.put.push(img),
      imageSmoothingEnabled: false,
    } as unknown as CanvasRenderingContext2D;
  } as unknown as typeof HTMLCanvasElement.prototype.getContext);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const map = (size: number, fill: (i: number) => number): SaliencyMap => ({
  size,
  values: Float32Array.from({ length: size * size }, (_, i) => fill(i)),
  members: [4],
  ms: 1,
});

describe('<SaliencyOverlay>', () => {
  it('draws the photo and a heatmap with non-transparent pixels on the saliency-overlay canvas', () => {
    const photo = document.createElement('canvas');
    const { container } = render(<SaliencyOverlay photo={photo} map={map(8, (i) => i)} opacity={0.7} onOpacityChange={() => {}} label="Melanoma" />);
    const overlay = container.querySelector('canvas.saliency-overlay') as HTMLCanvasElement;
    expect(overlay).toBeTruthy();
    const main = contexts.find((c) => c.canvas === overlay)!;
    expect(main.drawn[0]).toBe(photo);
    expect(main.drawn).toHaveLength(2);
    const heat = contexts.find((c) => c.canvas !== overlay)!;
    const data = heat.put[0]!.data;
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) opaque++;
    expect(opaque).toBeGreaterThan(0);
    expect(Math.max(...data.filter((_, i) => i % 4 === 3))).toBe(Math.round(0.7 * 255));
  });

  it('has a labelled opacity slider that reports changes', () => {
    const onOpacityChange = vi.fn();
    render(<SaliencyOverlay photo={null} map={map(4, () => 1)} opacity={0.5} onOpacityChange={onOpacityChange} label="Melanoma" />);
    const slider = screen.getByLabelText('Heatmap opacity') as HTMLInputElement;
    expect(slider.type).toBe('range');
    expect(slider.value).toBe('0.5');
    fireEvent.change(slider, { target: { value: '0.25' } });
    expect(onOpacityChange).toHaveBeenCalledWith(0.25);
  });

  it('shows a legend and an explanation naming the label', () => {
    const { container } = render(<SaliencyOverlay photo={null} map={map(4, () => 1)} opacity={0.5} onOpacityChange={() => {}} label="Basal cell carcinoma" />);
    expect(container.querySelector('.saliency-legend')?.textContent).toContain('low → high influence on Basal cell carcinoma');
    expect(container.querySelector('.saliency-legend-bar')?.getAttribute('style')).toMatch(/linear-gradient/);
    expect(container.querySelector('.saliency-explanation')?.textContent).toMatch(/not proof/);
  });

  it('survives no photo and no map', () => {
    const { container } = render(<SaliencyOverlay photo={null} map={null} opacity={0.5} onOpacityChange={() => {}} label="X" />);
    expect(container.querySelector('canvas.saliency-overlay')?.getAttribute('aria-label')).toBe('No photo yet.');
    expect((screen.getByLabelText('Heatmap opacity') as HTMLInputElement).disabled).toBe(true);
    expect(contexts.flatMap((c) => c.put)).toHaveLength(0);
  });

  it('reports a malformed map instead of throwing', () => {
    const bad: SaliencyMap = { size: 4, values: new Float32Array(3), members: [], ms: 0 };
    render(<SaliencyOverlay photo={null} map={bad} opacity={0.5} onOpacityChange={() => {}} label="X" />);
    expect(screen.getByRole('alert').textContent).toMatch(/malformed/);
  });

  it('draws an all-zero or NaN map as fully transparent and clamps a NaN opacity', () => {
    render(<SaliencyOverlay photo={null} map={map(4, () => Number.NaN)} opacity={0.5} onOpacityChange={() => {}} label="X" />);
    const put = contexts.flatMap((c) => c.put);
    expect(put).toHaveLength(1);
    expect(put[0]!.data.filter((_, i) => i % 4 === 3).every((a) => a === 0)).toBe(true);
    cleanup();
    render(<SaliencyOverlay photo={null} map={map(4, () => 1)} opacity={Number.NaN} onOpacityChange={() => {}} label="X" />);
    expect((screen.getByLabelText('Heatmap opacity') as HTMLInputElement).value).toBe('0');
  });
});
