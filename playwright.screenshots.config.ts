/** `npm run screenshots`: the same browser and server as the end-to-end tests, running only test/screenshots. */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig(base, { testDir: 'test/screenshots', outputDir: 'test-results/screenshots' });
