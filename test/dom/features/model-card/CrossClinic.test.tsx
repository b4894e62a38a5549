// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CrossClinic, gapSentence } from '../../../../src/features/model-card/CrossClinic';
import type { CrossClinicSet } from '../../../../src/features/model-card/types';

afterEach(cleanup);

/** The shape training/evaluate/cross_clinic.py writes. */
const sets: Record<string, CrossClinicSet> = {
  internal_test: {
    name: 'HAM10000 internal test',
    images: 1469,
    melanomas: 158,
    nevi: 987,
    balancedAccuracy: { value: 0.71, ci: [0.66, 0.77] },
    melanomaVsNevusAuc: { value: 0.833, ci: [0.794, 0.871] },
    melanomaSensitivity: { value: 0.67, ci: [0.6, 0.74] },
    declined: { value: 0.014 },
  },
  isic2017_test: {
    name: 'isic2017 test',
    images: 595,
    melanomas: 117,
    nevi: 388,
    balancedAccuracy: { value: 0.45, ci: [0.4, 0.5] },
    melanomaVsNevusAuc: { value: 0.604, ci: [0.55, 0.66] },
    melanomaSensitivity: { value: 0.3, ci: [0.22, 0.38] },
    declined: { value: 0.1 },
  },
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
    const even = gapSentence({
      ...sets,
      isic2017_test: { ...sets.isic2017_test, melanomaVsNevusAuc: { value: 0.83 } },
      ph2: { melanomaVsNevusAuc: { value: 0.84 } },
    });
    expect(even).toMatch(/about as well/);
    expect(gapSentence({ internal_test: sets.internal_test! })).toBeNull();
  });

  it('says "not available" for a model evaluated before the check existed', () => {
    render(<CrossClinic cross={undefined} />);
    expect(screen.getByText(/Other clinics' photos: not available/)).toBeTruthy();
  });
});
