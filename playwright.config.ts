/**
 * End-to-end tests on the built app (test/e2e/run-e2e.mjs builds once, then runs this). Debian's Chromium,
 * headless, with SwiftShader for WebGL and WebGPU and a fake camera, against `vite preview` on 127.0.0.1 (a secure
 * context, so service workers and getUserMedia work).
 */
import { defineConfig } from '@playwright/test';

const args = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];
if (process.getuid?.() === 0) args.push('--no-sandbox');
/** Another checkout on the same machine may be testing on the default port; E2E_PORT moves this run elsewhere. */
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  // One worker: the machine has two cores and the model is CPU-heavy under SwiftShader.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 60_000 },
  // The list reporter does not say why a test was skipped; skip-reporter.ts prints each skipped test with its reason.
  reporter: [['list'], ['./test/e2e/skip-reporter.ts']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1200, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args },
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npm run preview -- --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
