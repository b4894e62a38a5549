/** The shipped case pack (public/cases/, training/similar_cases.py) agrees with the model folder and keeps its promises. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leavesOf, type Taxonomy } from '../../../../src/core/taxonomy';
import { makePack, type CaseIndex } from '../../../../src/features/similar/cases';
import { parseTeachSet } from '../../../../src/features/teach/round';

const dir = path.resolve('public', 'cases');
const model = path.resolve('public', 'model');
const present = fs.existsSync(path.join(dir, 'index.json')) && fs.existsSync(path.join(model, 'embedding.json'));
const read = (f: string): unknown => JSON.parse(fs.readFileSync(f, 'utf8'));
if (!present)
  console.log(
    `SKIPPED the case-pack tests: ${path.join(dir, 'index.json')} or ${path.join(model, 'embedding.json')} is missing (training/similar_cases.py writes them)`,
  );

describe.skipIf(!present)('public/cases', () => {
  const index = present ? (read(path.join(dir, 'index.json')) as CaseIndex) : null;
  it('matches the map point for point and names only model labels', () => {
    const pack = makePack(index, read(path.join(model, 'embedding.json')));
    const labels = (read(path.join(model, 'metadata.json')) as { labels: string[] }).labels;
    expect(pack.index.cases.every((c) => labels.includes(c.label) && c.p.length === labels.length)).toBe(true);
    expect(leavesOf((read(path.join(model, 'taxonomy.json')) as Taxonomy).root).sort()).toEqual([...labels].sort());
  });
  it('has a teaching set of at least 100 cases covering every diagnosis, one image per lesion', () => {
    const set = parseTeachSet(read(path.join(dir, 'teach.json')), index?.cases.length ?? 0);
    const cases = set.cases.map((i) => index?.cases[i]);
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c?.label)).size).toBe((read(path.join(model, 'metadata.json')) as { labels: string[] }).labels.length);
    expect(new Set(cases.map((c) => c?.lesion)).size).toBe(cases.length);
    expect(set.sprite.side).toBe((read(path.join(model, 'metadata.json')) as { input: { size: number } }).input.size);
  });
  it('stays within about 4 MB, with the sizes the index records, and says where the images come from', () => {
    const thumbs = fs.statSync(path.join(dir, index?.sprite.file ?? '')).size;
    const teach = fs.statSync(path.join(dir, 'teach.jpg')).size;
    expect(thumbs).toBe(index?.sprite.bytes);
    expect(thumbs + teach + fs.statSync(path.join(dir, 'index.json')).size).toBeLessThan(4e6);
    expect(index?.attribution).toMatch(/HAM10000.*CC BY-NC 4\.0/);
    // Columns x rows of tiles cover every case.
    expect((index?.sprite.columns ?? 0) * Math.ceil((index?.cases.length ?? 0) / (index?.sprite.columns ?? 1))).toBeGreaterThanOrEqual(
      index?.cases.length ?? 1,
    );
  });
  it('bands grow outward and were fitted on validation', () => {
    const [a, b] = index?.bands.edges ?? [0, 0];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(index?.bands.fitted_on).toMatch(/^validation/);
  });
});
