import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LABELS } from '../../../fixtures/labels';
import { aggregate, flatten, type Taxonomy } from '../../../../src/core/taxonomy';
import { arcColour, cleanProbability, layoutSunburst } from '../../../../src/features/sunburst/layout';

const taxonomy = JSON.parse(readFileSync(new URL('../../../../public/model/taxonomy.json', import.meta.url), 'utf8')) as Taxonomy;
const probs = [0.05, 0.1, 0.15, 0.02, 0.12, 0.5, 0.06];
const tree = aggregate(taxonomy.root, LABELS, probs);
const TAU = 2 * Math.PI;

describe('layoutSunburst', () => {
  const L = layoutSunburst(tree, { radius: 100 });
  const byId = new Map(L.arcs.map((a) => [a.id, a]));

  it('draws every node except the root, which is the centre', () => {
    expect(L.arcs).toHaveLength(flatten(tree).length - 1);
    expect(L.centre.id).toBe(taxonomy.root.id);
    expect(L.centre.probability).toBeCloseTo(1);
    expect(L.total).toBeCloseTo(1);
    for (const a of L.arcs) expect(a.d).toMatch(/^M/);
  });

  it('gives each arc an angle proportional to its probability', () => {
    for (const n of flatten(tree).slice(1)) {
      const a = byId.get(n.id)!;
      expect(a.x1 - a.x0).toBeCloseTo(TAU * n.probability, 9);
      expect(a.probability).toBeCloseTo(n.probability, 12);
    }
  });

  it('nests child arcs within their parents, in the next ring out', () => {
    const walk = (n: typeof tree): void => {
      const p = byId.get(n.id);
      let sum = 0;
      for (const c of n.children) {
        const a = byId.get(c.id)!;
        if (p) {
          expect(a.x0).toBeGreaterThanOrEqual(p.x0 - 1e-9);
          expect(a.x1).toBeLessThanOrEqual(p.x1 + 1e-9);
          expect(a.y0).toBeCloseTo(p.y1);
        }
        sum += a.x1 - a.x0;
        walk(c);
      }
      if (p && n.children.length) expect(sum).toBeCloseTo(p.x1 - p.x0, 9);
    };
    walk(tree);
    const top = tree.children.map((c) => byId.get(c.id)!);
    expect(top.reduce((s, a) => s + a.x1 - a.x0, 0)).toBeCloseTo(TAU);
    expect(Math.max(...L.arcs.map((a) => a.y1))).toBeCloseTo(100);
  });

  it('colours by top-level branch', () => {
    const benignLeaf = byId.get('nv')!;
    const malignantLeaf = byId.get('mel')!;
    expect(benignLeaf.branch).toBe(0);
    expect(malignantLeaf.branch).toBe(1);
    expect(arcColour(0, 1)).not.toBe(arcColour(1, 1));
    expect(arcColour(0, 1)).not.toBe(arcColour(0, 3));
  });

  it('focuses: the focused node becomes the centre and its descendants fill the circle', () => {
    const F = layoutSunburst(tree, { radius: 100, focusId: 'malignant' });
    expect(F.centre.id).toBe('malignant');
    expect(F.centre.parentId).toBe(taxonomy.root.id);
    const ids = F.arcs.map((a) => a.id).sort();
    expect(ids).toEqual(['akiec', 'bcc', 'malignant-epidermal', 'malignant-melanocytic', 'mel']);
    const ring = F.arcs.filter((a) => a.depth === 2);
    expect(ring.reduce((s, a) => s + a.x1 - a.x0, 0)).toBeCloseTo(TAU);
    const mel = F.arcs.find((a) => a.id === 'mel')!;
    expect(mel.x1 - mel.x0).toBeCloseTo((TAU * 0.12) / (0.05 + 0.1 + 0.12));
    expect(Math.min(...F.arcs.map((a) => a.y0))).toBeGreaterThan(0);
    expect(Math.max(...F.arcs.map((a) => a.y1))).toBeCloseTo(100);
  });

  it('gives the centre disc the share asked for and splits the rest evenly among the rings', () => {
    const C = layoutSunburst(tree, { radius: 100, centreFraction: 0.3 });
    expect(C.centre.radius).toBeCloseTo(30);
    const rings = [1, 2, 3].map((d) => C.arcs.find((a) => a.depth === d)!);
    expect(rings.map((a) => a.y0)).toEqual([30, 30 + 70 / 3, 30 + 140 / 3].map((v) => expect.closeTo(v, 9)));
    expect(rings[2]!.y1).toBeCloseTo(100);
    // Zoomed in, the disc keeps its share and the two rings left share the rest.
    const Z = layoutSunburst(tree, { radius: 100, centreFraction: 0.3, focusId: 'malignant' });
    expect(Z.centre.radius).toBeCloseTo(30);
    expect(Z.arcs.find((a) => a.id === 'mel')!.y0).toBeCloseTo(65);
    // Out of range: one ring's worth, as without the option.
    expect(layoutSunburst(tree, { radius: 100, centreFraction: 2 }).centre.radius).toBeCloseTo(25);
  });

  it('falls back to the root for an unknown focus', () => {
    expect(layoutSunburst(tree, { radius: 100, focusId: 'nope' }).centre.id).toBe(taxonomy.root.id);
  });

  it('handles all-zero and NaN probabilities without NaN output', () => {
    for (const bad of [new Array(LABELS.length).fill(0), new Array(LABELS.length).fill(Number.NaN)]) {
      const Z = layoutSunburst(aggregate(taxonomy.root, LABELS, bad), { radius: 100 });
      expect(Z.total).toBe(0);
      for (const a of Z.arcs) {
        expect(a.x0).toBe(0);
        expect(a.x1).toBe(0);
        expect(a.probability).toBe(0);
        expect(a.d).not.toMatch(/NaN/);
      }
    }
    const mixed = aggregate(taxonomy.root, LABELS, [NaN, -1, 0.5, 0, 0, 0.5, 0]);
    const M = layoutSunburst(mixed, { radius: 50 });
    expect(M.total).toBeCloseTo(1);
    expect(M.arcs.find((a) => a.id === 'akiec')!.x1 - M.arcs.find((a) => a.id === 'akiec')!.x0).toBe(0);
  });

  it('handles a lone root and a bad radius', () => {
    const lone = { id: 'r', name: 'R', description: '', depth: 0, probability: 1, leaves: ['r'], children: [] };
    const R = layoutSunburst(lone, { radius: Number.NaN });
    expect(R.arcs).toEqual([]);
    expect(R.centre.id).toBe('r');
  });
});

describe('cleanProbability', () => {
  it('reads what cannot be drawn as 0', () => {
    expect(cleanProbability(-1)).toBe(0);
    expect(cleanProbability(Infinity)).toBe(0);
  });
});
