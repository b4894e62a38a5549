// @vitest-environment jsdom
// Renders the card and the map from the real public/model/ files that training/export and the measuring steps write;
// skipped until they exist, so a fresh checkout without a trained model still passes.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import taxonomyJson from '../../../public/model/taxonomy.json';
import { placeAmongNeighbours, type EmbeddingPoint } from '../../../src/core/embedding';
import { LABELS } from '../../fixtures/labels';
import { allNodes, type Taxonomy } from '../../../src/core/taxonomy';
import { EmbeddingMap } from '../../../src/features/map/EmbeddingMap';
import { ModelCard } from '../../../src/features/model-card/ModelCard';
import { mergeReports, REPORT_FILES } from '../../../src/features/model-card/reports';
import type { ModelMetrics } from '../../../src/features/model-card/types';

afterEach(cleanup);

const dir = resolve(process.cwd(), 'public/model');
const names = Object.fromEntries(allNodes((taxonomyJson as Taxonomy).root).map((n) => [n.id, n.name]));
const metricsPath = resolve(dir, 'metrics.json');
const embeddingPath = resolve(dir, 'embedding.json');
for (const p of [metricsPath, embeddingPath]) if (!existsSync(p)) console.log(`SKIPPED the test on ${p}: it is missing (python3 -m training.export writes it)`);

describe('public/model files render', () => {
  it.skipIf(!existsSync(metricsPath))('metrics.json with the reports beside it fills every card section', () => {
    const read = (file: string): unknown => JSON.parse(readFileSync(resolve(dir, file), 'utf8'));
    const raw = read('metrics.json') as ModelMetrics;
    const reports = { crossClinic: read(REPORT_FILES.crossClinic), photoKind: read(REPORT_FILES.photoKind) };
    // Each report measured this export's model version (the printed card checks the metadata digest too).
    for (const r of Object.values(reports)) expect((r as { measured?: { version?: string } }).measured?.version).toBe(raw.model?.version);
    const metrics = mergeReports(raw, reports);
    const { container } = render(<ModelCard metrics={metrics} names={names} />);
    expect(container.querySelectorAll('.card-missing')).toHaveLength(0);
    expect(container.querySelectorAll('.card-roc path.card-roc-curve')).toHaveLength(2);
    expect(container.innerHTML).not.toMatch(/NaN|undefined/);
  });

  it.skipIf(!existsSync(embeddingPath))('embedding.json draws every point and places a test image among its own', () => {
    const emb = JSON.parse(readFileSync(embeddingPath, 'utf8')) as { points: EmbeddingPoint[] };
    const first = emb.points[0]!;
    const user = placeAmongNeighbours(first.z, emb.points, 10);
    expect(user.neighbours[0]).toMatchObject({ index: 0, distance: 0 });
    const { container } = render(<EmbeddingMap points={emb.points} labels={LABELS} names={names} user={user} />);
    expect(container.querySelectorAll('circle.map-point')).toHaveLength(emb.points.length);
    expect(container.querySelector('.map-summary')?.textContent).toMatch(/nearest test images/);
  });
});
