/**
 * Why a file of this site (the case pack, the teaching cases) could not be loaded, and how to say so in plain words:
 * never the browser's "Failed to fetch". Pure: the caller says whether the browser is online.
 */

/** A file that could not be downloaded at all: no network, or no answer from the server (fetch rejected). */
export class NotDownloaded extends Error {
  constructor(readonly path: string) {
    super(`${path} could not be downloaded`);
    this.name = 'NotDownloaded';
  }
}

/** What went wrong, as the page explains it. */
export type LoadProblem =
  /** Not saved on this device, and the device is offline: it loads once the connection is back. */
  | { kind: 'offline' }
  /** The device is online but the server did not answer. */
  | { kind: 'unreachable' }
  /** The server answered, but the file is missing or malformed: a problem with this copy of SkinLens. */
  | { kind: 'broken'; detail: string };

/** The problem behind a failed load; `online` is navigator.onLine when it failed. */
export function loadProblem(error: unknown, online: boolean): LoadProblem {
  if (error instanceof NotDownloaded) return online ? { kind: 'unreachable' } : { kind: 'offline' };
  return { kind: 'broken', detail: error instanceof Error ? error.message : String(error) };
}

/** The explanation of a problem with `what` (plural, capitalised: "The teaching cases"): a title and what to do. */
export function problemText(what: string, problem: LoadProblem): { title: string; advice: string } {
  switch (problem.kind) {
    case 'offline':
      return {
        title: `${what} are not on this device yet, and it is offline.`,
        advice:
          'They are downloaded once, the first time they are used with a connection, and then work offline. Connect to the internet and press Try again; SkinLens also tries again by itself when the connection is back.',
      };
    case 'unreachable':
      return {
        title: `${what} could not be downloaded: the server did not answer.`,
        advice: 'Check the internet connection and press Try again.',
      };
    case 'broken':
      return {
        title: `${what} could not be loaded.`,
        advice: `This copy of SkinLens has a problem with them (${problem.detail}); trying again may not help.`,
      };
  }
}
