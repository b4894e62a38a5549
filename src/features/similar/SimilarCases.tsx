/**
 * The eight internal-test images nearest to a photo in the model's feature space, as thumbnails with their
 * diagnosis, whether it was biopsy-proven, and how close they are; one of them can be opened larger with the model's
 * result for it. Loads the pack (and the thumbnail sprite) only when it is first shown.
 */
import { useMemo, useState } from 'react';
import { Unavailable } from '../offline/Unavailable';
import { caseText, similarCases, type CaseFilter, type CasePack, type SimilarCase } from './cases';
import { CaseDetail } from './CaseDetail';
import { usePack, useTile } from './load';
import './similar.css';

/** Props of {@link SimilarCases}. */
export interface SimilarCasesProps {
  /** The photo's ood_proj coordinates (Prediction.z). */
  z: readonly number[];
  /** Model labels in output order. */
  labels: readonly string[];
  /** Display name per taxonomy node id, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
  /** Only cases of these diagnoses (a chosen sunburst node's leaves), never this lesion. */
  filter?: CaseFilter;
  /** What the cases are restricted to, for the heading ("Melanoma"); none for all diagnoses. */
  scope?: string;
  /** Whether to show the images' attribution (false where the surrounding view already does). */
  attribution?: boolean;
}

/** The panel. */
export function SimilarCases({ z, labels, names, filter, scope, attribution = true }: SimilarCasesProps) {
  const [state, retry] = usePack();
  return (
    <section className="similar" data-testid="similar-cases" aria-labelledby="similar-heading">
      <h3 id="similar-heading">Similar test cases{scope ? `: ${scope}` : ''}</h3>
      {state.kind === 'loading' && <p className="hint">Loading similar cases…</p>}
      {state.kind === 'error' && <Unavailable what="The similar cases" problem={state.problem} onRetry={retry} testId="similar-unavailable" />}
      {state.kind === 'done' && <Loaded pack={state.value} z={z} labels={labels} names={names} filter={filter} attribution={attribution} />}
    </section>
  );
}

function Loaded({ pack, z, labels, names, filter, attribution }: { pack: CasePack } & Omit<SimilarCasesProps, 'scope'>) {
  const cases = useMemo(() => {
    try {
      return similarCases(z, pack, 8, filter);
    } catch {
      return null;
    }
  }, [z, pack, filter]);
  const [open, setOpen] = useState<number | null>(null);
  if (!cases) return <p className="hint">This model's features do not match the case pack, so no similar cases can be shown.</p>;
  const opened = cases.find((c) => c.index === open);
  const { bands } = pack.index;
  return (
    <>
      <p className="hint">
        The {cases.length} photos of the model's test set (diagnoses known, never used in training) that the model finds most like this one. Closeness bands are
        fitted on other photos: a "{bands.names[0]}" neighbour had the same diagnosis {Math.round(bands.validation_same_diagnosis[0] * 100)}% of the time there,
        a "{bands.names[2]}" one {Math.round(bands.validation_same_diagnosis[2] * 100)}%.
      </p>
      <ul className="similar-grid">
        {cases.map((c) => (
          <li key={c.index}>
            <Thumb pack={pack} c={c} names={names} pressed={open === c.index} onOpen={() => setOpen(open === c.index ? null : c.index)} />
          </li>
        ))}
      </ul>
      {opened && <CaseDetail pack={pack} c={opened} labels={labels} names={names} onClose={() => setOpen(null)} />}
      {attribution && <p className="attribution">{pack.index.attribution}.</p>}
    </>
  );
}

function Thumb({
  pack,
  c,
  names,
  pressed,
  onOpen,
}: {
  pack: CasePack;
  c: SimilarCase;
  names: Readonly<Record<string, string>>;
  pressed: boolean;
  onOpen: () => void;
}) {
  const url = useTile(pack, c.index);
  const t = caseText(c, pack, names);
  return (
    <button type="button" className="similar-case" aria-pressed={pressed} onClick={onOpen} data-label={c.record.label}>
      {url ? <img src={url} width={64} height={64} alt={`Test case: ${t.diagnosis}`} /> : <span className="similar-placeholder" aria-hidden="true" />}
      <span className="similar-diagnosis" data-testid="similar-diagnosis">
        {t.diagnosis}
      </span>
      <span className={`similar-proof${c.record.biopsy ? ' similar-proof--histo' : ''}`}>{t.proof}</span>
      <span className={`similar-band similar-band--${c.band}`}>{t.band}</span>
    </button>
  );
}
