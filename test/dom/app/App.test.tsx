// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/app/App';
import { Controller } from '../../../src/app/controller';
import { LABELS } from '../../fixtures/labels';
import { decidePhoto, type PhotoStatement } from '../../../src/core/photo-decision';
import { aggregate, type Taxonomy } from '../../../src/core/taxonomy';
import { summarise } from '../../../src/features/results/summary';
import { ModelError } from '../../../src/model/errors';
import type { ModelClient, Prediction } from '../../../src/model/types';
import { useStore } from '../../../src/store';
import type { DecodedPhoto } from '../../../src/store/types';
import { freshAppEachTest, metadata, modelInfo, photo, prediction, probs } from '../../fixtures/app-dom';
import { outputsFor, type FakeKind } from '../../fixtures/decision';
import { lesionPixels } from '../../fixtures/generate';
import taxonomyJson from '../../../public/model/taxonomy.json';

const taxonomy = taxonomyJson as Taxonomy;
const info = modelInfo(['webgpu: no adapter']);

/** A photo whose square is under the quality check's minimum size: it always has a quality note. */
const smallPhoto = (id: number): DecodedPhoto => ({
  ...photo(id),
  pixels: { width: 90, height: 90, data: lesionPixels(90, 90, id) },
  originalWidth: 90,
  originalHeight: 90,
});

function controllerWith(next: () => Prediction): Controller {
  const client: ModelClient = {
    load: async () => info,
    classify: async () => next(),
    saliency: async (_i, members) => ({ size: 32, values: new Float32Array(1024).fill(0.5), members, ms: 1 }),
    memory: async () => ({ numTensors: 1, numBytes: 1 }),
    dispose: () => undefined,
  };
  return new Controller(client);
}

freshAppEachTest();

describe('App', () => {
  it('shows the disclaimer, status, backend and skipped backends', async () => {
    render(<App controller={controllerWith(() => prediction(probs('nv', 0.9)))} search="" />);
    expect(screen.getByTestId('disclaimer').textContent).toMatch(/not a diagnosis/);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toContain('ready'));
    expect(screen.getByTestId('backend').textContent).toBe('wasm');
    expect(screen.getByTestId('fallbacks').textContent).toContain('webgpu: no adapter');
  });

  it('says when the model moved to another backend after a lost GPU, and shows the new backend', async () => {
    const switched = { from: 'webgpu' as const, to: 'webgl' as const, reason: 'webgpu: the GPU device was lost (destroyed)', fallbacks: ['webgpu: lost'] };
    let n = 0;
    const c = controllerWith(() => ({ ...prediction(probs('nv', 0.9)), ...(n++ === 1 ? { switched } : {}) }));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(1)));
    expect(screen.queryByTestId('backend-switched')).toBeNull();
    expect(screen.getByTestId('backend').textContent).toBe('wasm');
    await act(() => c.setPhoto(photo(2)));
    expect(screen.getByTestId('backend-switched').textContent).toMatch(/GPU device was lost \(destroyed\).*moved the model to webgl/);
    expect(screen.getByTestId('backend').textContent).toBe('webgl');
    expect(screen.getByTestId('fallbacks').textContent).toContain('webgpu: lost');
    expect(screen.getByTestId('top-prediction').textContent).toContain('90%');
  });

  it('says which ?backend values are valid', async () => {
    render(<App controller={controllerWith(() => prediction(probs('nv', 0.9)))} search="?backend=cuda" />);
    expect(await screen.findByText(/Unknown backend "cuda".*webgpu, webgl, wasm, cpu/)).toBeTruthy();
  });

  it('a backend forced by the address that cannot start: plain words and the automatic choice, not a retry that cannot help', async () => {
    const failing = (e: Error): Controller =>
      new Controller({ ...controllerWith(() => prediction(probs('nv', 0.9))).client, load: async () => Promise.reject(e) });
    const why = new ModelError('no-backend', 'webgpu, which the address asks for, cannot start here (webgpu: no WebGPU adapter)');
    render(<App controller={failing(why)} search="?backend=webgpu&test=1" />);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toMatch(/^Model not loaded/));
    expect(screen.getByTestId('status').textContent).toBe(
      'Model not loaded: this browser cannot run it with WebGPU, which the address asks for (?backend=webgpu).',
    );
    const auto = screen.getByRole('link', { name: 'Choose automatically' });
    // The same address without ?backend=, keeping the rest.
    expect(auto.getAttribute('href')).toBe('/?test=1');
    expect(screen.getByTestId('forced-backend').textContent).toContain(
      'Details: webgpu, which the address asks for, cannot start here (webgpu: no WebGPU adapter)',
    );
    expect(screen.queryByRole('button', { name: 'Try loading the model again' })).toBeNull();
    cleanup();
    // Any other failure (here a download) keeps the retry, and says nothing about backends.
    useStore.setState(useStore.getInitialState(), true);
    render(<App controller={failing(new ModelError('download', 'weights.bin: network error'))} search="?backend=webgpu" />);
    expect(await screen.findByRole('button', { name: 'Try loading the model again' })).toBeTruthy();
    expect(screen.queryByTestId('forced-backend')).toBeNull();
    expect(screen.getByTestId('status').textContent).toBe('Model failed to load: weights.bin: network error');
  });

  it('renders a result with taxonomy names, every probability and a next step', async () => {
    const c = controllerWith(() => prediction(probs('mel', 0.8)));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(1, '<b>bold</b>.jpg')));
    expect(screen.getByTestId('top-prediction').textContent).toContain('Melanoma');
    expect(screen.getByTestId('top-prediction').textContent).toContain('80%');
    expect(screen.getByTestId('probabilities').querySelectorAll('li')).toHaveLength(LABELS.length);
    expect(screen.getByTestId('next-step').textContent).toMatch(/dermatologist.*weeks/);
    expect(document.querySelectorAll('svg path.sunburst-arc').length).toBeGreaterThan(7);
    // The file name is text, not markup.
    expect(screen.getByTestId('photo-name').textContent).toBe('<b>bold</b>.jpg');
    expect(document.querySelector('.photo-name b')).toBeNull();
  });

  it('declines an out-of-scope photo without probabilities', async () => {
    const c = controllerWith(() => prediction(probs('nv', 0.9), 'other'));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(smallPhoto(2)));
    const notice = screen.getByTestId('out-of-scope').textContent;
    expect(notice).toContain('What is inside the square does not look like a photo of a skin spot; no result shown');
    // The spot may be elsewhere in the photo: moving or resizing the square comes first, then a retake, then a doctor.
    expect(screen.getByTestId('decline-next-step').textContent).toMatch(
      /Next step:.*drag the square onto the spot and drag a corner to make it smaller.*retake.*see a doctor/,
    );
    expect(screen.queryByTestId('probabilities')).toBeNull();
    expect(screen.queryByTestId('top-prediction')).toBeNull();
    expect(screen.queryByTestId('clinical-photo')).toBeNull();
    expect(screen.queryByTestId('show-anyway')).toBeNull();
    // This small photo has a quality issue: its note follows "no result shown", as advice for the retake.
    const quality = screen.getByTestId('quality-issues');
    expect(quality.textContent).toMatch(/^Photo quality: fix these when you retake the photo\./);
    expect(screen.getByTestId('out-of-scope').compareDocumentPosition(quality) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('puts a quality note above a shown result, and below a held-back one', async () => {
    let kind: FakeKind = 'dermoscopic';
    const c = controllerWith(() => prediction(probs('nv', 0.9), kind));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(smallPhoto(7)));
    const above = screen.getByTestId('quality-issues');
    expect(above.textContent).toMatch(/^Photo quality: the result below may be less reliable\./);
    expect(above.compareDocumentPosition(screen.getByTestId('top-prediction')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    kind = 'clinical';
    await act(() => c.setPhoto(smallPhoto(8)));
    const below = screen.getByTestId('quality-issues');
    expect(below.textContent).toMatch(/^Photo quality: fix these when you retake the photo\./);
    expect(screen.getByTestId('clinical-photo').compareDocumentPosition(below) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('explains a photo taken without a dermatoscope, holds its result back, and says what to do instead', async () => {
    const c = controllerWith(() => prediction(probs('mel', 0.8), 'clinical'));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(4)));
    const notice = screen.getByTestId('clinical-photo');
    expect(notice.textContent).toMatch(/trained only on dermatoscope images: magnified, evenly lit, without glare/);
    expect(notice.textContent).toMatch(/cannot judge a photo like this one reliably/);
    expect(notice.textContent).toMatch(/clip-on dermatoscope/);
    expect(notice.textContent).toMatch(/show the spot to a doctor/);
    expect(screen.getByTestId('abcde').querySelectorAll('li')).toHaveLength(5);
    expect(screen.getByTestId('abcde').textContent).toMatch(/Asymmetry.*Border.*Colour.*Diameter.*Evolving/);
    expect(screen.queryByTestId('out-of-scope')).toBeNull();
    expect(screen.queryByTestId('top-prediction')).toBeNull();
    expect(screen.queryByTestId('probabilities')).toBeNull();
    // The notice is a labelled region; its button is a real, secondary-styled button.
    expect(notice.getAttribute('aria-labelledby')).toBe('clinical-title');
    const button = screen.getByRole('button', { name: /show the model's guess anyway \(for teaching, unreliable for this kind of photo\)/i });
    expect(button.className).toBe('secondary');
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'clinical-held' } });
  });

  it('"show anyway" shows the guess under a warning on the result, sunburst, saliency and map views', async () => {
    const c = controllerWith(() => prediction(probs('mel', 0.8), 'clinical'));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(5)));
    expect(screen.queryByTestId('clinical-banner-result')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId('show-anyway'));
    });
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'clinical-shown' } });
    expect(screen.queryByTestId('clinical-photo')).toBeNull();
    for (const view of ['result', 'sunburst', 'saliency']) expect(screen.getByTestId(`clinical-banner-${view}`).textContent).toMatch(/without a dermatoscope/);
    expect(screen.getByTestId('top-prediction').textContent).toContain('Melanoma');
    // Unsure, with its reason in a sentence of its own (not after the percentage), and a doctor as the next step.
    expect(screen.getByTestId('top-prediction').textContent).toBe('Most likely: Melanoma (80%)');
    expect(screen.getByTestId('unsure-why').textContent).toMatch(/The model is unsure\. This photo was taken without a dermatoscope/);
    expect(screen.getByTestId('next-step').textContent).toMatch(/See a dermatologist or your doctor within the next few weeks/);
    expect(useStore.getState().selectedNodeId).toBe('mel');
    expect(useStore.getState().saliency.kind).toBe('done');
    await act(async () => {
      useStore.getState().setView('map');
    });
    expect((await screen.findByTestId('clinical-banner-map')).textContent).toMatch(/without a dermatoscope/);
  });

  it('shows no warning banner on a dermoscopic result', async () => {
    const c = controllerWith(() => prediction(probs('nv', 0.9)));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(6)));
    expect(screen.getByTestId('top-prediction')).toBeTruthy();
    expect(document.querySelector('[data-testid^="clinical-banner"]')).toBeNull();
    expect(screen.queryByTestId('show-anyway')).toBeNull();
  });

  it('moves the crop with the keyboard and analyses again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const c = controllerWith(() => prediction(probs('nv', 0.9)));
    const spy = vi.spyOn(c, 'setCrop');
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    await act(() => c.setPhoto(photo(3)));
    const sq = screen.getByTestId('crop-square');
    const before = sq.getAttribute('style');
    fireEvent.keyDown(sq, { key: 'ArrowRight' });
    expect(sq.getAttribute('style')).not.toBe(before);
    await act(async () => {
      vi.advanceTimersByTime(400);
    });
    expect(spy).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});

describe('App: how the photo was taken', () => {
  const ready = async (kind: FakeKind) => {
    const c = controllerWith(() => prediction(probs('nv', 0.9), kind));
    render(<App controller={c} search="" />);
    await waitFor(() => expect(useStore.getState().info).not.toBeNull());
    return c;
  };
  const radio = (name: RegExp) => screen.getByRole('radio', { name }) as HTMLInputElement;

  it('asks how a file was taken (not sure by default), remembers the answer, and decides the shown result again', async () => {
    const c = await ready('dermoscopic');
    const group = screen.getByRole('group', { name: 'How was the photo taken?' });
    expect(group.querySelectorAll('input[type=radio]')).toHaveLength(3);
    expect(radio(/not sure/i).checked).toBe(true);
    expect(group.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(group.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/dermatoscope.*lit magnifier/);
    await act(() => c.setPhoto(photo(1)));
    expect(screen.getByTestId('top-prediction')).toBeTruthy();
    await act(async () => {
      fireEvent.click(radio(/ordinary camera/i));
    });
    expect(localStorage.getItem('skinlens.photoStatement')).toBe('clinical');
    expect(radio(/ordinary camera/i).checked).toBe(true);
    expect(screen.queryByTestId('top-prediction')).toBeNull();
    expect(screen.getByTestId('clinical-photo').textContent).toMatch(/taken with an ordinary camera, without a dermatoscope; no result shown/);
    // The check thinks dermatoscope: the page says so, and how to change the answer.
    const note = screen.getByTestId('photo-kind-disagreement');
    expect(note.textContent).toMatch(/You said this photo was taken with an ordinary camera, but the page's check thinks it was taken through a dermatoscope/);
    expect(note.textContent).toMatch(/choose “Through a dermatoscope”/);
    await act(async () => {
      fireEvent.click(radio(/through a dermatoscope/i));
    });
    expect(screen.getByTestId('top-prediction')).toBeTruthy();
    expect(screen.queryByTestId('photo-kind-disagreement')).toBeNull();
    expect(localStorage.getItem('skinlens.photoStatement')).toBe('dermoscopic');
  });

  it('says so when the person says dermatoscope and the check thinks ordinary camera, and follows the safer reading', async () => {
    useStore.getState().setFileStatement('dermoscopic');
    const c = await ready('clinical');
    await act(() => c.setPhoto(photo(2)));
    expect(screen.getByTestId('photo-kind-disagreement').textContent).toMatch(
      /You said this photo was taken through a dermatoscope, but the page's check thinks it was taken with an ordinary camera.*safer reading/,
    );
    expect(screen.getByTestId('clinical-photo').textContent).toMatch(/This looks like a photo of skin taken without a dermatoscope/);
    expect(screen.queryByTestId('top-prediction')).toBeNull();
  });

  it('a camera photo has its own checkbox, off by default: an ordinary-camera photo until ticked', async () => {
    useStore.getState().setFileStatement('dermoscopic');
    const c = await ready('dermoscopic');
    await act(() => c.setPhoto(photo(3, 'camera photo', 'camera')));
    expect(screen.queryByRole('group', { name: 'How was the photo taken?' })).toBeNull();
    const box = screen.getByRole('checkbox', { name: 'A dermatoscope is attached to the camera' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByTestId('clinical-photo')).toBeTruthy();
    expect(screen.getByTestId('photo-kind-disagreement').textContent).toMatch(/no dermatoscope attached.*tick “A dermatoscope is attached to the camera”/);
    await act(async () => {
      fireEvent.click(box);
    });
    expect(screen.getByTestId('top-prediction')).toBeTruthy();
    expect(screen.queryByTestId('clinical-photo')).toBeNull();
    // A file afterwards brings the files' choice back.
    await act(() => c.setPhoto(photo(4)));
    expect(radio(/through a dermatoscope/i).checked).toBe(true);
  });

  it('an unsure decision shows the result, says why the model is unsure, and does not reassure', async () => {
    const c = await ready('unsure');
    await act(() => c.setPhoto(photo(5)));
    expect(screen.getByTestId('top-prediction').textContent).toBe('Most likely: Melanocytic nevus (90%)');
    expect(screen.getByTestId('unsure-why').textContent).toBe(
      'The model is unsure. This photo is unlike the photos the model learned from, so even a high percentage here may be wrong.',
    );
    expect(screen.getByTestId('next-step').textContent).toMatch(/^Next step: Have a doctor or nurse look/);
    expect(screen.getByTestId('why-not-reassured').textContent).toBe('Why not “keep an eye on it”: This photo is unlike the photos the model learned from.');
    expect(screen.getByTestId('next-step').textContent).not.toMatch(/Keep an eye/);
    expect(document.querySelector('[data-testid^="clinical-banner"]')).toBeNull();
  });

  it('"keep an eye on it" only when the person says dermatoscope: with nothing said, a leaning-benign result still goes to a doctor or nurse', async () => {
    const c = await ready('dermoscopic');
    await act(() => c.setPhoto(photo(6)));
    expect(screen.queryByTestId('unsure-why')).toBeNull();
    expect(screen.getByTestId('summary').textContent).toMatch(/leans towards Melanocytic nevus \(90%\), which is not cancer/);
    expect(screen.getByTestId('next-step').textContent).toMatch(/^Next step: Have a doctor or nurse look/);
    expect(screen.getByTestId('why-not-reassured').textContent).toMatch(
      /only for photos taken through a dermatoscope.*If this one was, say so above the photo/,
    );
    await act(async () => {
      fireEvent.click(radio(/through a dermatoscope/i));
    });
    expect(screen.getByTestId('next-step').textContent).toMatch(/Keep an eye on it: photograph it monthly/);
    expect(screen.queryByTestId('why-not-reassured')).toBeNull();
    expect(document.querySelector('.result')?.getAttribute('data-standing')).toBe('measured');
  });
});

describe('summarise', () => {
  const tree = (top: string, p: number) => aggregate(taxonomy.root, LABELS, probs(top, p));
  const leaf = (t: ReturnType<typeof tree>, id: string) =>
    t.children
      .flatMap((c) => c.children)
      .flatMap((c) => c.children)
      .find((n) => n.id === id)!;
  const said = (kind: FakeKind, statement: PhotoStatement = 'dermoscopic') => decidePhoto(outputsFor(kind), new Float32Array(32 * 32 * 3), metadata, statement);

  it('gives every outcome an explicit next step from the rule', () => {
    const mel = tree('mel', 0.8);
    expect(summarise(mel, leaf(mel, 'mel'), said('dermoscopic'))).toMatchObject({ outcome: 'malignant-leaning', unsure: false, unsureWhy: null });
    const nv = tree('nv', 0.95);
    const s = summarise(nv, leaf(nv, 'nv'), said('dermoscopic'));
    expect(s).toMatchObject({ outcome: 'benign-leaning', next: { step: 'keep-an-eye', standing: 'measured' } });
    expect(s.nextStep).toMatch(/ABCDE/);
    expect(s.headline).toContain('Melanocytic nevus');
  });

  it('says why it is unsure in its own sentence, below 50% or on an unsure or clinical photo, and never reassures there', () => {
    const low = aggregate(taxonomy.root, LABELS, [0.05, 0.05, 0.45, 0.05, 0.05, 0.3, 0.05]);
    const s = summarise(low, leaf(low, 'bkl'), said('dermoscopic'));
    expect(s).toMatchObject({ outcome: 'uncertain', unsure: true, unsureWhy: null, next: { reading: 'diagnosis-unclear' } });
    expect(s.headline).toMatch(/No diagnosis stands out: the best guess, Benign keratosis.*, has only 45%/);
    expect(s.nextStep).toMatch(/doctor or nurse/);
    const nv = tree('nv', 0.95);
    const unsure = summarise(nv, leaf(nv, 'nv'), said('unsure'));
    expect(unsure).toMatchObject({ outcome: 'uncertain', unsure: true, next: { step: 'have-it-looked-at', heldBack: true } });
    expect(unsure.unsureWhy).toMatch(/unlike the photos the model learned from/);
    // A clinical photo shown anyway reads as unsure too.
    const clinical = summarise(nv, leaf(nv, 'nv'), said('clinical'));
    expect(clinical).toMatchObject({ outcome: 'uncertain', unsure: true, next: { step: 'have-it-looked-at', standing: 'clinical' } });
    expect(clinical.whyNotReassured).toMatch(/cannot judge photos taken without a dermatoscope/);
  });

  it('refers when the malignant group has a real chance even if a benign diagnosis is on top, and sends it to a doctor soon when it leans malignant', () => {
    const t = aggregate(taxonomy.root, LABELS, [0.1, 0.1, 0.05, 0.05, 0.1, 0.55, 0.05]);
    expect(summarise(t, leaf(t, 'nv'), said('dermoscopic')).outcome).toBe('uncertain');
    const m = aggregate(taxonomy.root, LABELS, [0.2, 0.2, 0.05, 0.0, 0.15, 0.4, 0.0]);
    const s = summarise(m, leaf(m, 'nv'), said('dermoscopic'));
    expect(s).toMatchObject({ outcome: 'malignant-leaning', next: { reading: 'leans-malignant', step: 'see-a-doctor-soon' } });
    expect(s.headline).toMatch(/gives the group ".*" 55%, although its best single guess is Melanocytic nevus \(40%\)/);
  });
});
