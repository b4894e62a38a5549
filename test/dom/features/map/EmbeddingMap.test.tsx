// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { placeAmongNeighbours, type EmbeddingPoint } from '../../../../src/core/embedding';
import { EmbeddingMap } from '../../../../src/features/map/EmbeddingMap';
import { labelColour, layoutMap, neighbourSummary } from '../../../../src/features/map/layout';
import { LABELS } from '../../../fixtures/labels';

afterEach(cleanup);

const labels = [...LABELS];
const names: Record<string, string> = { nv: 'Melanocytic nevus', mel: 'Melanoma', bkl: 'Benign keratosis', bcc: 'Basal cell carcinoma' };
const points: EmbeddingPoint[] = [
  ...Array.from({ length: 7 }, (_, i) => ({ x: i, y: i, label: 'nv', z: [i * 0.1, 0] })),
  ...Array.from({ length: 2 }, (_, i) => ({ x: 20 + i, y: 5, label: 'bkl', z: [1 + i * 0.1, 0] })),
  { x: -5, y: 30, label: 'mel', z: [1.5, 0] },
  { x: 50, y: 50, label: 'bcc', z: [9, 9] },
];

describe('<EmbeddingMap>', () => {
  it('draws one map-point per test image, coloured by diagnosis, with a legend', () => {
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={null} />);
    const dots = container.querySelectorAll('circle.map-point');
    expect(dots).toHaveLength(points.length);
    const nv = container.querySelector('circle.map-point--nv')!;
    const mel = container.querySelector('circle.map-point--mel')!;
    expect(nv.getAttribute('fill')).not.toBe(mel.getAttribute('fill'));
    const legend = [...container.querySelectorAll('.map-legend-item')].map((li) => li.textContent);
    expect(legend).toEqual(['Basal cell carcinoma', 'Benign keratosis', 'Melanoma', 'Melanocytic nevus']);
    expect(container.querySelector('.map-user')).toBeNull();
  });

  it('marks the user photo and summarises its neighbours', () => {
    const user = placeAmongNeighbours([0.3, 0], points, 10);
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={user} />);
    expect(container.querySelector('.map-user-label')?.textContent).toBe('your photo');
    expect(container.querySelector('.map-summary')?.textContent).toBe(
      '7 of its 10 nearest test images are melanocytic nevus; the others: 2 benign keratosis, 1 melanoma.',
    );
  });

  it('accepts a position without neighbours', () => {
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={{ x: 1, y: 1 }} />);
    expect(container.querySelector('.map-user')).not.toBeNull();
    expect(container.querySelector('.map-summary')?.textContent).toMatch(/placed among/);
  });

  it('handles an empty map and non-finite coordinates', () => {
    const { container } = render(<EmbeddingMap points={[]} labels={labels} names={names} user={null} />);
    expect(container.textContent).toMatch(/not available/);
    cleanup();
    const bad = [...points, { x: Number.NaN, y: 0, label: 'nv', z: [0, 0] }];
    const r = render(<EmbeddingMap points={bad} labels={labels} names={names} user={{ x: Number.NaN, y: 0 }} />);
    expect(r.container.querySelectorAll('circle.map-point')).toHaveLength(points.length);
    expect(r.container.querySelector('.map-user')).toBeNull();
    expect(r.container.innerHTML).not.toMatch(/NaN/);
  });
});

describe('<EmbeddingMap> with onSelect', () => {
  it('makes every dot a button, with one of them in the tab order, and opens a clicked dot', () => {
    const onSelect = vi.fn();
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={null} onSelect={onSelect} />);
    const dots = [...container.querySelectorAll('circle.map-point')];
    expect(dots.every((d) => d.getAttribute('role') === 'button')).toBe(true);
    expect(dots.filter((d) => d.getAttribute('tabindex') === '0')).toHaveLength(1);
    expect(container.querySelector('svg')?.getAttribute('role')).toBe('group');
    fireEvent.click(screen.getByRole('button', { name: 'Test image 10: Melanoma' }));
    expect(onSelect).toHaveBeenCalledWith(9);
  });

  it('moves between dots with the arrow keys and opens one with Enter or Space', () => {
    const onSelect = vi.fn();
    const user = placeAmongNeighbours([0.3, 0], points, 10);
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={user} onSelect={onSelect} />);
    // The keyboard starts at the test image nearest to the photo (point 3, z = 0.3).
    const start = container.querySelector('circle.map-point[tabindex="0"]') as SVGElement;
    expect(start.getAttribute('data-index')).toBe('3');
    start.focus();
    // Right of point 3 (3, 3) lie the benign keratoses at (20, 5); the next nevus (4, 4) is up the diagonal.
    fireEvent.keyDown(start, { key: 'ArrowRight' });
    expect(document.activeElement?.getAttribute('data-index')).toBe('7');
    // Left of them, on their row, is the nevus at (5, 5); up the diagonal from it, the one at (6, 6).
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    expect(document.activeElement?.getAttribute('data-index')).toBe('5');
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    expect(document.activeElement?.getAttribute('data-index')).toBe('6');
    expect(container.querySelector('circle.map-point[tabindex="0"]')?.getAttribute('data-index')).toBe('6');
    fireEvent.keyDown(document.activeElement as Element, { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith(6);
    fireEvent.keyDown(document.activeElement as Element, { key: ' ' });
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it('marks the opened dot', () => {
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={null} selected={10} onSelect={() => {}} />);
    expect(container.querySelector('circle.map-opened')).not.toBeNull();
    expect(container.querySelector('circle[data-index="10"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('circle[data-index="10"]')?.getAttribute('tabindex')).toBe('0');
  });

  it('without onSelect, the dots are drawing only', () => {
    const { container } = render(<EmbeddingMap points={points} labels={labels} names={names} user={null} />);
    expect(container.querySelector('circle.map-point[role]')).toBeNull();
    expect(container.querySelector('circle.map-point[tabindex]')).toBeNull();
  });
});

describe('map layout', () => {
  it('scales points into the box, with y flipped', () => {
    const L = layoutMap(
      [
        { x: 0, y: 0, label: 'a' },
        { x: 10, y: 10, label: 'b' },
      ],
      null,
      100,
      100,
      10,
    );
    expect(L.points[0]).toMatchObject({ cx: 10, cy: 90 });
    expect(L.points[1]).toMatchObject({ cx: 90, cy: 10 });
    const one = layoutMap([{ x: 3, y: 3, label: 'a' }], null, 100, 100, 10);
    expect(one.points[0]).toMatchObject({ cx: 50, cy: 50 });
  });
  it('summaries: unanimous, single, and empty', () => {
    const n = (label: string, index: number) => ({ label, index, distance: index });
    expect(neighbourSummary([n('nv', 0), n('nv', 1)], names)).toBe('All 2 of its nearest test images are melanocytic nevus.');
    expect(neighbourSummary([n('mel', 0), n('nv', 1), n('bkl', 2)], names)).toBe(
      '1 of its 3 nearest test images is melanoma; the others: 1 melanocytic nevus, 1 benign keratosis.',
    );
    expect(neighbourSummary([], names)).toMatch(/No neighbouring/);
    expect(neighbourSummary([n('zzz', 0)], names)).toMatch(/zzz/);
  });
  it('gives unknown labels grey', () => {
    expect(labelColour('zzz', labels)).toBe('#999999');
    expect(new Set(labels.map((l) => labelColour(l, labels))).size).toBe(labels.length);
  });
});
