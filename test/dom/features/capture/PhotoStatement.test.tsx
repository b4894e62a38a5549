// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Camera } from '../../../../src/features/capture/Camera';
import { DermatoscopeToggle } from '../../../../src/features/capture/DermatoscopeToggle';
import { PHOTO_KIND_OPTIONS, PhotoKindChoice } from '../../../../src/features/capture/PhotoKindChoice';
import { DisagreementNote } from '../../../../src/features/results/DisagreementNote';
import { rememberedStatement, STATEMENT_KEY } from '../../../../src/store/slices/statement';
import { PHOTO_STATEMENTS } from '../../../../src/core/photo-decision';

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('PhotoKindChoice', () => {
  it('is a labelled radio group of the three statements, explained by one line with a drawing', () => {
    const onChange = vi.fn();
    render(<PhotoKindChoice value="auto" onChange={onChange} />);
    const group = screen.getByRole('group', { name: 'How was the photo taken?' });
    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.value)).toEqual(['dermoscopic', 'clinical', 'auto']);
    expect([...PHOTO_KIND_OPTIONS.map((o) => o.value)].sort()).toEqual([...PHOTO_STATEMENTS].sort());
    // One group: the radios share a name, so arrow keys move between them and Tab leaves the group.
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    expect(radios.map((r) => r.checked)).toEqual([false, false, true]);
    expect(screen.getByRole('radio', { name: 'Through a dermatoscope' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'With an ordinary camera (phone, laptop)' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Not sure (the page checks)' })).toBeTruthy();
    const hint = document.getElementById(group.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toMatch(/^A dermatoscope is a lit magnifier pressed on the skin/);
    expect(hint?.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    fireEvent.click(radios[1]!);
    expect(onChange).toHaveBeenCalledWith('clinical');
  });
});

describe('Camera guidance', () => {
  it('says a dermatoscope or clip-on lens gives the photos the model knows best, and what happens without one; no "10 cm, in daylight"', () => {
    const { rerender } = render(<Camera onCapture={vi.fn()} onClose={vi.fn()} dermatoscopeAttached={false} />);
    const without = screen.getByTestId('camera-guidance').textContent ?? '';
    expect(without).toMatch(/A dermatoscope, or a clip-on dermatoscope lens on the phone, gives the photos the model knows best/);
    expect(without).toMatch(/attach one and tick the box above/);
    expect(without).toMatch(/Without one, this is an ordinary-camera photo: the page will say it cannot judge it and hold its result back/);
    rerender(<Camera onCapture={vi.fn()} onClose={vi.fn()} dermatoscopeAttached />);
    const withOne = screen.getByTestId('camera-guidance').textContent ?? '';
    expect(withOne).toMatch(/Press the dermatoscope gently on the skin.*the photos the model knows best/);
    for (const text of [without, withOne]) expect(text).not.toMatch(/10 cm|daylight/);
  });
});

describe('DermatoscopeToggle', () => {
  it('is a labelled checkbox, described by the same line', () => {
    const onChange = vi.fn();
    render(<DermatoscopeToggle attached={false} onChange={onChange} />);
    const box = screen.getByRole('checkbox', { name: 'A dermatoscope is attached to the camera' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/dermatoscope/);
    fireEvent.click(box);
    expect(onChange).toHaveBeenCalledWith(true);
  });
});

describe('DisagreementNote', () => {
  it('shows nothing without a disagreement, and names the control to change otherwise', () => {
    const { container, rerender } = render(<DisagreementNote decision={{ disagreement: false, statement: 'clinical' }} origin="file" />);
    expect(container.textContent).toBe('');
    rerender(<DisagreementNote decision={{ disagreement: true, statement: 'dermoscopic' }} origin="camera" />);
    expect(screen.getByTestId('photo-kind-disagreement').textContent).toMatch(
      /^The camera is marked as having a dermatoscope attached, but the page's check thinks it was taken with an ordinary camera\. The page follows the safer reading/,
    );
    expect(screen.getByRole('status')).toBeTruthy();
  });
});

describe('the remembered choice', () => {
  it('reads a stored statement, and falls back to "not sure" for anything else or when storage fails', () => {
    expect(rememberedStatement()).toBe('auto');
    localStorage.setItem(STATEMENT_KEY, 'dermoscopic');
    expect(rememberedStatement()).toBe('dermoscopic');
    localStorage.setItem(STATEMENT_KEY, 'through a dermatoscope');
    expect(rememberedStatement()).toBe('auto');
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    expect(rememberedStatement()).toBe('auto');
  });
});
