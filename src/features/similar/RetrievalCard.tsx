/**
 * The model card's section on the similar cases: how often the majority diagnosis of a test image's eight nearest
 * other test images is its true one, beside the classifier's own accuracy on the same images (cases/retrieval.json,
 * written by training/similar_cases.py).
 */
import { pctCi } from '../model-card/format';
import { NotAvailable } from '../model-card/NotAvailable';
import { TableScroll } from '../model-card/TableScroll';
import type { WithCi } from '../model-card/types';

/** The scores of one way of predicting a diagnosis. */
interface Scored {
  accuracy: WithCi;
  balancedAccuracy: WithCi;
}

/** public/cases/retrieval.json. */
export interface Retrieval {
  model: string;
  command: string;
  k: number;
  images: number;
  about: string;
  imageLeftOut: Scored;
  lesionLeftOut: Scored;
  classifier: Scored;
}

/** Props of {@link RetrievalTable}. */
export interface RetrievalTableProps {
  /** Parsed retrieval.json, or null when it could not be loaded. */
  retrieval: Retrieval | null;
}

/** The table, or "not available". */
export function RetrievalTable({ retrieval: r }: RetrievalTableProps) {
  if (!r?.imageLeftOut || !r.lesionLeftOut || !r.classifier) return <NotAvailable what="The evaluation of the similar cases" />;
  const rows: [string, Scored][] = [
    [`majority of the ${r.k} nearest other test images`, r.imageLeftOut],
    [`the same, other images of the same lesion left out too`, r.lesionLeftOut],
    ['the classifier (top diagnosis)', r.classifier],
  ];
  return (
    <>
      <p>
        On the internal test ({r.images} images), each image's {r.k} nearest other test images in the model's feature space (the ones the page shows) vote for a
        diagnosis. HAM10000 often has several photos of one lesion, so the second row also leaves out the image's other photos, as a new patient's lesion would
        be.
      </p>
      <TableScroll label="Similar cases: how well they agree">
        <table className="card-table" data-testid="retrieval-table">
          <thead>
            <tr>
              <th scope="col">diagnosis from</th>
              <th scope="col">accuracy</th>
              <th scope="col">balanced accuracy</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([what, s]) => (
              <tr key={what}>
                <th scope="row">{what}</th>
                <td>{pctCi(s.accuracy)}</td>
                <td>{pctCi(s.balancedAccuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="hint">
        Model {r.model}; <code>{r.command}</code>.
      </p>
    </>
  );
}

/** Props of {@link RetrievalCard}. */
export interface RetrievalCardProps {
  /** retrieval.json: undefined while it loads, null when it could not be loaded. */
  retrieval: Retrieval | null | undefined;
}

/** The card section. */
export function RetrievalCard({ retrieval }: RetrievalCardProps) {
  return (
    <section className="card-section" aria-labelledby="card-h-similar">
      <h3 id="card-h-similar">Similar cases: how well do they agree?</h3>
      {retrieval === undefined ? <p className="hint">Loading…</p> : <RetrievalTable retrieval={retrieval} />}
    </section>
  );
}
