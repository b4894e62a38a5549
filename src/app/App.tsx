/** The app shell: header with the disclaimer, model status, view switcher, and the views (map and card lazy). */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { createModelClient } from '../model/client';
import { useStore } from '../store';
import type { View } from '../store/types';
import { CapturePanel } from '../features/capture/CapturePanel';
import { OfflineCases } from '../features/offline/OfflineCases';
import { ResultsPanel } from '../features/results/ResultsPanel';
import { ProgressBar } from '../ui/ProgressBar';
import { Tabs } from '../ui/Tabs';
import { Controller } from './controller';
import { ErrorBoundary } from './ErrorBoundary';
import { parseParams, withoutBackend } from './params';
import { StatusBar } from './StatusBar';
import { UpdateNotice } from './UpdateNotice';
import { installTestHook } from './testHook';

const MapView = lazy(() => import('./MapView'));
const ModelCardView = lazy(() => import('./ModelCardView'));
const TeachView = lazy(() => import('../features/teach/TeachView'));

const VIEWS = [
  { id: 'analyse', label: 'Analyse a photo' },
  { id: 'map', label: 'Map' },
  { id: 'teach', label: 'Teaching' },
  { id: 'model-card', label: 'Model card' },
] as const satisfies readonly { id: View; label: string }[];

/** Props of {@link App}; tests inject a controller with a fake model client. */
export interface AppProps {
  controller?: Controller;
  search?: string;
}

/** The app. */
export function App({ controller: injected, search = typeof location !== 'undefined' ? location.search : '' }: AppProps) {
  const params = useMemo(() => parseParams(search), [search]);
  const automaticHref = `${typeof location !== 'undefined' ? location.pathname : '/'}${withoutBackend(search)}`;
  const [controller] = useState(() => injected ?? new Controller(createModelClient()));
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  const ready = useStore((s) => s.info !== null);

  useEffect(() => {
    controller.start(params.backend);
    const remove = params.test ? installTestHook(controller) : undefined;
    return () => {
      remove?.();
      controller.cancel();
    };
  }, [controller, params]);

  // A photo chosen while the model was loading is analysed as soon as it is ready.
  useEffect(() => {
    if (ready && useStore.getState().photo && useStore.getState().status.kind === 'ready') void controller.analyse();
  }, [ready, controller]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1>SkinLens</h1>
        <p className="disclaimer" data-testid="disclaimer">
          A screening and teaching aid, not a diagnosis. It can be wrong; if you are worried about a spot, see a doctor.
        </p>
        <UpdateNotice />
        <StatusBar onRetry={() => void controller.load(params.backend)} paramProblem={params.backendProblem} automaticHref={automaticHref} />
        <Tabs items={VIEWS} current={view} onChange={setView} label="Views" />
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary what="this view">
          {view === 'analyse' && (
            <div className="analyse">
              <CapturePanel
                onPhoto={(p) => void controller.setPhoto(p)}
                onCrop={(c) => void controller.setCrop(c)}
                onFileStatement={(s) => void controller.setFileStatement(s)}
                onDermatoscopeAttached={(a) => void controller.setDermatoscopeAttached(a)}
              />
              <ResultsPanel
                onSelectNode={(id) => void controller.selectNode(id)}
                onOpenView={setView}
                onShowAnyway={() => void controller.showClinicalAnyway()}
              />
            </div>
          )}
          <Suspense fallback={<ProgressBar value={null} label="Opening…" />}>
            {view === 'map' && <MapView />}
            {view === 'teach' && <TeachView client={controller.client} />}
            {view === 'model-card' && <ModelCardView />}
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="app-footer">
        <p>Runs entirely in your browser: photos are never uploaded. Trained on HAM10000 (CC BY-NC 4.0) dermoscopy images; after Esteva et al., Nature 2017.</p>
        <OfflineCases />
      </footer>
    </div>
  );
}
