// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetUpdate } from '../../src/app/pwa';
import { UpdateNotice } from '../../src/app/UpdateNotice';

afterEach(() => {
  cleanup();
  resetUpdate();
});

describe('<UpdateNotice>', () => {
  it('says nothing until a new version waits, then offers a reload', () => {
    render(<UpdateNotice />);
    expect(screen.queryByTestId('update-notice')).toBeNull();
    act(() => resetUpdate({ kind: 'waiting', worker: { postMessage: () => undefined } as unknown as ServiceWorker }));
    expect(screen.getByTestId('update-notice').textContent).toBe('A new version is available: reload');
    expect(screen.getByRole('button', { name: 'reload' })).toBeTruthy();
  });
});
