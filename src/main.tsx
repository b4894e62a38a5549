/**
 * Entry point: starts the model, mounts the app under the root error boundary and registers the offline service
 * worker in production (src/app/pwa.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Controller } from './app/controller';
import { ErrorBoundary } from './app/ErrorBoundary';
import { parseParams } from './app/params';
import { registerServiceWorker } from './app/pwa';
import { markFirst } from './app/timing';
import { createModelClient } from './model/client';
import './app/app.css';

markFirst('page script');
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The model worker starts before the first render: it reads (or downloads) and builds the model while React renders.
const controller = new Controller(createModelClient());
controller.start(parseParams(location.search).backend);
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary what="the app">
      <App controller={controller} />
    </ErrorBoundary>
  </StrictMode>,
);

if (import.meta.env.PROD && 'serviceWorker' in navigator) registerServiceWorker(import.meta.env.BASE_URL);
