/** The card's photo-kind section: what share of each evaluation set the app takes as dermoscopic, clinical or other. */
import { NotAvailable } from './NotAvailable';
import { num, pct } from './format';
import { TableScroll } from './TableScroll';
import type { PhotoKindMetrics, PhotoKindSet } from './types';

/** Props of {@link PhotoKindTable}. */
export interface PhotoKindTableProps {
  /** "photoKind": the fit (metrics.json) and its measurement (photo-kind.json), merged (reports.ts). */
  photoKind: PhotoKindMetrics | undefined;
}

const KINDS = ['dermoscopic', 'clinical', 'other'] as const;

/** "clinical ≥ 90%, other ≤ 2%: met", or "none" for a set measured without a target. */
function targetText(r: PhotoKindSet): string {
  if (!r.expected || num(r.target) === undefined) return 'none';
  const other = num(r.maxOther) !== undefined ? `, other ≤ ${pct(r.maxOther, 0)}` : '';
  return `${r.expected} ≥ ${pct(r.target, 0)}${other}: ${r.met ? 'met' : 'missed'}`;
}

/** Measuring sets only (the fit and calibration sets are in metrics.json), each with its target and whether it was met. */
export function PhotoKindTable({ photoKind }: PhotoKindTableProps) {
  const rows = (Array.isArray(photoKind?.sets) ? photoKind.sets : []).filter((r) => r && typeof r === 'object' && r.role === 'measure');
  if (rows.length === 0) return <NotAvailable what="Photo kinds" />;
  return (
    <>
      <p className="card-note">
        Before analysing, the app decides what kind of photo it was given: a dermoscopic lesion photo (analysed), a photo of skin taken without a dermatoscope
        (clinical: explained, the model's guess only on request, under a warning), or not a photo of skin (other: declined).
      </p>
      {photoKind?.clinicalFittedWithout ? (
        <p className="card-note" data-testid="photo-kind-caveat">
          <strong>{photoKind.clinicalFittedWithout}</strong> How it does on real phone photos of skin is not measured here.
        </p>
      ) : null}
      {photoKind?.clinicalFittedOn ? (
        <p className="card-note" data-testid="photo-kind-fitted-on">
          The clinical kind was learnt from {photoKind.clinicalFittedOn}.
        </p>
      ) : null}
      <TableScroll label="Photo kinds per set">
        <table className="card-table card-photo-kind" data-testid="photo-kind-table">
          <caption className="card-table-caption">
            Share of each measuring set taken as each kind of photo (where a set, or crops of it, was also used to fit the check, its name says so)
          </caption>
          <thead>
            <tr>
              <th scope="col">Set</th>
              <th scope="col">Images</th>
              {KINDS.map((k) => (
                <th scope="col" key={k}>
                  {k}
                </th>
              ))}
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key ?? r.set}>
                <th scope="row">{r.set ?? r.key}</th>
                <td>{num(r.n) ?? '?'}</td>
                {KINDS.map((k) => (
                  <td key={k} className={k === r.expected ? 'card-strong' : undefined}>
                    {pct(r.shares?.[k])}
                  </td>
                ))}
                <td>{targetText(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {photoKind?.method ? <p className="card-note">Method: {photoKind.method}.</p> : null}
    </>
  );
}
