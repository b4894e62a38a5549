/**
 * Similar cases beside a result: among all diagnoses at first, and among the chosen sunburst node's diagnoses once
 * the user picks a node (with a button back to all).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { findNode, nodeNames } from '../../core/taxonomy';
import { useStore } from '../../store';
import type { AnalysisResult, ModelInfo } from '../../store/types';
import { SimilarCases } from './SimilarCases';

/** Props of {@link SimilarForResult}. */
export interface SimilarForResultProps {
  result: AnalysisResult;
  info: ModelInfo;
}

/** The panel for one result. */
export function SimilarForResult({ result, info }: SimilarForResultProps) {
  const selectedId = useStore((s) => s.selectedNodeId);
  const names = useMemo(() => nodeNames(info.taxonomy.root), [info]);
  const [scoped, setScoped] = useState(false);
  const first = useRef(selectedId);
  useEffect(() => {
    // The analysis itself selects the top diagnosis; only a later pick narrows the cases.
    if (selectedId !== first.current) setScoped(true);
  }, [selectedId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new result (jobId) resets the scope to all diagnoses
  useEffect(() => {
    first.current = useStore.getState().selectedNodeId;
    setScoped(false);
  }, [result.jobId]);
  const node = scoped && selectedId ? findNode(result.tree, selectedId) : undefined;
  const narrowed = node && node.id !== result.tree.id ? node : undefined;
  const filter = useMemo(() => (narrowed ? { labels: narrowed.leaves } : undefined), [narrowed]);
  return (
    <>
      <SimilarCases z={result.prediction.z} labels={info.metadata.labels} names={names} filter={filter} scope={narrowed?.name} />
      {narrowed && (
        <button type="button" className="similar-all" onClick={() => setScoped(false)}>
          Show similar cases of every diagnosis
        </button>
      )}
    </>
  );
}
