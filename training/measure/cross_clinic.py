"""The model inside and outside HAM10000's two clinics, side by side, measured as a user meets it: every photo goes
through the batch CLI (`npm run predict`: the exported, quantized graph, the app's default crop and its
out-of-scope gate), and this script scores the CSV it prints.

Sets: the HAM10000 internal test (lesion-grouped, 1469 images), isic2017's test split (595 images from other ISIC
contributors), PH2 (200 images from a Portuguese hospital), PAD-UFES-20's test split (158 smartphone photos, split
by patient) and isic2024_tiles' val split (1,053 total-body-photo tiles, benign / malignant only). All but the first
are for measuring only. For each: balanced accuracy over the classes present (top-1 of all seven, from the
probability columns), melanoma-vs-nevus AUC (p(melanoma) / (p(melanoma) + p(nevus)), as the model card's ROC, and p(melanoma) alone;
biopsy-proven images only on the internal test), malignant-vs-benign AUC (the summed probability of the taxonomy's
malignant group), melanoma sensitivity of the top-1 call, and the share not analysed (declined, unsure is analysed; clinical
photos are held back); 95% intervals from a lesion bootstrap (one image = one lesion where none are published).
A statistic a set cannot give (no labels, no melanoma) is left out. With --vs, paired intervals of each difference
to another export (resampling the same lesions).

Usage: python3 -m training.measure.cross_clinic [--model public/model] [--vs DIR] [--write]
--write stores the report as cross-clinic.json beside the model (lib/reports.py).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import numpy as np

from training.lib.data import read_external, read_rows, split_by_lesion
from training.lib.metrics import balanced_accuracy, cluster_bootstrap, malignant_vs_benign_auc, melanoma_vs_nevus_auc
from training.lib.paths import HAM, MODEL, ROOT
from training.lib.reports import write_report
from training.lib.taxonomy import LABELS, MEL, NV

SETS = {
    "internal_test": "HAM10000 internal test (the two training clinics)",
    "isic2017_test": "isic2017 test (other ISIC contributors)",
    "ph2": "PH2 (Hospital Pedro Hispano, Portugal)",
    "pad_ufes20_test": "PAD-UFES-20 test (smartphone photos, Brazil)",
    "isic2024_tiles_val": "isic2024_tiles val (total-body-photo tiles, five clinics)",
}


def evaluation_sets() -> dict[str, dict]:
    """Per set: image paths, labels, lesion groups, and which images count for the melanoma-vs-nevus AUC."""
    out = {}
    test = split_by_lesion(read_rows())["test"]
    out["internal_test"] = {
        "files": [HAM / r.file for r in test],
        "y": [r.label for r in test],
        "malignant": [r.is_malignant for r in test],
        "groups": [r.lesion_id for r in test],
        "auc_mask": [r.biopsy for r in test],
    }
    for name, rows in (
        ("isic2017_test", read_external("isic2017", ("test",))),
        ("ph2", read_external("ph2")),
        ("pad_ufes20_test", read_external("pad_ufes20", ("test",))),
        ("isic2024_tiles_val", read_external("isic2024_tiles", ("val",))),
    ):
        out[name] = {
            "files": [r.path for r in rows],
            "y": [r.label for r in rows],
            "malignant": [r.is_malignant for r in rows],
            "groups": [r.lesion_id for r in rows],
            "auc_mask": [True] * len(rows),
        }
    return {k: {kk: np.array(v) if kk != "files" else v for kk, v in s.items()} for k, s in out.items()}


def predictions(model_dir: Path, files: list[Path], cache: Path, threads: int) -> dict[str, dict]:
    """The CLI's rows for these files, keyed by path (cached by the export's weights and the file list)."""
    key = hashlib.sha256(
        (model_dir / "weights.bin").read_bytes() + (model_dir / "metadata.json").read_bytes() + "\n".join(map(str, files)).encode()
    ).hexdigest()[:16]
    path = cache / f"predict-{key}.csv"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = ["node", str(ROOT / "cli" / "run.mjs"), "--format", "csv", "--model", str(model_dir), "--threads", str(threads), *map(str, files)]
        print(f"running the CLI on {len(files)} photos with {model_dir} ...", flush=True)
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"predict failed ({r.returncode}): {r.stderr[-2000:]}")
        path.write_text(r.stdout)
    return {row["file"]: row for row in csv.DictReader(io.StringIO(path.read_text()))}


def scores(rows: list[dict], s: dict) -> dict[str, np.ndarray]:
    p = np.array([[float(r[c]) for c in LABELS] for r in rows])
    return {"p": p, "top": p.argmax(1), "declined": np.array([r["in_scope"] != "1" for r in rows]), "kind": np.array([r.get("photo_kind", "") for r in rows])}


def statistics(y: np.ndarray, auc_mask: np.ndarray, malignant: np.ndarray):
    """The set's statistics as functions of (scores, image indices): each raises ValueError where undefined."""

    def bacc(sc, i):
        if (y[i] < 0).any():
            raise ValueError("no diagnoses")
        return balanced_accuracy(y[i], sc["top"][i], len(LABELS))

    def malignant_auc(sc, i):
        return malignant_vs_benign_auc(malignant[i], sc["p"][i])

    def auc_of(alone: bool):
        def auc(sc, i):
            i = i[auc_mask[i]]
            return melanoma_vs_nevus_auc(y[i], sc["p"][i], MEL, NV, alone)

        return auc

    def sensitivity(sc, i):
        i = i[y[i] == MEL]
        if not len(i):
            raise ValueError("no melanoma")
        return float((sc["top"][i] == MEL).mean())

    def declined(sc, i):
        return float(sc["declined"][i].mean())

    # The model card's score, p(melanoma) / (p(melanoma) + p(nevus)), and p(melanoma) alone (which also counts the other five classes'
    # share against melanoma, as a reader of the CLI's probability column would).
    return {
        "balancedAccuracy": bacc,
        "melanomaVsNevusAuc": auc_of(False),
        "melanomaVsNevusAucMelAlone": auc_of(True),
        "malignantVsBenignAuc": malignant_auc,
        "melanomaSensitivity": sensitivity,
        "declined": declined,
    }


def report(model_dir: Path, vs: Path | None, cache: Path, threads: int) -> dict:
    sets = evaluation_sets()
    files = [f for s in sets.values() for f in s["files"]]
    mine = predictions(model_dir, files, cache, threads)
    theirs = predictions(vs, files, cache, threads) if vs else None
    out = {
        "about": "each photo through the batch CLI (the exported graph, the default crop, the out-of-scope gate); "
        "intervals: 95% lesion bootstrap; AUC on biopsy-proven images on the internal test, all images elsewhere",
        "command": " ".join(["python3", "-m", "training.measure.cross_clinic", *sys.argv[1:]]),
        "sets": {},
    }
    for name, s in sets.items():
        rows = [mine[str(f)] for f in s["files"]]
        sc = scores(rows, s)
        idx = np.arange(len(rows))
        stats = statistics(s["y"], s["auc_mask"], s["malignant"])
        entry = {
            "name": SETS[name],
            "images": len(rows),
            "classes": [LABELS[c] for c in sorted(set(s["y"].tolist()))],
            "melanomas": int((s["y"] == MEL).sum()),
            "nevi": int((s["y"] == NV).sum()),
        }
        for key, fn in list(stats.items()):
            try:
                value = fn(sc, idx)
            except ValueError:  # e.g. no diagnoses (tiles) or no melanoma: this set cannot give it
                del stats[key]
                continue
            entry[key] = {"value": value} | ({} if key == "declined" else {"ci": cluster_bootstrap(s["groups"], lambda i, fn=fn: fn(sc, i))})
        if (sc["kind"] != "").any():
            entry["photoKind"] = {k: float((sc["kind"] == k).mean()) for k in ("dermoscopic", "clinical", "other")}
        if theirs is not None:
            ref = scores([theirs[str(f)] for f in s["files"]], s)
            entry["versus"] = {"model": str(vs)}
            for key in [k for k in stats if k != "declined"]:
                fn = stats[key]
                entry["versus"][key] = {
                    "reference": fn(ref, idx),
                    "difference": fn(sc, idx) - fn(ref, idx),
                    "ci": cluster_bootstrap(s["groups"], lambda i, fn=fn: fn(sc, i) - fn(ref, i)),
                }
            entry["versus"]["declined"] = {"reference": stats["declined"](ref, idx)}
        out["sets"][name] = entry
    return out


def fmt(v: dict) -> str:
    return f"{v['value']:.3f}" + (f" ({v['ci'][0]:.3f}-{v['ci'][1]:.3f})" if "ci" in v else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--vs", type=Path, help="another export to compare with, paired (e.g. the previous public/model)")
    ap.add_argument("--write", action="store_true", help="store the report beside --model (cross-clinic.json)")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "runs" / "cross-clinic")
    ap.add_argument("--threads", type=int, default=2, help="CLI decode threads")
    args = ap.parse_args()
    rep = report(args.model.resolve(), args.vs.resolve() if args.vs else None, args.cache, args.threads)
    for name, e in rep["sets"].items():
        print(f"{e['name']}: {e['images']} images ({e['melanomas']} melanomas, {e['nevi']} nevi)")
        for key in [
            k
            for k in ("balancedAccuracy", "melanomaVsNevusAuc", "melanomaVsNevusAucMelAlone", "malignantVsBenignAuc", "melanomaSensitivity", "declined")
            if k in e
        ]:
            line = f"  {key}: {fmt(e[key])}"
            if "versus" in e and key in e["versus"]:
                d = e["versus"][key]
                line += f"   vs {d['reference']:.3f}" + (f": {d['difference']:+.3f} ({d['ci'][0]:+.3f} to {d['ci'][1]:+.3f})" if "difference" in d else "")
            print(line)
        if "photoKind" in e:
            print("  photo kind: " + ", ".join(f"{k} {v:.3f}" for k, v in e["photoKind"].items()))
    if args.write:
        print(f"wrote {write_report(args.model, 'crossClinic', rep)}")


if __name__ == "__main__":
    main()
