/** Float-vs-quantized deltas, out-of-scope rates, the sharper-crop check, camera/light shifts and where the saliency map looks. */
import { num, pct, pctCi } from './format';
import { NotAvailable } from './NotAvailable';
import { ShiftTable } from './ShiftTable';
import { TableScroll } from './TableScroll';
import type { ModelMetrics } from './types';

/** Props of {@link Robustness}. */
export interface RobustnessProps {
  /** The whole metrics file (quantization, ood, sharp, shifted and saliency are read). */
  metrics: ModelMetrics;
}

/** "internal_test_sharp_224" -> "internal test sharp 224". */
const words = (key: string): string => key.replace(/[_-]+/g, ' ');

/** Rows of a {key: fraction} record; counts (keys ending in _n) and lists are skipped. */
function rateRows(record: unknown): [string, number][] {
  if (!record || typeof record !== 'object') return [];
  return Object.entries(record as Record<string, unknown>)
    .filter(([k, v]) => !k.endsWith('_n') && num(v) !== undefined)
    .map(([k, v]) => [k, v as number]);
}

/** Small sections, one per check. */
export function Robustness({ metrics }: RobustnessProps) {
  const q = metrics.quantization;
  const bf = num(q?.balanced_accuracy_float);
  const bq = num(q?.balanced_accuracy_quantized);
  const lesions = rateRows(metrics.ood?.lesions_declined);
  const others = rateRows(metrics.ood?.non_lesions_declined);
  const accepted = metrics.ood?.non_lesions_declined?.accepted;
  const held = metrics.ood?.heldout_natural;
  const sharp = metrics.sharp;
  const sal = metrics.saliency;
  return (
    <div className="card-robustness">
      <section className="card-subsection" aria-label="Quantized weights">
        <h4>Shipped (quantized) vs float weights</h4>
        {q && typeof q === 'object' ? (
          <ul className="card-list">
            {q.scheme ? <li>Encoding: {q.scheme}</li> : null}
            <li>Same top diagnosis: {pct(q.top1_agreement)} of test images</li>
            <li>
              Largest probability difference:{' '}
              {num(q.max_abs_probability_difference) !== undefined
                ? `${((q.max_abs_probability_difference ?? 0) * 100).toFixed(2)} percentage points`
                : 'not available'}
            </li>
            <li>
              Balanced accuracy: float {pct(bf)}, quantized {pct(bq)}
              {bf !== undefined && bq !== undefined ? ` (${bq - bf >= 0 ? '+' : '−'}${Math.abs((bq - bf) * 100).toFixed(1)} points)` : ''}
            </li>
          </ul>
        ) : (
          <NotAvailable what="Quantization check" />
        )}
      </section>
      <section className="card-subsection" aria-label="Out-of-scope test">
        <h4>Out-of-scope test</h4>
        {lesions.length || others.length ? (
          <>
            {metrics.ood?.method ? <p className="card-note">{metrics.ood.method}.</p> : null}
            <TableScroll label="Out-of-scope rates">
              <table className="card-table card-ood">
                <caption className="card-table-caption">Share of images the app declines as out of scope</caption>
                <tbody>
                  {lesions.map(([k, v]) => (
                    <tr key={`l-${k}`}>
                      <th scope="row">Lesion images: {words(k)}</th>
                      <td>{pct(v)}</td>
                    </tr>
                  ))}
                  {others.map(([k, v]) => (
                    <tr key={`o-${k}`}>
                      <th scope="row">Non-lesion images: {words(k)}</th>
                      <td>{pct(v)}</td>
                    </tr>
                  ))}
                  {held && num(held.declined) !== undefined ? (
                    <tr>
                      <th scope="row">
                        Non-lesion images not used to build the test ({num(held.n) ?? '?'} views{held.about ? `: ${held.about}` : ''})
                      </th>
                      <td>{pct(held.declined)}</td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </TableScroll>
            {Array.isArray(accepted) && accepted.length > 0 ? <p className="card-note">Non-lesion images it still accepted: {accepted.join(', ')}.</p> : null}
          </>
        ) : (
          <NotAvailable what="Out-of-scope rates" />
        )}
      </section>
      <section className="card-subsection" aria-label="Sharper crops">
        <h4>Sharper crops</h4>
        {sharp && num(sharp.balancedAccuracy) !== undefined ? (
          <p>
            On {sharp.view ?? 'sharper crops'} ({num(sharp.images) ?? '?'} images): balanced accuracy {pct(sharp.balancedAccuracy)}, accuracy{' '}
            {pct(sharp.accuracy)}.
          </p>
        ) : (
          <NotAvailable what="Sharper-crop check" />
        )}
      </section>
      <section className="card-subsection" aria-label="Camera and light">
        <h4>Other cameras and lamps</h4>
        <ShiftTable shifted={metrics.shifted} />
      </section>
      <section className="card-subsection" aria-label="Saliency map and the lesion">
        <h4>Does the saliency map look at the lesion?</h4>
        {sal && num(sal.onLesion?.value) !== undefined ? (
          <p>
            On {num(sal.photos) ?? '?'} test photos with the lesion outlined (HAM10000 segmentation masks), {pctCi(sal.onLesion)} of the map fell on the lesion,
            which covers {pct(sal.even)} of the view (an evenly spread map would score that); the map&apos;s brightest spot lay on the lesion in{' '}
            {pct(sal.peakOnLesion)} of them.
          </p>
        ) : (
          <NotAvailable what="Saliency check" />
        )}
      </section>
    </div>
  );
}
