"""A checkpoint under the camera and light shifts of training.lib.shifts, with the decision rule of a metrics.json.

Usage:
  python3 -m training.analyses.shifts --ckpt training/runs/stage6/soup-tail.pt --metrics public/model/metrics.json
The export reports the same figures for the model it writes (metrics.json "shifted").
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import LABELS
from training.lib.model import load_checkpoint
from training.lib.shifts import scores, shift_report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--metrics", type=Path, required=True, help="metrics.json whose prior correction and crop to use")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--split", choices=["test", "val"], default="test", help="val: compare candidate models without touching the test split")
    ap.add_argument("--alpha", type=float, help="prior correction instead of the metrics file's")
    ap.add_argument("--fraction", type=float, help="default crop instead of the metadata's")
    ap.add_argument("--write", action="store_true", help='store the test-split report in the metrics file as "shifted" (as the export does)')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, state = load_checkpoint(args.ckpt)
    meta = json.loads(args.metrics.read_text())
    alpha = meta["prior_correction"]["alpha"] if args.alpha is None else args.alpha
    fraction = args.fraction or json.loads((args.metrics.parent / "metadata.json").read_text())["input"].get("cropFraction", 1.0)
    parts = split_by_lesion(read_rows())
    train_y = np.array([r.label for r in parts["train"]])
    adjust = alpha * np.log(np.bincount(train_y, minlength=len(LABELS)) / len(train_y))
    sog = state.get("sog_p", 0)
    T = meta["calibration"]["temperature"]

    def logits_of(x: torch.Tensor) -> np.ndarray:
        with torch.no_grad():
            return (torch.cat([model(x[i : i + 128]) for i in range(0, len(x), 128)]).numpy() + adjust) / T

    rows = parts[args.split]
    clean = scores(logits_of(eval_tensor(rows, state["size"], fraction=fraction, sog_p=sog)), np.array([r.label for r in rows]))
    print(f"{args.ckpt}: alpha {alpha}, crop {fraction}, shades of grey p={sog}; clean {clean}")
    report = shift_report(logits_of, rows, state["size"], fraction, sog, clean, split={"test": "internal test", "val": "validation"}[args.split])
    print(json.dumps(report, indent=1))
    if args.write and args.split == "test":
        meta["shifted"] = report
        args.metrics.write_text(json.dumps(meta, indent=1))
        print(f"wrote shifted into {args.metrics}")


if __name__ == "__main__":
    main()
