import { describe, expect, it } from 'vitest';
import { axisLayout, unitScales } from '../../../../src/features/model-card/format';
import { textWidth } from '../../../../src/ui/textWidth';

const percent = (v: number) => `${Math.round(v * 100)}%`;

describe('axisLayout', () => {
  for (const [name, ticks, format] of [
    ['ROC (fractions)', [0, 0.25, 0.5, 0.75, 1], String],
    ['calibration (percentages)', [0, 0.2, 0.4, 0.6, 0.8, 1], percent],
  ] as const) {
    it(`${name}: the y title clears the y tick values, and the x title sits below the x tick values`, () => {
      const a = axisLayout(300, ticks, format);
      expect(a.yTicks.map((t) => t.label)).toEqual(ticks.map((v) => format(v)));
      // The turned y title occupies x in [yTitle.x - font/2, yTitle.x + font/2]; tick values end at yTicks[].x.
      const titleRight = a.yTitle.x + a.titleFont / 2;
      const ticksLeft = Math.min(...a.yTicks.map((t) => t.x - textWidth(t.label, a.tickFont)));
      expect(titleRight).toBeLessThan(ticksLeft);
      expect(a.yTitle.x - a.titleFont / 2).toBeGreaterThanOrEqual(0);
      const tickBottom = Math.max(...a.xTicks.map((t) => t.y + a.tickFont / 2));
      expect(a.xTitle.y - a.titleFont / 2).toBeGreaterThan(tickBottom);
      expect(a.xTitle.y + a.titleFont / 2).toBeLessThanOrEqual(300);
      // The last x tick value fits inside the drawing on the right.
      const last = a.xTicks[a.xTicks.length - 1]!;
      expect(last.x + textWidth(last.label, a.tickFont) / 2).toBeLessThanOrEqual(300);
      // Ticks sit on the plot's scale.
      const s = unitScales(300, a.margin);
      expect(a.xTicks.map((t) => t.x)).toEqual(ticks.map((v) => s.x(v)));
      expect(a.yTicks.map((t) => t.y)).toEqual(ticks.map((v) => s.y(v)));
    });
  }
  it('leaves most of the drawing to the plot', () => {
    const a = axisLayout(300, [0, 0.5, 1], String);
    expect(300 - a.margin.left - a.margin.right).toBeGreaterThan(220);
    expect(300 - a.margin.top - a.margin.bottom).toBeGreaterThan(220);
  });
});
