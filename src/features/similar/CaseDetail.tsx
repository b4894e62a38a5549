/** One similar case opened larger: its thumbnail, true diagnosis and how it was confirmed, and the model's result for it. */
import { useEffect, useRef } from 'react';
import { caseText, type CasePack, type OpenedCase } from './cases';
import { useTile } from './load';

/** Props of {@link CaseDetail}. */
export interface CaseDetailProps {
  pack: CasePack;
  /** The case; its band to the user's photo is said when known. */
  c: OpenedCase;
  /** Model labels in output order (the order of the stored probabilities). */
  labels: readonly string[];
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
  onClose: () => void;
}

/** The detail panel; focus moves to it when it opens, and Escape or its button closes it. */
export function CaseDetail({ pack, c, labels, names, onClose }: CaseDetailProps) {
  const url = useTile(pack, c.index);
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the focus moves to each newly opened case
  useEffect(() => ref.current?.focus(), [c.index]);
  const t = caseText(c, pack, names);
  const ranked = labels.map((l, i) => ({ l, p: c.record.p[i] ?? 0 })).sort((a, b) => b.p - a.p);
  const top = ranked[0];
  const right = top?.l === c.record.label;
  return (
    <div
      className="case-detail"
      data-testid="case-detail"
      role="region"
      aria-label={`Test photo ${c.record.id}`}
      tabIndex={-1}
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      {url && <img src={url} width={192} height={192} alt={`Test case ${c.record.id}: ${t.diagnosis}`} />}
      <div>
        <p>
          <strong>{t.diagnosis}</strong> ({t.proof}
          {t.band ? `; ${t.band} to your photo` : ''})
        </p>
        <p data-testid="case-model-result">
          The model's result for this photo: <strong>{names[top?.l ?? ''] ?? top?.l}</strong> ({Math.round((top?.p ?? 0) * 100)}%),{' '}
          {right ? 'which is right' : 'which is wrong'}.
        </p>
        <ol className="case-probs" aria-label="The model's probabilities for this photo">
          {ranked.slice(0, 3).map((r) => (
            <li key={r.l}>
              {names[r.l] ?? r.l}: {Math.round(r.p * 100)}%
            </li>
          ))}
        </ol>
        <p className="hint">HAM10000 image {c.record.id}, shown at thumbnail resolution.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
