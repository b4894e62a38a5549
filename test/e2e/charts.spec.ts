/**
 * Charts that can be read without hovering: the sunburst's arcs are labelled where they fit, its list of groups
 * and diagnoses is always shown and the centre text stays inside the disc; similar-case names wrap inside their
 * cards; the model card's charts are big enough, with the ROC y title clear of the tick values and calibration
 * axes with values; the map's dots open their test image by click and by keyboard.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { eightLoaded, hasPack, NO_PACK } from './cases-helpers';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

type Node = { children?: Node[] };
const count = (n: Node): number => 1 + (n.children ?? []).reduce((s, c) => s + count(c), 0);
/** Every taxonomy node, the root included: one row each in the sunburst's list. */
const nodes = (): number => count((JSON.parse(fs.readFileSync(path.resolve('public', 'model', 'taxonomy.json'), 'utf8')) as { root: Node }).root);

/** Boxes (viewport pixels) of the elements a locator matches. */
const boxes = (l: Locator) => l.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
const overlap = (a: DOMRect, b: DOMRect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Whether every line of the centre text lies inside the centre disc (a 1 px allowance for antialiasing). */
async function centreFits(page: Page): Promise<boolean> {
  return page.locator('.sunburst-centre').evaluate((g) => {
    const disc = (g.querySelector('circle') as SVGCircleElement).getBoundingClientRect();
    const cx = disc.left + disc.width / 2;
    const cy = disc.top + disc.height / 2;
    const r = disc.width / 2 + 1;
    return [...g.querySelectorAll('tspan, .sunburst-centre-value')].every((t) => {
      const b = t.getBoundingClientRect();
      return [b.left, b.right].every((x) => [b.top, b.bottom].every((y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r));
    });
  });
}

for (const viewport of [
  { width: 1200, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`at ${viewport.width} px the sunburst is labelled, lists its groups and keeps its centre text in the disc; similar-case names wrap`, async ({
    page,
  }) => {
    test.skip(!hasModel, NO_MODEL);
    test.skip(!hasPack, NO_PACK);
    await page.setViewportSize(viewport);
    await openReady(page, '?backend=wasm');
    await analyse(page, lesionPhoto());
    await expect(page.getByTestId('top-prediction')).toBeVisible();
    // Labels on the arcs with room; each inside the chart.
    const labels = page.locator('text.sunburst-label');
    expect(await labels.count()).toBeGreaterThanOrEqual(2);
    const svg = (await page.locator('svg.sunburst-svg').boundingBox())!;
    for (const b of await boxes(labels)) {
      expect(b.left).toBeGreaterThanOrEqual(svg.x - 1);
      expect(b.right).toBeLessThanOrEqual(svg.x + svg.width + 1);
    }
    // The list of groups and diagnoses is on the page, not behind a disclosure.
    await expect(page.locator('.sunburst-table')).toBeVisible();
    await expect(page.locator('.sunburst-table tbody tr')).toHaveCount(nodes());
    expect(await centreFits(page)).toBe(true);
    // The longest group name, selected.
    await page.locator('svg path.sunburst-arc[data-id="malignant"]').press('Enter');
    await expect(page.locator('.sunburst-centre-name tspan').first()).toHaveText(/^Malignant/);
    expect(await centreFits(page)).toBe(true);
    // Similar-case names stay inside their cards.
    await eightLoaded(page);
    const spill = await page.locator('button.similar-case').evaluateAll((cards) =>
      cards.flatMap((c) => {
        const box = c.getBoundingClientRect();
        return [...c.querySelectorAll('span')]
          .filter((s) => s.getBoundingClientRect().right > box.right + 0.5 || s.scrollWidth > s.clientWidth + 1)
          .map((s) => s.textContent);
      }),
    );
    expect(spill).toEqual([]);
  });
}

test('the model card charts are readable: big enough, the ROC y title clear of its ticks, calibration axes with values', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  for (const viewport of [
    { width: 1200, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    await openReady(page, '?backend=wasm');
    await page.getByTestId('tab-model-card').click();
    const charts = page.locator('svg.card-roc-svg, svg.card-calibration-svg');
    await expect(charts).toHaveCount(3);
    for (const b of await boxes(charts)) expect(b.width, `${viewport.width} px`).toBeGreaterThanOrEqual(300);
    for (const chart of await charts.all()) {
      const title = (await boxes(chart.locator('text.card-plot-axis')))[1]!;
      for (const tick of await boxes(chart.locator('text.card-plot-tick'))) expect(overlap(title, tick)).toBe(false);
    }
    const calibrationTicks = await page.locator('svg.card-calibration-svg text.card-plot-tick').allTextContents();
    expect(calibrationTicks).toEqual(expect.arrayContaining(['0%', '20%', '40%', '60%', '80%', '100%']));
    expect(calibrationTicks).toHaveLength(12);
  }
});

test('a dot on the map opens its test image, by click and by keyboard, and Escape goes back to the dot', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.skip(!hasPack, NO_PACK);
  await openReady(page, '?backend=wasm');
  await page.getByTestId('tab-map').click();
  const dots = page.locator('circle.map-point');
  await expect(dots.first()).toBeAttached();
  // Click: the detail shows the dot's diagnosis and the model's result for that image.
  const dot = dots.nth(200);
  const diagnosis = ((await dot.getAttribute('aria-label')) ?? '').replace(/^Test image \d+: /, '');
  await dot.click({ force: true });
  const detail = page.getByTestId('case-detail');
  await expect(detail).toContainText(diagnosis);
  await expect(page.getByTestId('case-model-result')).toContainText(/The model's result for this photo: .+ \(\d+%\), which is (right|wrong)/);
  await expect(detail.locator('img')).toBeVisible();
  await expect(dot).toHaveAttribute('aria-pressed', 'true');
  await detail.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(dot).toBeFocused();
  // Keyboard: an arrow moves to another dot, Enter opens it.
  await page.keyboard.press('ArrowRight');
  const moved = page.locator('circle.map-point:focus');
  const index = await moved.getAttribute('data-index');
  expect(index).not.toBe(await dot.getAttribute('data-index'));
  await page.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await expect(page.locator(`circle.map-point[data-index="${index}"]`)).toHaveAttribute('aria-pressed', 'true');
  // A tap just beside a dot opens it too (a finger is wider than a dot).
  await detail.press('Escape');
  const box = (await dots.nth(500).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2 + 4, box.y + box.height / 2 + 3);
  await expect(detail).toBeVisible();
});
