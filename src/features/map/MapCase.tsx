/**
 * The test image opened from the map: its thumbnail, true diagnosis and the model's result for it (the similar
 * cases' detail panel), from the case pack, loaded when the first dot is opened. Offline and not saved, it says so.
 */
import { Unavailable } from '../offline/Unavailable';
import { caseAt } from '../similar/cases';
import { CaseDetail } from '../similar/CaseDetail';
import { usePack } from '../similar/load';
import '../similar/similar.css';

/** Props of {@link MapCase}. */
export interface MapCaseProps {
  /** The point's index (the map's points and the pack's cases are in the same order). */
  index: number;
  /** The user's photo's coordinates, to say how close the case is; null without a photo. */
  z: readonly number[] | null;
  /** Model labels in output order. */
  labels: readonly string[];
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
  onClose: () => void;
}

/** The panel. */
export function MapCase({ index, z, labels, names, onClose }: MapCaseProps) {
  const [state, retry] = usePack();
  if (state.kind === 'loading') return <p className="hint">Loading the test image…</p>;
  if (state.kind === 'error') return <Unavailable what="The test images" problem={state.problem} onRetry={retry} testId="map-case-unavailable" />;
  const c = caseAt(state.value, index, z);
  if (!c) return <p className="hint">This test image is not in the case pack.</p>;
  return (
    <div className="map-case" data-testid="map-case">
      <CaseDetail pack={state.value} c={c} labels={labels} names={names} onClose={onClose} />
      <p className="attribution">{state.value.index.attribution}.</p>
    </div>
  );
}
