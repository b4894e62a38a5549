// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { aucCi, pct, pctCi, reliabilityPoints, rowNormalise, unitPath } from '../../../../src/features/model-card/format';
import { ModelCard } from '../../../../src/features/model-card/ModelCard';
import { textOn } from '../../../../src/features/model-card/ConfusionTable';
import type { ModelMetrics } from '../../../../src/features/model-card/types';

afterEach(cleanup);

const names: Record<string, string> = {
  akiec: 'Actinic keratosis',
  bcc: 'Basal cell carcinoma',
  bkl: 'Benign keratosis',
  df: 'Dermatofibroma',
  mel: 'Melanoma',
  nv: 'Melanocytic nevus',
  vasc: 'Vascular lesion',
};
const labels = Object.keys(names);
const bins = (shift: number) =>
  Array.from({ length: 10 }, (_, i) => ({
    lo: i / 10,
    hi: (i + 1) / 10,
    count: i < 2 ? 0 : 20,
    confidence: i < 2 ? null : i / 10 + 0.05,
    accuracy: i < 2 ? null : Math.min(1, i / 10 + shift),
  }));

/** The shape training/export writes (metrics.json). */
const full: ModelMetrics = {
  created: '2026-11-27',
  model: { version: 'v1', checkpoint_epoch: 12, input_size: 160 },
  split: { train: { images: 7000, lesions: 5000 }, val: { images: 1500, lesions: 1000 }, test: { images: 1515, lesions: 1000 } },
  test: {
    accuracy: { value: 0.8, ci: [0.78, 0.82] },
    balancedAccuracy: { value: 0.723, ci: [0.69, 0.75] },
    perClass: labels.map((label, i) => ({ label, support: 10 + i, sensitivity: 0.5, specificity: 0.9, ppv: i === 3 ? null : 0.6 })),
    confusion: { labels, matrix: labels.map((_, i) => labels.map((__, j) => (i === j ? 8 : 1))) },
    topLevel: { accuracy: { value: 0.88, ci: [0.86, 0.9] }, malignantSensitivity: 0.7, benignSpecificity: 0.93 },
    secondLevel: { accuracy: { value: 0.82, ci: [0.8, 0.84] } },
  },
  sharp: { view: 'the sharper 224x224 centre crops', images: 300, balancedAccuracy: 0.7, accuracy: 0.79 },
  shifted: {
    clean: { balancedAccuracy: 0.723, topLevelAccuracy: 0.88 },
    conditions: { 'warm light': { balancedAccuracy: 0.701, topLevelAccuracy: 0.87 }, 'soft focus': { balancedAccuracy: 0.65 } },
  },
  roc: [
    {
      task: 'melanoma vs nevus',
      positive: ['mel'],
      negative: ['nv'],
      n: 400,
      auc: { value: 0.912, ci: [0.88, 0.94] },
      points: [
        [0, 0],
        [0.1, 0.6],
        [0.3, 0.9],
        [1, 1],
      ],
    },
    {
      task: 'carcinoma vs benign keratosis',
      positive: ['bcc', 'akiec'],
      negative: ['bkl'],
      n: 200,
      auc: { value: 0.93, ci: [0.9, 0.96] },
      points: [
        [0, 0],
        [1, 1],
      ],
    },
  ],
  calibration: { temperature: 1.42, fitted_on: 'validation split', before: { ece: 0.081, bins: bins(-0.1) }, after: { ece: 0.023, bins: bins(0) } },
  quantization: {
    scheme: 'uint8 affine',
    top1_agreement: 0.995,
    max_abs_probability_difference: 0.031,
    balanced_accuracy_float: 0.725,
    balanced_accuracy_quantized: 0.723,
  },
  ood: {
    method: 'Mahalanobis',
    lesions_declined: { internal_test: 0.02, validation_augmented: 0.015 },
    non_lesions_declined: { ood_natural: 0.9, ood_natural_n: 20, all: 0.92, accepted: ['cat.jpg'] },
  },
  saliency: { photos: 412, onLesion: { value: 0.69, ci: [0.67, 0.71] }, even: 0.5, peakOnLesion: 0.97 },
};

describe('<ModelCard>', () => {
  it('renders the headline numbers with intervals', () => {
    const { container } = render(<ModelCard metrics={full} names={names} />);
    const headline = container.querySelector('.card-headline')!;
    expect(headline.textContent).toContain('72.3% (95% CI 69.0–75.0%)');
    expect(headline.textContent).toContain('88.0% (95% CI 86.0–90.0%)');
    expect(headline.textContent).toContain('test 1515 (1000)');
  });

  it('draws one ROC chart per Figure 3 task, titled from the taxonomy names, with AUC and CI', () => {
    const { container } = render(<ModelCard metrics={full} names={names} />);
    const charts = container.querySelectorAll('.card-roc');
    expect(charts).toHaveLength(2);
    expect(charts[0]!.textContent).toContain('Melanoma vs Melanocytic nevus');
    expect(charts[0]!.textContent).toContain('AUC 0.912 (95% CI 0.880–0.940)');
    expect(charts[1]!.textContent).toContain('Basal cell carcinoma + Actinic keratosis vs Benign keratosis');
    expect(charts[0]!.querySelector('path.card-roc-curve')?.getAttribute('d')).toMatch(/^M/);
  });

  it('renders an accessible confusion matrix with row-normalised shading', () => {
    render(<ModelCard metrics={full} names={names} />);
    const table = screen.getByRole('table', { name: /true diagnosis/ });
    expect(within(table).getAllByRole('row')).toHaveLength(8);
    expect(within(table).getByRole('rowheader', { name: 'Melanoma' })).toBeTruthy();
    const diag = table.querySelector('.card-confusion-cell--diagonal') as HTMLElement;
    expect(diag.textContent).toBe('8');
    expect(diag.style.background).toContain('0.571');
  });

  it('renders per-class rows, calibration and robustness', () => {
    const { container } = render(<ModelCard metrics={full} names={names} />);
    const per = screen.getByRole('table', { name: /Per diagnosis/ });
    expect(within(per).getAllByRole('row')).toHaveLength(8);
    expect(within(per).getByRole('rowheader', { name: 'Dermatofibroma' }).parentElement!.textContent).toContain('not available');
    const cal = container.querySelector('.card-calibration')!;
    expect(cal.textContent).toContain('ECE 8.1%');
    expect(cal.textContent).toContain('ECE 2.3%');
    expect(cal.textContent).toContain('T = 1.420');
    expect(cal.querySelectorAll('circle')).toHaveLength(8);
    const rob = container.querySelector('.card-robustness')!;
    expect(rob.textContent).toContain('99.5%');
    expect(rob.textContent).toContain('−0.2 points');
    expect(rob.textContent).toContain('ood natural');
    expect(rob.textContent).not.toContain('ood natural n');
    expect(rob.textContent).toContain('cat.jpg');
    const shifts = within(rob as HTMLElement).getByRole('table', { name: /changed before the model sees them/ });
    expect(
      within(shifts)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['ConditionBalanced accuracyBenign vs malignant', 'unchanged photos72.3%88.0%', 'warm light70.1%87.0%', 'soft focus65.0%not available']);
    const sal = within(rob as HTMLElement).getByRole('region', { name: 'Saliency map and the lesion' }).textContent!;
    expect(sal).toContain('On 412 test photos');
    expect(sal).toContain('69.0% (95% CI 67.0–71.0%) of the map fell on the lesion, which covers 50.0% of the view');
    expect(sal).toContain('in 97.0% of them');
  });

  it('shows the share of each photo kind on each measuring set, its target, and that no real clinical photos were used', () => {
    const metrics: ModelMetrics = {
      photoKind: {
        method: 'three-way logistic regression',
        clinicalFittedWithout: 'No real clinical photos were available.',
        sets: [
          { key: 'fit_a', set: 'fit set', role: 'fit', n: 10, expected: 'dermoscopic', shares: { dermoscopic: 1, clinical: 0, other: 0 } },
          {
            key: 'internal_test',
            set: 'HAM10000 internal test',
            role: 'measure',
            n: 750,
            expected: 'dermoscopic',
            shares: { dermoscopic: 0.984, clinical: 0.012, other: 0.004 },
            target: 0.97,
            met: true,
          },
          {
            key: 'camera_test',
            set: 'camera-like views',
            role: 'measure',
            n: 300,
            expected: 'clinical',
            shares: { dermoscopic: 0.3, clinical: 0.65, other: 0.05 },
            target: 0.8,
            met: false,
          },
        ],
      },
    };
    render(<ModelCard metrics={metrics} names={names} />);
    const table = screen.getByTestId('photo-kind-table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3); // header + the two measuring sets; the fit set is not shown
    expect(rows[1]!.textContent).toMatch(/HAM10000 internal test.*750.*98\.4%.*1\.2%.*0\.4%.*dermoscopic ≥ 97%: met/);
    expect(rows[2]!.textContent).toMatch(/camera-like views.*65\.0%.*clinical ≥ 80%: missed/);
    expect(screen.getByTestId('photo-kind-caveat').textContent).toMatch(/No real clinical photos/);
  });

  it('says which real photos the clinical kind was learnt from, and shows the cap on "other" for real skin photos', () => {
    const metrics: ModelMetrics = {
      photoKind: {
        clinicalFittedOn: 'real photos taken without a dermatoscope: PAD-UFES-20 train',
        sets: [
          {
            key: 'pad_test',
            set: 'PAD-UFES-20 test',
            role: 'measure',
            n: 158,
            expected: 'clinical',
            shares: { dermoscopic: 0.08, clinical: 0.89, other: 0.03 },
            target: 0.9,
            maxOther: 0.02,
            met: false,
          },
        ],
      },
    };
    render(<ModelCard metrics={metrics} names={names} />);
    const rows = within(screen.getByTestId('photo-kind-table')).getAllByRole('row');
    expect(rows[1]!.textContent).toMatch(/PAD-UFES-20 test.*158.*89\.0%.*clinical ≥ 90%, other ≤ 2%: missed/);
    expect(screen.getByTestId('photo-kind-fitted-on').textContent).toMatch(/learnt from real photos taken without a dermatoscope: PAD-UFES-20/);
    expect(screen.queryByTestId('photo-kind-caveat')).toBeNull();
  });

  it('always states provenance, backbone, intended use and limits', () => {
    const { container } = render(<ModelCard metrics={null} names={names} />);
    const about = container.querySelector('.card-about')!.textContent!;
    expect(about).toContain('HAM10000');
    expect(about).toContain('CC BY-NC 4.0');
    expect(about).toContain('Tschandl');
    expect(about).toContain('MobileNetV2');
    expect(about).toContain('Apache-2.0');
    expect(about).toMatch(/not a diagnosis/);
    expect(about).toMatch(/dermoscopic images only/);
    expect(about).toMatch(/skin-tone/);
    expect(container.querySelector('[data-testid=trained-on-isic]')).toBeNull();
  });

  it('states the next-step rule with the thresholds the page uses (core/next-step.ts)', () => {
    render(<ModelCard metrics={null} names={names} />);
    const rule = screen.getByTestId('card-next-step').textContent!.replace(/\s+/g, ' ');
    expect(rule).toMatch(/never reassures where the model is weak/);
    expect(rule).toMatch(/“See a doctor soon” when the malignant group has 50% or more, whatever the photo/);
    expect(rule).toMatch(/“Keep an eye on it” only when the malignant group has under 20%, the top diagnosis at least 50%/);
    expect(rule).toMatch(/said to be taken through a dermatoscope, the photo-kind check agreeing, and far from both boundaries \(under 80%.*50% or more\)/);
    expect(rule).toMatch(
      /“have a doctor or nurse look”: always for a photo taken without a dermatoscope, one the model is unsure of, one near a boundary, and one whose kind the person did not give/,
    );
  });

  it('names and attributes the ISIC Archive images when the model was trained on them', () => {
    const metrics = { ...full, model: { ...full.model, trained_on: ['ham10000', 'isic2017', 'isic_archive_extra'] } };
    const { container } = render(<ModelCard metrics={metrics} names={names} />);
    const isic = screen.getByTestId('trained-on-isic').textContent!;
    expect(isic).toContain('ISIC 2017');
    expect(isic).toContain('Codella');
    expect(isic).toContain('265 further archive images');
    expect(isic).toMatch(/test images and PH2 were only measured/);
    expect(container.querySelector('.card-about')!.textContent).toContain('HAM10000');
    expect(container.querySelector('.card-about')!.textContent).not.toMatch(/essentially one clinic network/);
  });

  it('says "not available" for every missing section instead of crashing', () => {
    const { container } = render(<ModelCard metrics={null} names={names} />);
    const missing = [...container.querySelectorAll('.card-missing')].map((e) => e.textContent);
    for (const what of [
      'ROC curves',
      'Confusion matrix',
      'Per-diagnosis results',
      'Calibration',
      'Quantization check',
      'Out-of-scope rates',
      'Camera and light check',
      'Saliency check',
      'Photo kinds',
    ]) {
      expect(missing).toContain(`${what}: not available.`);
    }
  });

  it('tolerates malformed sections', () => {
    const broken = {
      test: { balancedAccuracy: { value: 'x' }, confusion: { labels: ['a', 'b'], matrix: [[1]] }, perClass: 'nope' },
      roc: [{ task: 't', positive: ['mel'], negative: ['nv'], n: 3, auc: {}, points: 'bad' }],
      calibration: { before: { ece: 0.1, bins: 'bad' } },
      quantization: {},
      ood: { lesions_declined: { a: 'x' } },
      photoKind: { sets: 'bad' },
    } as unknown as ModelMetrics;
    const { container } = render(<ModelCard metrics={broken} names={names} />);
    expect(container.textContent).toContain('Confusion matrix: not available.');
    expect(container.textContent).toContain('Calibration: not available.');
    expect(container.textContent).toContain('(curve not available)');
    expect(container.innerHTML).not.toMatch(/NaN/);
  });
});

describe('model card helpers', () => {
  it('formats', () => {
    expect(pct(0.1234)).toBe('12.3%');
    expect(pct(undefined)).toBe('not available');
    expect(pctCi({ value: 0.5 })).toBe('50.0%');
    expect(pctCi({ value: 0.5, ci: [0.4, 0.6] })).toBe('50.0% (95% CI 40.0–60.0%)');
    expect(aucCi({ value: 0.9, ci: [0.85, Number.NaN] })).toBe('0.900');
  });
  it('computes geometry from clean data only', () => {
    expect(
      unitPath(
        [
          [0, 0],
          [1, 1],
        ],
        100,
        0,
      ),
    ).toBe('M0,100L100,0');
    expect(unitPath([[0, 'x'], null], 100, 0)).toBe('');
    expect(
      reliabilityPoints([
        { confidence: 0.5, accuracy: 0.4, count: 3 },
        { confidence: null, accuracy: null, count: 0 },
      ]),
    ).toEqual([[0.5, 0.4, 3]]);
    expect(
      rowNormalise([
        [1, 3],
        [0, 0],
      ]),
    ).toEqual([
      [0.25, 0.75],
      [0, 0],
    ]);
  });
});

describe('confusion cell text colour', () => {
  const luminance = (rgb: number[]): number => {
    const lin = (c: number): number => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(rgb[0]!) + 0.7152 * lin(rgb[1]!) + 0.0722 * lin(rgb[2]!);
  };
  it('meets WCAG AA contrast (4.5:1) on every shade from 0 to 1', () => {
    let worst = Infinity;
    for (let i = 0; i <= 1000; i++) {
      const a = i / 1000;
      const bg = [0, 114, 178].map((c) => 255 * (1 - a) + c * a);
      const fg = textOn(a) === '#000' ? [0, 0, 0] : [255, 255, 255];
      const [hi, lo] = [luminance(bg), luminance(fg)].sort((x, y) => y - x) as [number, number];
      worst = Math.min(worst, (hi + 0.05) / (lo + 0.05));
    }
    console.log(`worst confusion-cell contrast ${worst.toFixed(2)}:1`);
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
