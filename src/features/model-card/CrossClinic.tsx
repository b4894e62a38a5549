/** The internal test beside photos from clinics the model never learned from and phone photos, and the gap between them in words. */
import { aucCi, num, pct, pctCi } from './format';
import { NotAvailable } from './NotAvailable';
import { TableScroll } from './TableScroll';
import type { CrossClinicMetrics, CrossClinicSet } from './types';

/** Props of {@link CrossClinic}. */
export interface CrossClinicProps {
  /** metrics.json "crossClinic" (absent in models evaluated before the check existed). */
  cross: CrossClinicMetrics | undefined;
}

/** The set measured inside the training clinics; every other set is another clinic. */
const INTERNAL = 'internal_test';

/** A sentence on how far the melanoma-vs-nevus AUC falls outside the training clinics, from the numbers themselves. */
export function gapSentence(sets: Record<string, CrossClinicSet>): string | null {
  const inside = num(sets[INTERNAL]?.melanomaVsNevusAuc?.value);
  const outside = Object.entries(sets)
    .filter(([k]) => k !== INTERNAL)
    .map(([, s]) => ({ name: s.name ?? 'another clinic', auc: num(s.melanomaVsNevusAuc?.value) }))
    .filter((s): s is { name: string; auc: number } => s.auc !== undefined);
  if (inside === undefined || outside.length === 0) return null;
  const worst = outside.reduce((a, b) => (b.auc < a.auc ? b : a));
  const drop = inside - worst.auc;
  const parts = outside.map((s) => `${s.auc.toFixed(2)} on ${s.name}`);
  const others = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
  return drop > 0.02
    ? `Outside the two clinics it learned from, the model tells melanoma from nevus less well: AUC ${inside.toFixed(2)} on the internal test, ${others}. Treat its results on photos from other clinics, other dermatoscopes and phone cameras with more caution.`
    : `On photos from other clinics the model tells melanoma from nevus about as well as inside its training clinics: AUC ${inside.toFixed(2)} on the internal test, ${others}.`;
}

/** One column per set, one row per measure. */
export function CrossClinic({ cross }: CrossClinicProps) {
  const sets = cross?.sets && typeof cross.sets === 'object' ? cross.sets : {};
  const entries = Object.entries(sets).filter(([, s]) => s && typeof s === 'object');
  if (entries.length === 0) return <NotAvailable what="Other clinics' photos" />;
  const gap = gapSentence(sets);
  const rows: [string, (s: CrossClinicSet) => string][] = [
    ['Photos (melanomas / nevi)', (s) => `${num(s.images) ?? '?'} (${num(s.melanomas) ?? '?'} / ${num(s.nevi) ?? '?'})`],
    ['Balanced accuracy (classes present)', (s) => pctCi(s.balancedAccuracy)],
    ['Melanoma vs nevus AUC', (s) => aucCi(s.melanomaVsNevusAuc)],
    ['Malignant vs benign AUC', (s) => aucCi(s.malignantVsBenignAuc)],
    ['Melanoma sensitivity (top diagnosis)', (s) => pctCi(s.melanomaSensitivity)],
    ['Not analysed (held back as a phone photo, or declined)', (s) => pct(s.declined?.value)],
  ];
  return (
    <>
      {gap && <p data-testid="cross-clinic-gap">{gap}</p>}
      <TableScroll label="Inside and outside the training clinics">
        <table className="card-table card-cross-clinic">
          <caption className="card-table-caption">
            Each photo through the batch tool (the same model, crop and checks as this page); 95% intervals over lesions
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {entries.map(([k, s]) => (
                <th scope="col" key={k}>
                  {s.name ?? k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, cell]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {entries.map(([k, s]) => (
                  <td key={k}>{cell(s)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
