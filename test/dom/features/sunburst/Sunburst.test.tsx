// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import taxonomyJson from '../../../../public/model/taxonomy.json';
import { LABELS } from '../../../fixtures/labels';
import { aggregate, flatten, type AggregatedNode, type Taxonomy } from '../../../../src/core/taxonomy';
import { Sunburst } from '../../../../src/features/sunburst/Sunburst';
import { SunburstTable } from '../../../../src/features/sunburst/SunburstTable';
import { ProbabilityList } from '../../../../src/features/results/ProbabilityList';

afterEach(cleanup);

/** The centre disc's name, its lines joined. */
const centreName = (c: Element): string => [...c.querySelectorAll('.sunburst-centre-name tspan')].map((t) => t.textContent).join(' ');

const taxonomy = taxonomyJson as Taxonomy;
const probs = [0.05, 0.1, 0.15, 0.02, 0.12, 0.5, 0.06];
const tree = aggregate(taxonomy.root, LABELS, probs);
const nameOf = (id: string) => flatten(tree).find((n) => n.id === id)!.name;

describe('<Sunburst>', () => {
  it('renders one focusable arc per node except the root, labelled with name and percentage', () => {
    const { container } = render(<Sunburst root={tree} selectedId={undefined} onSelect={() => {}} />);
    const arcs = container.querySelectorAll('path.sunburst-arc');
    expect(arcs).toHaveLength(flatten(tree).length - 1);
    for (const a of arcs) {
      expect(a.getAttribute('tabindex')).toBe('0');
      expect(a.getAttribute('role')).toBe('button');
      expect(a.getAttribute('d')).toMatch(/^M/);
    }
    expect(screen.getByRole('button', { name: `${nameOf('mel')} 12%` })).toBeTruthy();
    expect(container.querySelector('path[data-id="mel"] title')?.textContent).toBe(`${nameOf('mel')} 12%`);
  });

  it('colours benign and malignant branches differently', () => {
    const { container } = render(<Sunburst root={tree} selectedId={undefined} onSelect={() => {}} />);
    const fill = (id: string) => container.querySelector(`path[data-id="${id}"]`)!.getAttribute('fill');
    expect(fill('benign')).not.toBe(fill('malignant'));
    expect(container.querySelector('path[data-id="nv"]')!.classList.contains('sunburst-arc--branch-0')).toBe(true);
    expect(container.querySelector('path[data-id="mel"]')!.classList.contains('sunburst-arc--branch-1')).toBe(true);
  });

  it('selects on click, Enter and Space, and zooms into a group', () => {
    const onSelect = vi.fn();
    const { container } = render(<Sunburst root={tree} selectedId={undefined} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: `${nameOf('mel')} 12%` }));
    expect(onSelect).toHaveBeenLastCalledWith('mel');
    fireEvent.keyDown(screen.getByRole('button', { name: `${nameOf('nv')} 50%` }), { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('nv');
    fireEvent.keyDown(screen.getByRole('button', { name: `${nameOf('malignant')} 27%` }), { key: ' ' });
    expect(onSelect).toHaveBeenLastCalledWith('malignant');
    // Zoomed: only the malignant subtree is drawn.
    expect(container.querySelector('path[data-id="nv"]')).toBeNull();
    expect(container.querySelectorAll('path.sunburst-arc')).toHaveLength(5);
    // The centre zooms back out and selects the parent.
    fireEvent.click(container.querySelector('.sunburst-centre')!);
    expect(onSelect).toHaveBeenLastCalledWith(taxonomy.root.id);
    expect(container.querySelector('path[data-id="nv"]')).not.toBeNull();
  });

  it('shows the selected node in the centre and the hovered node in the live text', () => {
    const { container } = render(<Sunburst root={tree} selectedId="mel" onSelect={() => {}} />);
    expect(centreName(container)).toBe(nameOf('mel'));
    expect(container.querySelector('.sunburst-centre-value')?.textContent).toBe('12%');
    expect(container.querySelector('path[data-id="mel"]')!.classList.contains('sunburst-arc--selected')).toBe(true);
    fireEvent.mouseEnter(container.querySelector('path[data-id="bcc"]')!);
    expect(container.querySelector('.sunburst-live')?.textContent).toBe(`${nameOf('bcc')} 10%`);
    fireEvent.mouseLeave(container.querySelector('path[data-id="bcc"]')!);
    expect(container.querySelector('.sunburst-live')?.textContent).toBe(`${nameOf('mel')} 12%`);
  });

  it('copes with zero probabilities and an unknown selection', () => {
    const zero = aggregate(taxonomy.root, LABELS, new Array(LABELS.length).fill(0));
    const { container } = render(<Sunburst root={zero} selectedId="not-a-node" onSelect={() => {}} />);
    expect(container.querySelectorAll('path.sunburst-arc')).toHaveLength(flatten(zero).length - 1);
    expect(container.innerHTML).not.toMatch(/NaN/);
    expect(container.querySelector('.sunburst-live')?.textContent).toMatch(/No probabilities/);
    expect(centreName(container)).toBe(taxonomy.root.name);
  });

  it('renders an empty tree (root only) without arcs', () => {
    const lone: AggregatedNode = { id: 'r', name: 'Only', description: '', depth: 0, probability: Number.NaN, leaves: ['r'], children: [] };
    const { container } = render(<Sunburst root={lone} selectedId={undefined} onSelect={() => {}} />);
    expect(container.querySelectorAll('path.sunburst-arc')).toHaveLength(0);
    expect(container.querySelector('.sunburst-centre-value')?.textContent).toBe('n/a');
  });
});

describe('<Sunburst> labels', () => {
  it('labels the arcs that have room along the arc, hidden from screen readers (the arcs say the same)', () => {
    const { container } = render(<Sunburst root={tree} selectedId={undefined} onSelect={() => {}} />);
    const labels = [...container.querySelectorAll('text.sunburst-label')];
    expect(labels.map((l) => l.textContent)).toContain(`${nameOf('nv')} 50%`);
    expect(labels.map((l) => l.getAttribute('data-id'))).not.toContain('df');
    expect(container.querySelector('.sunburst-labels')?.getAttribute('aria-hidden')).toBe('true');
    // Each label runs along its own path.
    for (const l of labels) {
      const href = l.querySelector('textPath')?.getAttribute('href') ?? '';
      expect(container.querySelector(`path[id="${href.slice(1)}"]`)?.getAttribute('d')).toMatch(/^M.*A/);
    }
  });

  it('wraps a long name in the centre disc onto lines, with the value below', () => {
    const { container } = render(<Sunburst root={tree} selectedId="malignant" onSelect={() => {}} />);
    expect(container.querySelectorAll('.sunburst-centre-name tspan').length).toBeGreaterThan(1);
    expect(centreName(container)).toBe(nameOf('malignant'));
    expect(container.querySelector('.sunburst-centre-value')?.textContent).toBe('27%');
  });
});

describe('<SunburstTable>', () => {
  it('lists every node with indentation and percentage, and selects on click', () => {
    const onSelect = vi.fn();
    const { container } = render(<SunburstTable root={tree} selectedId="mel" onSelect={onSelect} />);
    const rows = container.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(flatten(tree).length);
    const melRow = [...rows].find((r) => r.textContent?.includes(nameOf('mel')))!;
    expect(melRow.textContent).toContain('12%');
    expect(melRow.classList.contains('sunburst-table-row--selected')).toBe(true);
    expect(melRow.getAttribute('data-depth')).toBe('3');
    fireEvent.click(screen.getByRole('button', { name: nameOf('bcc') }));
    expect(onSelect).toHaveBeenCalledWith('bcc');
    expect(screen.getByRole('button', { name: nameOf('mel') }).getAttribute('aria-pressed')).toBe('true');
    // Each group and diagnosis has its arc's colour; the root (the centre disc) has none.
    expect(melRow.querySelector('.sunburst-swatch')).not.toBeNull();
    expect(rows[0]!.querySelector('.sunburst-swatch')).toBeNull();
  });
  it('handles NaN probabilities', () => {
    const bad = aggregate(taxonomy.root, LABELS, new Array(LABELS.length).fill(Number.NaN));
    const { container } = render(<SunburstTable root={bad} selectedId={undefined} onSelect={() => {}} />);
    expect(container.querySelectorAll('tbody tr')).toHaveLength(flatten(bad).length);
    expect(container.textContent).toContain('n/a');
  });
});

describe('one percent rule in the list and the sunburst', () => {
  it('writes 0.996 as ">99%" in the probability list, on its arc and in the table', () => {
    const p = [0.001, 0.001, 0.001, 0.0005, 0.0005, 0.996, 0];
    const sure = aggregate(taxonomy.root, LABELS, p);
    const list = render(<ProbabilityList leaves={flatten(sure).filter((n) => n.children.length === 0)} />);
    expect(list.container.querySelector('li[data-label="nv"] .prob-value')?.textContent).toBe('>99%');
    expect(list.container.querySelector('li[data-label="vasc"] .prob-value')?.textContent).toBe('0%');
    cleanup();
    const sun = render(<Sunburst root={sure} selectedId="nv" onSelect={() => {}} />);
    expect(sun.container.querySelector('.sunburst-centre-value')?.textContent).toBe('>99%');
    expect(sun.container.querySelector('path[data-id="nv"] title')?.textContent).toBe(`${nameOf('nv')} >99%`);
    cleanup();
    const table = render(<SunburstTable root={sure} selectedId={undefined} onSelect={() => {}} />);
    const nvRow = [...table.container.querySelectorAll('tbody tr')].find((r) => r.textContent?.includes(nameOf('nv')));
    expect(nvRow?.querySelector('.sunburst-table-value')?.textContent).toBe('>99%');
  });
});
