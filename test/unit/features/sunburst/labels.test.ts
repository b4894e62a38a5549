import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../../../src/core/format';
import { LABELS } from '../../../fixtures/labels';
import { aggregate, type Taxonomy } from '../../../../src/core/taxonomy';
import { arcLabels, fitCentre, inkOn, labelPath } from '../../../../src/features/sunburst/labels';
import { arcColour, layoutSunburst } from '../../../../src/features/sunburst/layout';
import { textWidth } from '../../../../src/ui/textWidth';

const taxonomy = JSON.parse(readFileSync(new URL('../../../../public/model/taxonomy.json', import.meta.url), 'utf8')) as Taxonomy;
// akiec bcc bkl df mel nv vasc
const tree = aggregate(taxonomy.root, LABELS, [0.02, 0.02, 0.04, 0.03, 0.54, 0.31, 0.04]);
const layout = layoutSunburst(tree, { radius: 160, centreFraction: 0.3 });

describe('textWidth', () => {
  it('grows with the text and the font, wide letters wider than narrow ones', () => {
    expect(textWidth('', 12)).toBe(0);
    expect(textWidth('Melanoma', 12)).toBeGreaterThan(textWidth('Melan', 12));
    expect(textWidth('Melanoma', 14)).toBeGreaterThan(textWidth('Melanoma', 12));
    expect(textWidth('mmmm', 10)).toBeGreaterThan(textWidth('iiii', 10) * 2);
    expect(textWidth('Melanoma', 12, true)).toBeGreaterThan(textWidth('Melanoma', 12));
  });
});

describe('arcLabels', () => {
  const labels = arcLabels(layout.arcs, formatPercent);
  const byId = new Map(labels.map((l) => [l.id, l]));
  const arc = (id: string) => layout.arcs.find((a) => a.id === id)!;

  it('labels the big arcs with their name and percentage, and leaves out the slivers', () => {
    expect(byId.get('mel')?.lines.map((l) => l.text)).toEqual(['Melanoma 54%']);
    expect(byId.get('malignant')?.lines.map((l) => l.text)).toEqual(['Malignant or premalignant 58%']);
    expect(
      byId
        .get('nv')
        ?.lines.map((l) => l.text)
        .join(' '),
    ).toMatch(/^Melanocytic nevus\s31%$/);
    for (const id of ['akiec', 'bcc', 'df']) expect(byId.has(id), id).toBe(false);
  });

  it('draws a label only where every line fits inside its arc', () => {
    expect(labels.length).toBeGreaterThan(3);
    for (const l of labels) {
      const a = arc(l.id);
      for (const line of l.lines) {
        expect(line.radius - l.fontSize / 2).toBeGreaterThanOrEqual(a.y0);
        expect(line.radius + l.fontSize / 2).toBeLessThanOrEqual(a.y1);
        expect(textWidth(line.text, l.fontSize)).toBeLessThanOrEqual((a.x1 - a.x0) * (line.radius - l.fontSize / 2));
      }
    }
  });

  it('turns the lower half round so the text reads upright, keeping the first line on top', () => {
    const top = labels.find((l) => Math.cos((l.a0 + l.a1) / 2) > 0)!;
    const bottom = labels.find((l) => Math.cos((l.a0 + l.a1) / 2) < 0)!;
    expect(top.flipped).toBe(false);
    expect(bottom.flipped).toBe(true);
    // Where "name pct" is too long for the arc, the name goes over the percentage.
    const even = layoutSunburst(aggregate(taxonomy.root, LABELS, [0.1, 0.2, 0.2, 0.05, 0.2, 0.2, 0.05]), { radius: 160, centreFraction: 0.3 });
    const twoLine = new Map(arcLabels(even.arcs, formatPercent).map((l) => [l.id, l]));
    const upper = twoLine.get('benign-melanocytic')!;
    const lower = twoLine.get('benign-epidermal')!;
    expect(upper.lines.map((l) => l.text)).toEqual(['Benign melanocytic', '20%']);
    expect(lower.lines.map((l) => l.text)).toEqual(['Benign epidermal', '20%']);
    // Upright on the upper half the first line is the outer one; turned round on the lower half, the inner one.
    expect(upper.flipped).toBe(false);
    expect(upper.lines[0]!.radius).toBeGreaterThan(upper.lines[1]!.radius);
    expect(lower.flipped).toBe(true);
    expect(lower.lines[0]!.radius).toBeLessThan(lower.lines[1]!.radius);
  });

  it('gives nothing for empty or zero arcs, and nothing when no size fits', () => {
    const zero = layoutSunburst(aggregate(taxonomy.root, LABELS, new Array(LABELS.length).fill(0)), { radius: 160 });
    expect(arcLabels(zero.arcs, formatPercent)).toEqual([]);
    expect(arcLabels(layout.arcs, formatPercent, { fontSizes: [60] })).toEqual([]);
  });
});

describe('labelPath', () => {
  it('runs clockwise on the upper half and anticlockwise (reversed) on the lower half', () => {
    expect(labelPath(0, Math.PI / 2, 100, false)).toBe('M0.00,-100.00A100,100 0 0 1 100.00,-0.00');
    expect(labelPath(Math.PI / 2, Math.PI, 100, true)).toBe('M0.00,100.00A100,100 0 0 0 100.00,-0.00');
  });
  it('cuts a full turn short, with the large-arc flag set', () => {
    const d = labelPath(0, 2 * Math.PI, 50, false);
    expect(d).toMatch(/^M0\.00,-50\.00A50,50 0 1 1 /);
    expect(d).not.toMatch(/NaN/);
  });
});

describe('fitCentre', () => {
  /** Every line's far corners lie inside the disc. */
  const inside = (t: ReturnType<typeof fitCentre>, r: number): boolean =>
    [...t.lines, t.value].every((line, i) => {
      const y = Math.abs(t.top + i * t.step) + t.step / 2;
      const half = textWidth(line, t.fontSize, true) / 2;
      return y * y + half * half <= r * r;
    });

  it('wraps a long group name to stay inside the disc, at the largest size that fits', () => {
    const t = fitCentre('Malignant or premalignant', '58%', 48);
    expect(t.lines.join(' ')).toBe('Malignant or premalignant');
    expect(t.lines.length).toBeGreaterThan(1);
    expect(inside(t, 48)).toBe(true);
    expect(fitCentre('Melanoma', '54%', 48)).toMatchObject({ lines: ['Melanoma'], fontSize: 13 });
  });

  it('shrinks the font before it gives up, and cuts a word that never fits with an ellipsis', () => {
    const small = fitCentre("Actinic keratosis / Bowen's disease", '2%', 40);
    expect(small.fontSize).toBeLessThan(13);
    expect(inside(small, 40)).toBe(true);
    const cut = fitCentre('Supercalifragilisticexpialidocious', '1%', 30);
    expect(cut.lines).toHaveLength(1);
    expect(cut.lines[0]).toMatch(/…$/);
    expect(textWidth(cut.lines[0]!, cut.fontSize, true)).toBeLessThanOrEqual(2 * 30);
  });
});

describe('inkOn', () => {
  it('picks the text colour with the higher contrast, so every drawn label is legible', () => {
    expect(inkOn('#0072B2')).toBe('#fff');
    expect(inkOn('#E69F00')).toBe('#000');
    expect(inkOn('#ffffff')).toBe('#000');
    expect(inkOn('rgb(0, 0, 0)')).toBe('#fff');
    expect(inkOn('not a colour')).toBe('#000');
    for (let branch = 0; branch < 4; branch++) for (let depth = 1; depth <= 3; depth++) expect(['#000', '#fff']).toContain(inkOn(arcColour(branch, depth)));
  });
});
