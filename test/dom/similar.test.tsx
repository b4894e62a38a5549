// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimilarCases } from '../../src/features/similar/SimilarCases';
import { RetrievalTable, type Retrieval } from '../../src/features/similar/RetrievalCard';
import { caseIndex } from '../fixtures/cases';

const labels = ['akiec', 'bcc', 'bkl', 'df', 'mel', 'nv', 'vasc'];
const names: Record<string, string> = { nv: 'Melanocytic nevus', mel: 'Melanoma', bkl: 'Benign keratosis' };
const cases = Array.from({ length: 12 }, (_, i) => ({
  id: `ISIC_${i}`,
  label: i < 6 ? 'nv' : i < 9 ? 'mel' : 'bkl',
  biopsy: i % 3 === 0,
  lesion: i,
  p: labels.map((l) => (l === 'mel' ? 0.7 : 0.05)),
}));
const index = caseIndex(cases);
const embedding = { points: cases.map((c, i) => ({ x: 0, y: 0, label: c.label, z: [i * 0.1] })) };

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const body = url.endsWith('cases/index.json') ? index : url.endsWith('model/embedding.json') ? embedding : null;
      return body ? new Response(JSON.stringify(body)) : new Response('', { status: 404 });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<SimilarCases>', () => {
  it('shows the eight nearest cases with taxonomy names, how each was confirmed, its band and the attribution', async () => {
    render(<SimilarCases z={[0]} labels={labels} names={names} />);
    await waitFor(() => expect(screen.getAllByTestId('similar-diagnosis')).toHaveLength(8));
    expect(screen.getAllByTestId('similar-diagnosis').map((e) => e.textContent)).toEqual([...Array(6).fill('Melanocytic nevus'), 'Melanoma', 'Melanoma']);
    const first = screen.getAllByRole('button')[0]!;
    expect(first.textContent).toContain('biopsy-proven');
    expect(first.textContent).toContain('very similar');
    expect(screen.getAllByRole('button')[7]!.textContent).toContain('loosely similar');
    expect(screen.getByTestId('similar-cases').textContent).toContain('CC BY-NC 4.0');
  });

  it('keeps to the given diagnoses and opens a case with its model result', async () => {
    render(<SimilarCases z={[0]} labels={labels} names={names} filter={{ labels: ['mel', 'bkl'] }} scope="Malignant" />);
    await waitFor(() => expect(screen.getAllByTestId('similar-diagnosis')).toHaveLength(6));
    expect(screen.getByRole('heading').textContent).toBe('Similar test cases: Malignant');
    fireEvent.click(screen.getAllByRole('button')[0]!);
    expect(screen.getByTestId('case-model-result').textContent).toBe("The model's result for this photo: Melanoma (70%), which is right.");
    fireEvent.keyDown(screen.getByTestId('case-detail'), { key: 'Escape' });
    expect(screen.queryByTestId('case-detail')).toBeNull();
  });
});

describe('<RetrievalTable>', () => {
  const s = (v: number) => ({ accuracy: { value: v, ci: [v - 0.02, v + 0.02] }, balancedAccuracy: { value: v - 0.2, ci: [v - 0.25, v - 0.15] } });
  it('puts the neighbours vote beside the classifier, with the command', () => {
    const r: Retrieval = {
      model: '1.3.1',
      command: 'python3 training/similar_cases.py',
      k: 8,
      images: 1469,
      about: '',
      imageLeftOut: s(0.8),
      lesionLeftOut: s(0.77),
      classifier: s(0.75),
    };
    render(<RetrievalTable retrieval={r} />);
    const rows = screen.getAllByRole('row').map((row) => row.textContent);
    expect(rows[1]).toContain('80.0%');
    expect(rows[3]).toContain('the classifier');
    expect(screen.getByText('python3 training/similar_cases.py')).toBeTruthy();
  });
  it('says when the evaluation is missing', () => {
    render(<RetrievalTable retrieval={null} />);
    expect(screen.getByText(/not available/).textContent).toContain('similar cases');
  });
});
