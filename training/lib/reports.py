"""A model folder's results, as the model cards read them: metrics.json (written by the export) with each measuring
step's report file beside it merged in under its key (as src/features/model-card/reports.ts mergeReports).
Standard library only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

# The key each report is read under -> its file beside metrics.json, and the step that writes it.
REPORTS = {
    "crossClinic": "cross-clinic.json",  # python3 -m training.measure.cross_clinic
    "photoKind": "photo-kind.json",  # python3 -m training.measure.photo_kind
}


def measured(model_dir: Path) -> dict:
    """Which export a report measured: its version, and a digest of its metadata.json (weights' sha256s, gates and
    thresholds) without the date, so that exporting the same model again keeps its reports."""
    meta = json.loads((model_dir / "metadata.json").read_text())
    digest = hashlib.sha256(json.dumps({k: v for k, v in meta.items() if k != "created"}, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": meta["version"], "metadata": digest}


def write_report(model_dir: Path, key: str, report: dict) -> Path:
    """Writes one measuring step's report beside the model, with the export it measured; returns its path."""
    path = model_dir / REPORTS[key]
    path.write_text(json.dumps({"measured": measured(model_dir)} | report, indent=1) + "\n")
    return path


def read_metrics(model_dir: Path) -> dict:
    """metrics.json with the reports merged in; stops on a report of another export. A report adds its key; where
    metrics.json already has that key (the export's record of the photo-kind fit), the report's fields join it and its
    sets follow the export's."""
    metrics = json.loads((model_dir / "metrics.json").read_text())
    now = measured(model_dir)
    for key, name in REPORTS.items():
        path = model_dir / name
        if not path.exists():
            continue
        report = json.loads(path.read_text())
        if report.get("measured") != now:
            raise SystemExit(f"{path} measured another export ({report.get('measured')}, now {now}): run its step again")
        fitted = metrics.get(key, {})
        metrics[key] = fitted | report | ({"sets": fitted["sets"] + report.get("sets", [])} if "sets" in fitted else {})
    return metrics
