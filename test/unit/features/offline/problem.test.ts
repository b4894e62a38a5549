import { describe, expect, it } from 'vitest';
import { loadProblem, NotDownloaded, problemText } from '../../../../src/features/offline/problem';

describe('loadProblem', () => {
  it('reads a download that never happened as offline or unreachable, by the connection', () => {
    expect(loadProblem(new NotDownloaded('cases/teach.json'), false)).toEqual({ kind: 'offline' });
    expect(loadProblem(new NotDownloaded('cases/teach.json'), true)).toEqual({ kind: 'unreachable' });
  });
  it('reads anything else (an HTTP error, a malformed file) as a broken copy, with its reason', () => {
    expect(loadProblem(new Error('cases/teach.json: HTTP 404'), true)).toEqual({ kind: 'broken', detail: 'cases/teach.json: HTTP 404' });
    // Offline with a broken file still says what is broken: the connection is not the problem.
    expect(loadProblem(new Error('cases/index.json is malformed'), false)).toEqual({ kind: 'broken', detail: 'cases/index.json is malformed' });
    expect(loadProblem('odd', true)).toEqual({ kind: 'broken', detail: 'odd' });
  });
});

describe('problemText', () => {
  it('says in plain words what is missing and what to do, never the browser error', () => {
    const off = problemText('The teaching cases', { kind: 'offline' });
    expect(off.title).toBe('The teaching cases are not on this device yet, and it is offline.');
    expect(off.advice).toMatch(/Connect to the internet and press Try again/);
    expect(off.advice).toMatch(/then work offline/);
    const down = problemText('The similar cases', { kind: 'unreachable' });
    expect(down.title).toBe('The similar cases could not be downloaded: the server did not answer.');
    for (const t of [off, down]) expect(`${t.title} ${t.advice}`).not.toMatch(/fetch/i);
    expect(problemText('The similar cases', { kind: 'broken', detail: 'cases/index.json: HTTP 500' }).advice).toContain('cases/index.json: HTTP 500');
  });
});
