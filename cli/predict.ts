/**
 * Batch prediction with the shipped model, same preprocessing and the same decision about each photo as the browser
 * (core/preprocess toModelInput, core/photo-decision decidePhoto).
 *   npm run --silent predict -- [--format csv|json] [--photo-kind auto|dermoscopic|clinical] [--model public/model] [--batch 4] [--backend wasm|cpu] [--threads N] <images or folders...>
 * stdout: CSV (file,<labels>,in_scope,photo_kind,top,photo_kind_check,decision,reason) or JSON lines with the same
 * fields. photo_kind is the kind the decision treats the photo as (dermoscopic, clinical or other), photo_kind_check
 * the check's own call, decision the outcome (analysed, unsure, clinical or declined) and reason why (the decision's
 * reason, core/photo-decision.ts); in_scope is 1 only when photo_kind is dermoscopic; top is empty (null in JSON)
 * on a declined row, where the page shows no diagnosis. --photo-kind says how the photos were taken, as the page's
 * choice does (auto: the check decides). Photos over the page's decode limit are scaled down as the page scales
 * them, with the page's note on stderr. A file that cannot be read or decoded gets one line on stderr and exit code
 * 1; the rest are still processed. Usage errors exit 2.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DECISION_REASONS, decidePhoto, isPhotoStatement, PHOTO_STATEMENTS, type PhotoDecision, type PhotoStatement } from '../src/core/photo-decision';
import { aggregate, flatten } from '../src/core/taxonomy';
import { argmax } from '../src/core/probabilities';
import type { Prediction } from '../src/model/types';
import { createDecodePool, type Decoded } from './decode-pool';
import { collectImages } from './images';
import { loadModelFromDir, readModelMetadata, setupNodeBackend, type CheckedMetadata, type NodeModel } from './node-model';

/** Parsed command line. */
export interface PredictArgs {
  format: 'csv' | 'json';
  /** How the photos were taken, as the person says (auto: the check decides). */
  photoKind: PhotoStatement;
  model: string;
  batch: number;
  backend: 'wasm' | 'cpu';
  /** Decode worker threads (0: decode on the main thread); default one per core, at most 4. */
  threads?: number;
  inputs: string[];
}

const USAGE = `usage: npm run --silent predict -- [--format csv|json] [--photo-kind ${PHOTO_STATEMENTS.join('|')}] [--model DIR] [--batch N] [--backend wasm|cpu] [--threads N] <image files or folders...>`;
/** --help: the usage line, what --photo-kind means and the columns. */
const HELP = `${USAGE}
  --photo-kind  how the photos were taken: auto (default) lets the photo-kind check decide; dermoscopic (through a
                dermatoscope) is analysed unless the check thinks it is an ordinary photo; clinical (ordinary camera)
                is never analysed. Photos that are not of skin are declined whatever it says.
columns: file, one per diagnosis, in_scope, photo_kind (the kind decided), top (empty when declined),
photo_kind_check (the check's own call), decision (analysed, unsure, clinical or declined), reason (why: ${DECISION_REASONS.join(', ')})`;

/** "auto, dermoscopic or clinical". */
const STATEMENT_LIST = `${PHOTO_STATEMENTS.slice(0, -1).join(', ')} or ${PHOTO_STATEMENTS.at(-1)}`;

/** A command-line mistake (exit code 2). */
export class UsageError extends Error {}

/** Parses argv (without node and the script). Throws UsageError with a message. */
export function parseArgs(argv: readonly string[]): PredictArgs | 'help' {
  // Batch 4: the wasm backend costs the same per image at any batch size here, but its first call grows with the
  // batch (about 0.9 s at 16, 0.27 s at 4: memory for the activations), and smaller batches fill the pipeline sooner.
  const a: PredictArgs = { format: 'csv', photoKind: 'auto', model: 'public/model', batch: 4, backend: 'wasm', inputs: [] };
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
      case '--photo-kind': {
        const v = value();
        if (!isPhotoStatement(v)) throw new UsageError(`--photo-kind must be ${STATEMENT_LIST}, got ${v}`);
        a.photoKind = v;
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

/** The CSV header for these labels (the row's fields in formatRow's order). */
export const csvHeader = (labels: readonly string[]): string => `file,${labels.join(',')},in_scope,photo_kind,top,photo_kind_check,decision,reason`;

/** One output line (without the newline) for one image and the decision taken about it. */
export function formatRow(format: 'csv' | 'json', file: string, p: Prediction, d: PhotoDecision, m: NodeModel): string {
  const labels = m.metadata.labels;
  // As the page: no diagnosis for a declined photo (its probabilities stay, for analysis), and the photo is analysed
  // (in scope) only when the decision treats it as dermoscopic.
  const top = d.outcome === 'declined' ? null : (labels[argmax(p.probabilities)] as string);
  const inScope = d.kind === 'dermoscopic';
  if (format === 'csv') {
    return [csvField(file), ...p.probabilities.map((v) => v.toFixed(6)), inScope ? '1' : '0', d.kind, top ?? '', d.check.kind, d.outcome, d.reason].join(',');
  }
  const probabilities = Object.fromEntries(labels.map((l, i) => [l, p.probabilities[i] ?? 0]));
  const nodes = Object.fromEntries(flatten(aggregate(m.taxonomy.root, labels, p.probabilities)).map((n) => [n.id, n.probability]));
  return JSON.stringify({
    file,
    probabilities,
    in_scope: inScope,
    photo_kind: d.kind,
    top,
    photo_kind_check: d.check.kind,
    decision: d.outcome,
    reason: d.reason,
    nodes,
  });
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
    out(`${HELP}\n`);
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
    if (args.format === 'csv') out(`${csvHeader(metadata.labels)}\n`);
    const files = await collectImages(args.inputs);
    const per = classifier.inputLength;
    const batch = new Float32Array(per * args.batch);
    // Decoding of the next batch runs on the pool while the model works on this one.
    const startBatch = (from: number): Promise<Decoded | { error: string }>[] =>
      files
        .slice(from, from + args.batch)
        .map((c) =>
          'error' in c
            ? Promise.resolve({ error: c.error })
            : pool.decode(c.file).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) })),
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
        // The page's notes (a photo scaled down) go beside the row, as the page shows them beside the photo.
        for (const note of d.notes) err(`predict: ${file}: ${note}\n`);
        batch.set(d.input, ok.length * per);
        ok.push(file);
      });
      if (ok.length === 0) continue;
      const preds = await classifier.classifyBatch(batch.subarray(0, ok.length * per), ok.length);
      const rows = ok.map((f, i) => {
        const p = preds[i] as Prediction;
        const decision = decidePhoto(p, batch.subarray(i * per, (i + 1) * per), metadata, args.photoKind);
        return formatRow(args.format, f, p, decision, model);
      });
      out(`${rows.join('\n')}\n`);
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
