import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../../../src/features/model-card/reports';
import type { ModelMetrics } from '../../../../src/features/model-card/types';

const metrics: ModelMetrics = {
  roc: [],
  photoKind: { method: 'fitted', sets: [{ key: 'fit_a', role: 'fit' }] },
};

describe('mergeReports', () => {
  it('adds a report under its key, and leaves the metrics it was given unchanged', () => {
    const cross = { about: 'through the CLI', sets: { ph2: { images: 200 } } };
    const merged = mergeReports(metrics, { crossClinic: cross });
    expect(merged.crossClinic).toEqual(cross);
    expect(merged.roc).toBe(metrics.roc);
    expect(metrics.crossClinic).toBeUndefined();
  });

  it("joins the photo-kind report to the export's record of the fit, its sets after the fit's", () => {
    const merged = mergeReports(metrics, { photoKind: { command: 'measure', sets: [{ key: 'ph2', role: 'measure' }] } });
    expect(merged.photoKind).toEqual({
      method: 'fitted',
      command: 'measure',
      sets: [
        { key: 'fit_a', role: 'fit' },
        { key: 'ph2', role: 'measure' },
      ],
    });
  });

  it('adds nothing for a report of another model version, and merges one of the same version', () => {
    const versioned: ModelMetrics = { ...metrics, model: { version: '1.3.2' } };
    const stale = { measured: { version: '1.3.1', metadata: 'abc' }, sets: { ph2: { images: 200 } } };
    expect(mergeReports(versioned, { crossClinic: stale }).crossClinic).toBeUndefined();
    const current = { ...stale, measured: { version: '1.3.2', metadata: 'def' } };
    expect(mergeReports(versioned, { crossClinic: current }).crossClinic).toEqual(current);
  });

  it('adds nothing for a report that is missing or not an object', () => {
    for (const bad of [undefined, null, 'text', [1, 2]]) {
      expect(mergeReports(metrics, { crossClinic: bad, photoKind: bad })).toEqual(metrics);
    }
  });
});
