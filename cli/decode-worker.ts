/** A worker thread of the CLI's decode pool: reads, decodes and preprocesses one image per message. */
import { parentPort } from 'node:worker_threads';
import { toModelInput, type InputSpec } from '../src/core/preprocess';
import { readImage } from './images';

/** Main -> worker. */
export interface DecodeJob {
  id: number;
  file: string;
  spec: InputSpec;
}

/** Worker -> main: the model input and the notes about the file, or why it could not be used; 'ready' once the modules have loaded. */
export type DecodeResult = { id: number; input: Float32Array; notes: string[] } | { id: number; error: string } | { ready: true };

parentPort?.on('message', async (job: DecodeJob) => {
  try {
    const img = await readImage(job.file);
    const input = toModelInput(img, job.spec);
    parentPort?.postMessage({ id: job.id, input, notes: img.notes } satisfies DecodeResult, [input.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies DecodeResult);
  }
});

parentPort?.postMessage({ ready: true } satisfies DecodeResult);
