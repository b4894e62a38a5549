// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CrossClinic, gapSentence } from '../../../../src/features/model-card/CrossClinic';
import type { CrossClinicSet, WithCi } from '../../../../src/features/model-card/types';

afterEach(cleanup);

/** A labelled set as training/measure/cross_clinic.py writes it (cross-clinic.json): each statistic [value, low, high]. */
function labelled(name: string, [images, melanomas, nevi]: number[], bacc: number[], auc: number[], sensitivity: number[], declined: number): CrossClinicSet {
  const ci = ([value, lo, hi]: number[]): WithCi => ({ value: value!, ci: [lo!, hi!] });
  return {
    name,
    images,
    melanomas,
    nevi,
    balancedAccuracy: ci(bacc),
    melanomaVsNevusAuc: ci(auc),
    melanomaSensitivity: ci(sensitivity),
    declined: { value: declined },
  };
}

const sets: Record<string, CrossClinicSet> = {
  internal_test: labelled('HAM10000 internal test', [1469, 158, 987], [0.71, 0.66, 0.77], [0.833, 0.794, 0.871], [0.67, 0.6, 0.74], 0.014),
  isic2017_test: labelled('isic2017 test', [595, 117, 388], [0.45, 0.4, 0.5], [0.604, 0.55, 0.66], [0.3, 0.22, 0.38], 0.1),
  ph2: {
    name: 'PH2',
    images: 200,
    melanomas: 40,
    nevi: 160,
    melanomaVsNevusAuc: { value: 0.739, ci: [0.65, 0.82] },
    malignantVsBenignAuc: { value: 0.55, ci: [0.48, 0.628] },
  },
};

describe('CrossClinic', () => {
  it('puts every set side by side with its intervals', () => {
    render(<CrossClinic cross={{ sets }} />);
    const table = screen.getByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Measure', 'HAM10000 internal test', 'isic2017 test', 'PH2']);
    const auc = within(table).getByRole('row', { name: /Melanoma vs nevus AUC/ });
    expect(auc.textContent).toContain('0.833 (95% CI 0.794–0.871)');
    expect(auc.textContent).toContain('0.604 (95% CI 0.550–0.660)');
    const declined = within(table).getByRole('row', { name: /Not analysed/ });
    expect(declined.textContent).toContain('10.0%');
    const malignant = within(table).getByRole('row', { name: /Malignant vs benign AUC/ });
    expect(malignant.textContent).toContain('0.550 (95% CI 0.480–0.628)');
    // PH2 has no balanced accuracy in this record: the cell says so instead of inventing one.
    const bacc = within(table).getByRole('row', { name: /Balanced accuracy/ });
    expect(within(bacc).getAllByRole('cell')[2]?.textContent).toBe('not available');
  });

  it('states the gap in plain words from the numbers', () => {
    const s = gapSentence(sets);
    expect(s).toMatch(/less well: AUC 0\.83 on the internal test, 0\.60 on isic2017 test and 0\.74 on PH2/);
    // Phone photos are among the sets the card measures, so the caution names them too.
    expect(s).toMatch(/other clinics, other dermatoscopes and phone cameras with more caution/);
    const even = gapSentence({
      ...sets,
      isic2017_test: { ...sets.isic2017_test, melanomaVsNevusAuc: { value: 0.83 } },
      ph2: { melanomaVsNevusAuc: { value: 0.84 } },
    });
    expect(even).toMatch(/about as well/);
    // Three or more sets read as a list: commas, then "and" before the last.
    const three = gapSentence({ ...sets, pad: { name: 'PAD', melanomaVsNevusAuc: { value: 0.67 } } });
    expect(three).toMatch(/0\.60 on isic2017 test, 0\.74 on PH2 and 0\.67 on PAD\./);
    expect(gapSentence({ internal_test: sets.internal_test! })).toBeNull();
  });

  it('says "not available" for a model evaluated before the check existed', () => {
    render(<CrossClinic cross={undefined} />);
    expect(screen.getByText(/Other clinics' photos: not available/)).toBeTruthy();
  });
});
