/** One in-scope result: top diagnosis, plain-language summary and next step, all probabilities, sunburst, saliency. */
import { useMemo } from 'react';
import { countWord, formatPercent } from '../../core/format';
import { findNode, flatten, type AggregatedNode } from '../../core/taxonomy';
import { SaliencyOverlay } from '../saliency/SaliencyOverlay';
import { Sunburst } from '../sunburst/Sunburst';
import { SunburstTable } from '../sunburst/SunburstTable';
import { useStore } from '../../store';
import type { AnalysisResult, DecodedPhoto, View } from '../../store/types';
import { ClinicalBanner } from './ClinicalBanner';
import { ProbabilityList } from './ProbabilityList';
import { summarise } from './summary';

/** Props of {@link ResultView}. */
export interface ResultViewProps {
  /** The finished, in-scope analysis. */
  result: AnalysisResult;
  /** The photo it was for (its crop is drawn under the saliency map). */
  photo: DecodedPhoto | null;
  /** Model labels in output order (metadata.labels). */
  labels: readonly string[];
  /** Called when the user picks a sunburst node or table row. */
  onSelectNode: (id: string) => void;
  /** Opens another view (map, model card). */
  onOpenView: (v: View) => void;
}

/** Side of the cropped photo drawn under the saliency map. */
const OVERLAY_SIZE = 320;

/** The result. */
export function ResultView({ result, photo, labels, onSelectNode, onOpenView }: ResultViewProps) {
  const selectedId = useStore((s) => s.selectedNodeId);
  const saliency = useStore((s) => s.saliency);
  const opacity = useStore((s) => s.opacity);
  const setOpacity = useStore((s) => s.setOpacity);
  const tree = result.tree;
  const leaves = useMemo(() => flatten(tree).filter((n) => n.children.length === 0), [tree]);
  const top = findNode(tree, labels[result.topIndex] ?? '') as AggregatedNode | undefined;
  const selected = (selectedId ? findNode(tree, selectedId) : undefined) ?? top;

  const cropCanvas = useMemo(() => {
    if (!photo || photo.id !== result.photoId) return null;
    const c = document.createElement('canvas');
    c.width = OVERLAY_SIZE;
    c.height = OVERLAY_SIZE;
    const { x, y, size } = result.crop;
    c.getContext('2d')?.drawImage(photo.source, x, y, size, size, 0, 0, OVERLAY_SIZE, OVERLAY_SIZE);
    return c;
  }, [photo, result]);

  if (!top) return null;
  // A clinical result is only on screen when the person asked to see it anyway: the sunburst and saliency views carry
  // the warning too. It and an 'unsure' decision say why the model is unsure, and never reassure (summary.ts).
  const clinical = result.decision.outcome === 'clinical';
  const summary = summarise(tree, top, result.decision);
  const map = saliency.kind === 'done' && saliency.jobId === result.jobId && saliency.nodeId === selected?.id ? saliency.map : null;

  return (
    <div
      className="result"
      data-outcome={summary.outcome}
      data-next-step={summary.next.step}
      data-standing={summary.next.standing}
      data-photo-kind={clinical ? 'clinical' : 'dermoscopic'}
    >
      <div className={`verdict verdict-${summary.outcome}`}>
        <p className="top-prediction" data-testid="top-prediction">
          <span className="top-label">Most likely:</span> <strong>{top.name}</strong> <span className="top-percent">({formatPercent(top.probability)})</span>
        </p>
        {summary.unsureWhy && (
          <p className="unsure-why" data-testid="unsure-why">
            <strong>The model is unsure.</strong> {summary.unsureWhy}
          </p>
        )}
        <p data-testid="summary">{summary.headline}</p>
        <p className="next-step" data-testid="next-step">
          <strong>Next step:</strong> {summary.nextStep}
        </p>
        {summary.whyNotReassured && (
          <p className="why-not-reassured" data-testid="why-not-reassured">
            <strong>Why not “keep an eye on it”:</strong> {summary.whyNotReassured}
          </p>
        )}
        <p className="not-diagnosis">This is not a diagnosis. Only a clinician who examines the spot can tell what it is.</p>
      </div>

      <section aria-labelledby="probs-heading">
        <h3 id="probs-heading">All {countWord(leaves.length)} diagnoses</h3>
        <ProbabilityList leaves={leaves} highlight={selected?.leaves} />
      </section>

      <section aria-labelledby="tree-heading" className="tree">
        <h3 id="tree-heading">By group (sums of the diagnoses below them)</h3>
        {clinical && <ClinicalBanner view="sunburst" />}
        <div className="tree-views">
          <Sunburst root={tree} selectedId={selected?.id} onSelect={onSelectNode} />
          <div className="tree-table">
            <SunburstTable root={tree} selectedId={selected?.id} onSelect={onSelectNode} />
          </div>
        </div>
      </section>

      <section aria-labelledby="saliency-heading" className="saliency-section">
        <h3 id="saliency-heading">Where the model looked for “{selected?.name}”</h3>
        {clinical && <ClinicalBanner view="saliency" />}
        {saliency.kind === 'running' && (
          <p role="status" className="hint">
            Computing the saliency map…
          </p>
        )}
        {saliency.kind === 'error' && (
          <p role="alert" className="error-text">
            {saliency.message}
          </p>
        )}
        <SaliencyOverlay photo={cropCanvas} map={map} opacity={opacity} onOpacityChange={setOpacity} label={selected?.name ?? ''} />
        <p className="hint">Pick a group or diagnosis in the sunburst or table to see where the model looked for it.</p>
      </section>

      <p className="more-links">
        <button type="button" className="link" data-testid="open-map" onClick={() => onOpenView('map')}>
          See where this photo lies among the test images
        </button>{' '}
        ·{' '}
        <button type="button" className="link" data-testid="open-model-card" onClick={() => onOpenView('model-card')}>
          How good is this model? (model card)
        </button>
      </p>
    </div>
  );
}
