/**
 * A model folder's results as the card reads them: metrics.json (written by the export) with each measuring step's
 * report file beside it merged in under its key, as training/lib/reports.py read_metrics does for the printed card.
 */
import type { ModelMetrics } from './types';

/** The report files beside metrics.json, by the key of {@link ModelMetrics} each is read under. */
export const REPORT_FILES = { crossClinic: 'cross-clinic.json', photoKind: 'photo-kind.json' } as const;

/** A key of {@link REPORT_FILES}. */
export type ReportKey = keyof typeof REPORT_FILES;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The model version a report says it measured (its `measured.version`), if it says. */
const measuredVersion = (report: Record<string, unknown>): unknown => (isObject(report.measured) ? report.measured.version : undefined);

/**
 * metrics.json with the reports merged in (a report that is missing or not an object adds nothing, and neither does a
 * report that measured another model version than metrics.json's: its section then says "not available", as the
 * printed card stops on it). Where metrics.json already has the key (the export's record of the photo-kind fit), the
 * report's fields join it and its sets follow the export's.
 */
export function mergeReports(metrics: ModelMetrics, reports: Partial<Record<ReportKey, unknown>>): ModelMetrics {
  const out: Record<string, unknown> = { ...metrics };
  const version = metrics.model?.version;
  for (const key of Object.keys(REPORT_FILES) as ReportKey[]) {
    const report = reports[key];
    if (!isObject(report)) continue;
    const measured = measuredVersion(report);
    if (version !== undefined && measured !== undefined && measured !== version) continue;
    const fitted = isObject(out[key]) ? (out[key] as Record<string, unknown>) : {};
    const sets = Array.isArray(fitted.sets) && Array.isArray(report.sets) ? { sets: [...fitted.sets, ...report.sets] } : {};
    out[key] = { ...fitted, ...report, ...sets };
  }
  return out as ModelMetrics;
}
