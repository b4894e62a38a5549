/**
 * Teaching mode: a round of ten cases from the internal test split. The learner answers first (a diagnosis or a
 * group), then sees the truth, the model's answer at the same level, its saliency map and the similar cases, with a
 * running score for both. Everything runs in this browser, offline once visited; answers are not stored or sent.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { aggregate, nodeNames } from '../../core/taxonomy';
import type { ModelClient } from '../../model/types';
import { useStore } from '../../store';
import { ProgressBar } from '../../ui/ProgressBar';
import { saveWhenIdle } from '../offline/availability';
import { Unavailable } from '../offline/Unavailable';
import { useRetryable } from '../offline/useRetryable';
import { SaliencyOverlay } from '../saliency/SaliencyOverlay';
import { SimilarCases } from '../similar/SimilarCases';
import { answerChoices, drawRound, isRight, modelAnswerAt, scores } from './round';
import { Reveal } from './Reveal';
import { caseCanvas, loadTeachSet, runCase, type CaseResult, type TeachData } from './teachCase';
import './teach.css';

/** Cases in a round. */
export const ROUND = 10;

/** Props of {@link TeachView}. */
export interface TeachViewProps {
  /** The app's model client (the same model as the analyse view). */
  client: ModelClient;
}

/** The view. */
export default function TeachView({ client }: TeachViewProps) {
  const [load, retry] = useRetryable(loadTeachSet);
  // With the teaching cases open, the rest of the case pack is saved for offline use too (at idle time).
  useEffect(() => {
    if (load.kind === 'done') saveWhenIdle();
  }, [load.kind]);
  const info = useStore((s) => s.info);
  return (
    <section className="teach-view" aria-labelledby="teach-heading">
      <h2 id="teach-heading">Teaching: try a case before you see the answer</h2>
      <p className="hint">
        Ten photos from the model's test set, whose diagnoses are known. Pick a diagnosis or a group, then compare with the truth and with the model. Your
        answers stay in this browser.
      </p>
      {load.kind === 'loading' && <ProgressBar value={null} label="Loading the teaching cases" />}
      {load.kind === 'error' && <Unavailable what="The teaching cases" problem={load.problem} onRetry={retry} testId="teach-unavailable" />}
      {load.kind === 'done' && !info && <p className="hint">The model is loading…</p>}
      {load.kind === 'done' && info && <Round data={load.value} client={client} />}
      {load.kind === 'done' && <p className="attribution">{load.value.set.attribution}.</p>}
    </section>
  );
}

function Round({ data, client }: { data: TeachData; client: ModelClient }) {
  const { set, sprite, pack } = data;
  const info = useStore((s) => s.info);
  const [round, setRound] = useState(() => drawRound(set.cases.length, ROUND));
  const [at, setAt] = useState(0);
  const [choices, setChoices] = useState<string[]>([]);
  const [results, setResults] = useState<Record<number, CaseResult | string>>({});
  const [opacity, setOpacity] = useState(0.6);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  const k = round[at];
  const packIndex = k === undefined ? undefined : set.cases[k];
  const canvas = useMemo(() => (k === undefined ? null : caseCanvas(set, sprite, k)), [set, sprite, k]);
  const photoUrl = useMemo(() => canvas?.toDataURL('image/png') ?? null, [canvas]);
  const names = useMemo(() => (info ? nodeNames(info.taxonomy.root) : {}), [info]);
  const blank = useMemo(
    () =>
      info
        ? aggregate(
            info.taxonomy.root,
            info.metadata.labels,
            info.metadata.labels.map(() => 0),
          )
        : null,
    [info],
  );
  const options = useMemo(() => (blank ? answerChoices(blank) : []), [blank]);

  // The model works on the case while the learner thinks; its answer is shown only after the learner's. Moving on
  // does not cancel it (the score waits for it); a new round or leaving the view does.
  const roundJob = useRef(new AbortController());
  useEffect(() => () => roundJob.current.abort(), []);
  useEffect(() => {
    if (!canvas || !info || k === undefined) return;
    const ac = roundJob.current;
    runCase(client, info, canvas, ac.signal).then(
      (r) => !ac.signal.aborted && setResults((m) => ({ ...m, [at]: r })),
      (e: unknown) =>
        !ac.signal.aborted && setResults((m) => ({ ...m, [at]: `The model could not run on this case: ${e instanceof Error ? e.message : String(e)}` })),
    );
  }, [canvas, info, client, at, k]);

  // Each new case (and the end of the round) takes the focus, so the keyboard always starts from the case.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the dependencies are the moments the focus must move
  useEffect(() => {
    headingRef.current?.focus();
  }, [at, round]);

  const record = packIndex !== undefined ? pack.index.cases[packIndex] : undefined;
  const truthOf = (i: number): string | undefined => {
    const pi = set.cases[round[i] ?? -1];
    return pi !== undefined ? pack.index.cases[pi]?.label : undefined;
  };
  const answered = choices.map((id, i) => {
    const truth = truthOf(i) ?? '';
    const node = options.find((o) => o.id === id);
    const r = results[i];
    const modelNode = typeof r === 'object' ? modelAnswerAt(r.tree, node?.depth ?? 0) : undefined;
    return { learnerRight: !!node && isRight(node, truth), modelRight: modelNode ? isRight(modelNode, truth) : null };
  });
  const score = scores(answered);
  const revealed = choices.length > at;
  const finished = at >= round.length;

  const answer = (id: string): void => {
    if (revealed) return;
    setChoices((c) => [...c, id]);
    requestAnimationFrame(() => nextRef.current?.focus());
  };
  const next = (): void => setAt((a) => a + 1);
  const again = (): void => {
    roundJob.current.abort();
    roundJob.current = new AbortController();
    setRound(drawRound(set.cases.length, ROUND));
    setAt(0);
    setChoices([]);
    setResults({});
  };

  const scoreText = `You: ${score.learner} of ${score.answered} right. Model: ${score.model} of ${score.modelAnswered} right${
    score.modelAnswered < score.answered ? ` (${score.answered - score.modelAnswered} still running)` : ''
  }.`;

  return (
    <div className="teach">
      <p className="teach-score" data-testid="teach-score" aria-live="polite">
        {scoreText}
      </p>
      {finished ? (
        <div className="teach-end">
          <h3 tabIndex={-1} ref={headingRef}>
            Round over
          </h3>
          <p>{scoreText}</p>
          <button type="button" data-testid="teach-again" onClick={again}>
            Play another round
          </button>
        </div>
      ) : (
        <div className="teach-case">
          <h3 tabIndex={-1} ref={headingRef}>
            Case {at + 1} of {round.length}
          </h3>
          <div className="teach-body">
            {revealed ? (
              <SaliencyOverlay
                photo={canvas}
                map={typeof results[at] === 'object' ? ((results[at] as CaseResult).saliency ?? null) : null}
                opacity={opacity}
                onOpacityChange={setOpacity}
                label={typeof results[at] === 'object' ? (names[(results[at] as CaseResult).top] ?? '') : ''}
                size={224}
              />
            ) : (
              photoUrl && (
                <img className="teach-photo" src={photoUrl} width={224} height={224} alt={`Case ${at + 1}: a skin lesion seen through a dermatoscope`} />
              )
            )}
            <div className="teach-side">
              <fieldset className="teach-choices" disabled={revealed}>
                <legend>What is it?</legend>
                {options.map((o) => (
                  <button
                    key={o.id}
                    type="button"
                    data-testid="teach-choice"
                    data-node={o.id}
                    className={`teach-choice${o.children.length ? ' teach-choice--group' : ''}${choices[at] === o.id ? ' teach-choice--picked' : ''}`}
                    aria-pressed={choices[at] === o.id}
                    onClick={() => answer(o.id)}
                  >
                    {o.name}
                  </button>
                ))}
              </fieldset>
              {revealed && record && (
                <Reveal choice={options.find((o) => o.id === choices[at])} truth={record.label} biopsy={record.biopsy} result={results[at]} names={names} />
              )}
              {revealed && (
                <button type="button" data-testid="teach-next" ref={nextRef} onClick={next}>
                  {at + 1 < round.length ? 'Next case' : 'See the result'}
                </button>
              )}
            </div>
          </div>
          {revealed && record && typeof results[at] === 'object' && info && (
            <SimilarCases
              z={(results[at] as CaseResult).prediction.z}
              labels={info.metadata.labels}
              names={names}
              filter={{ excludeLesion: record.lesion }}
              attribution={false}
            />
          )}
        </div>
      )}
    </div>
  );
}
