// @vitest-environment jsdom
// Offline and not yet saved: the similar cases and the teaching cases say so in plain words, never "Failed to
// fetch", and load once the connection is back (by the button, or by themselves on the "online" event).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelClient } from '../../../../src/model/types';
import { SimilarCases } from '../../../../src/features/similar/SimilarCases';
import TeachView from '../../../../src/features/teach/TeachView';
import MapView from '../../../../src/app/MapView';
import { caseIndex } from '../../../fixtures/cases';

const labels = ['akiec', 'bcc', 'bkl', 'df', 'mel', 'nv', 'vasc'];
const cases = Array.from({ length: 10 }, (_, i) => ({ id: `ISIC_${i}`, label: 'nv', biopsy: false, lesion: i, p: labels.map(() => 1 / 7) }));
const files: Record<string, unknown> = {
  'cases/index.json': caseIndex(cases),

  'model/embedding.json': { points: cases.map((c, i) => ({ x: 0, y: 0, label: c.label, z: [i] })) },
  'cases/teach.json': { attribution: 'Teaching images: HAM10000', about: '', sprite: { file: 'teach.jpg', side: 8, columns: 4, bytes: 1 }, cases: [0, 1, 2] },
};

let online = false;
beforeEach(() => {
  online = false;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
  vi.stubGlobal('createImageBitmap', async () => ({ width: 32, height: 32 }));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      // What the browser does offline with nothing cached: the promise rejects.
      if (!online) throw new TypeError('Failed to fetch');
      const key = Object.keys(files).find((k) => url.endsWith(k));
      if (key) return new Response(JSON.stringify(files[key]));
      return url.match(/\.(webp|jpg)$/) ? new Response(new Uint8Array(4)) : new Response('', { status: 404 });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('offline, nothing saved', () => {
  it('the similar cases say they are not on this device, and load by themselves when the connection is back', async () => {
    render(<SimilarCases z={[0]} labels={labels} names={{ nv: 'Melanocytic nevus' }} />);
    const notice = await screen.findByTestId('similar-unavailable');
    expect(notice.textContent).toContain('The similar cases are not on this device yet, and it is offline.');
    expect(notice.textContent).not.toMatch(/fetch/i);
    // Pressing Try again while still offline says the same again.
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('similar-unavailable')).textContent).toContain('it is offline');
    online = true;
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(screen.getAllByTestId('similar-diagnosis')).toHaveLength(8));
    expect(screen.queryByTestId('similar-unavailable')).toBeNull();
  });

  // Before the next test: a loaded teaching set is kept for the page.
  it('online, a missing file is named as a problem with this copy, not with the connection', async () => {
    online = true;
    const teach = files['cases/teach.json'];
    delete files['cases/teach.json'];
    render(<TeachView client={{} as ModelClient} />);
    const notice = await screen.findByTestId('teach-unavailable');
    expect(notice.textContent).toContain('The teaching cases could not be loaded.');
    expect(notice.textContent).toContain('cases/teach.json: HTTP 404');
    expect(notice.getAttribute('role')).toBe('alert');
    files['cases/teach.json'] = teach;
  });

  it('the teaching cases say so too, and Try again loads them once online', async () => {
    const client = {} as ModelClient;
    render(<TeachView client={client} />);
    const notice = await screen.findByTestId('teach-unavailable');
    expect(notice.textContent).toContain('The teaching cases are not on this device yet, and it is offline.');
    expect(notice.textContent).not.toMatch(/fetch/i);
    online = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByTestId('teach-unavailable')).toBeNull());
    expect(await screen.findByText('Teaching images: HAM10000.')).toBeTruthy();
  });

  it('the map (whose file the app saves at install) says so too, should it ever be missing offline', async () => {
    render(<MapView />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The map could not be loaded: it is not on this device yet, and the device is offline. Connect to the internet and open this view again.',
    );
  });
});
