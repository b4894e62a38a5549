/**
 * Batch prediction with the shipped model, same preprocessing as the browser (core/preprocess toModelInput).
 *   npm run --silent predict -- [--format csv|json] [--model public/model] [--batch 4] [--backend wasm|cpu] [--threads N] <images or folders...>
 * stdout: CSV (file,<labels>,in_scope,photo_kind,top) or JSON lines (photo_kind: dermoscopic, clinical or other;
 * in_scope is 1 only for dermoscopic). A file that cannot be read or decoded gets one line on
 * stderr and exit code 1; the rest are still processed. Usage errors exit 2.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregate, flatten } from '../src/core/taxonomy';
import { argmax } from '../src/core/probabilities';
import type { Prediction } from '../src/model/types';
import { createDecodePool } from './decode-pool';
import { collectImages } from './images';
import { loadModelFromDir, readModelMetadata, setupNodeBackend, type CheckedMetadata, type NodeModel } from './node-model';

/** Parsed command line. */
export interface PredictArgs {
  format: 'csv' | 'json';
  model: string;
  batch: number;
  backend: 'wasm' | 'cpu';
  /** Decode worker threads (0: decode on the main thread); default one per core, at most 4. */
  threads?: number;
  inputs: string[];
}

const USAGE = 'usage: npm run --silent predict -- [--format csv|json] [--model DIR] [--batch N] [--backend wasm|cpu] [--threads N] <image files or folders...>';

/** A command-line mistake (exit code 2). */
export class UsageError extends Error {}

/** Parses argv (without node and the script). Throws UsageError with a message. */
export function parseArgs(argv: readonly string[]): PredictArgs | 'help' {
  // Batch 4: the wasm backend costs the same per image at any batch size here, but its first call grows with the
  // batch (about 0.9 s at 16, 0.27 s at 4: memory for the activations), and smaller batches fill the pipeline sooner.
  const a: PredictArgs = { format: 'csv', model: 'public/model', batch: 4, backend: 'wasm', inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const v = value();
        if (v !== 'csv' && v !== 'json') throw new UsageError(`--format must be csv or json, got ${v}`);
        a.format = v;
        break;
      }
      case '--model':
        a.model = value();
        break;
      case '--batch': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1 || v > 256) throw new UsageError('--batch must be an integer from 1 to 256');
        a.batch = v;
        break;
      }
      case '--backend': {
        const v = value();
        if (v !== 'wasm' && v !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got ${v}`);
        a.backend = v;
        break;
      }
      case '--threads': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0 || v > 64) throw new UsageError('--threads must be an integer from 0 to 64');
        a.threads = v;
        break;
      }
      case '--':
        a.inputs.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        a.inputs.push(arg);
    }
  }
  if (a.inputs.length === 0) throw new UsageError('no image files or folders given');
  return a;
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One output line (without the newline) for one image. */
export function formatRow(format: 'csv' | 'json', file: string, p: Prediction, m: NodeModel): string {
  const labels = m.metadata.labels;
  const top = labels[argmax(p.probabilities)] as string;
  // As the page: only a dermoscopic photo is analysed (core/photo-kind.ts decides; the page explains the others).
  const inScope = p.photoKind.kind === 'dermoscopic';
  if (format === 'csv') {
    return [csvField(file), ...p.probabilities.map((v) => v.toFixed(6)), inScope ? '1' : '0', p.photoKind.kind, top].join(',');
  }
  const probabilities = Object.fromEntries(labels.map((l, i) => [l, p.probabilities[i] ?? 0]));
  const nodes = Object.fromEntries(flatten(aggregate(m.taxonomy.root, labels, p.probabilities)).map((n) => [n.id, n.probability]));
  return JSON.stringify({ file, probabilities, in_scope: inScope, photo_kind: p.photoKind.kind, top, nodes });
}

/** Runs the CLI; returns the exit code. Output goes through the given writers (tests capture them). */
export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: PredictArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`predict: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    out(`${USAGE}\n`);
    return 0;
  }
  const cannotLoad = (e: unknown): number => {
    err(`predict: cannot load the model from ${args.model}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  };
  let checked: CheckedMetadata;
  try {
    checked = await readModelMetadata(args.model);
  } catch (e) {
    return cannotLoad(e);
  }
  // The decode threads boot (a few hundred ms each) while this thread starts the backend and builds the model.
  const poolReady = createDecodePool(checked.metadata.input, args.threads);
  let model: NodeModel;
  try {
    const backend = await setupNodeBackend(args.backend);
    if (backend !== args.backend) err(`predict: the ${args.backend} backend did not start; using ${backend}\n`);
    if (process.env.SKINLENS_DEBUG) err(`predict: backend ${backend}\n`);
    model = await loadModelFromDir(args.model, checked);
  } catch (e) {
    await (await poolReady).close();
    return cannotLoad(e);
  }
  const { metadata, classifier } = model;
  let failed = 0;
  try {
    const pool = await poolReady;
    if (process.env.SKINLENS_DEBUG) err(`predict: decode ${pool.threaded ? 'on worker threads' : 'on the main thread'}\n`);
    if (args.format === 'csv') out(`file,${metadata.labels.join(',')},in_scope,photo_kind,top\n`);
    const files = await collectImages(args.inputs);
    const per = classifier.inputLength;
    const batch = new Float32Array(per * args.batch);
    // Decoding of the next batch runs on the pool while the model works on this one.
    type Decoded = { input: Float32Array } | { error: string };
    const startBatch = (from: number): Promise<Decoded>[] =>
      files.slice(from, from + args.batch).map((c) =>
        'error' in c
          ? Promise.resolve({ error: c.error })
          : pool.decode(c.file).then(
              (input) => ({ input }),
              (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
            ),
      );
    let next = startBatch(0);
    for (let start = 0; start < files.length; start += args.batch) {
      const current = next;
      next = start + args.batch < files.length ? startBatch(start + args.batch) : [];
      const ok: string[] = [];
      const decoded = await Promise.all(current);
      decoded.forEach((d, i) => {
        const file = (files[start + i] as { file: string }).file;
        if ('error' in d) {
          err(`predict: ${file}: ${d.error}\n`);
          failed++;
          return;
        }
        batch.set(d.input, ok.length * per);
        ok.push(file);
      });
      if (ok.length === 0) continue;
      const preds = await classifier.classifyBatch(batch.subarray(0, ok.length * per), ok.length);
      out(`${ok.map((f, i) => formatRow(args.format, f, preds[i] as Prediction, model)).join('\n')}\n`);
    }
  } finally {
    await (await poolReady).close();
    classifier.dispose();
  }
  return failed > 0 ? 1 : 0;
}

/** Runs the CLI on this process's stdout and stderr and sets its exit code (cli/run.mjs, or this file under tsx). */
export async function cli(argv: readonly string[]): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // The reader went away (`predict ... | head`): stop quietly, as Unix tools do, not with a stack trace.
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  try {
    process.exitCode = await main(
      argv,
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
  } catch (e) {
    process.stderr.write(`predict: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void cli(process.argv.slice(2));
