"""Rebuild a train.py-style checkpoint from the shipped tfjs model in public/model/.

Checkpoints live in training/runs/, which is not committed, so a new machine has none. This reads model.json and
weights.bin back (every encoding decoded exactly as the app does), removes the prior correction that
the export folded into the head's bias (metrics.json prior_correction.alpha times the log train-split prior), and
writes {"model", "size", "sog_p", ...} so that train.py --init and soup.py can start from the shipped weights.
The decoded weights are the quantized ones, not the float weights that were evaluated before export, so its
validation score can differ slightly from the one recorded for the shipped model, and an export of it compares its
encoding with these decoded weights (metrics.json quantization.scheme says so).

Usage: python3 -m training.from_export --out training/runs/shipped/1.3.0.pt [--model-dir public/model] [--score]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.paths import MODEL
from training.lib.model import SkinNet, from_export
from training.lib.taxonomy import LABELS


def rebuild(model_dir: Path) -> tuple[SkinNet, dict]:
    """The exported model as a checkpoint: its decoded weights, the prior correction taken out of the head's bias."""
    meta = json.loads((model_dir / "metadata.json").read_text())
    metrics = json.loads((model_dir / "metrics.json").read_text())
    if meta["labels"] != LABELS:
        raise ValueError(f"labels {meta['labels']} differ from the taxonomy's {LABELS}")
    model, w = from_export(model_dir)
    with torch.no_grad():
        alpha = float(metrics["prior_correction"]["alpha"])
        train = split_by_lesion(read_rows())["train"]
        prior = np.bincount([r.label for r in train], minlength=len(LABELS)) / len(train)
        model.head.bias.copy_(torch.from_numpy((w["logits/bias"] - alpha * np.log(prior)).astype(np.float32)))
    # soup.py --stored-scores and pack.py need a validation score: the one the export recorded for the float weights
    # at the full frame (the crop train.py and soup.py score); main(--score) replaces it with the rebuilt weights' own.
    recorded = float(metrics["crop"]["validation_balanced_accuracy"]["1.0"])
    state = {
        "model": model.state_dict(),
        "epoch": -1,
        "val_bacc": recorded,
        "size": int(meta["input"]["size"]),
        "seed": None,
        "sog_p": float(meta["input"].get("colourConstancy", {}).get("p", 0) or 0),
        "source": f"{model_dir} {meta['version']}",
        "trained_on": metrics["model"].get("trained_on", ["ham10000"]),
    }
    return model, state


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--model-dir", type=Path, default=MODEL)
    ap.add_argument(
        "--score", action="store_true", help="score the rebuilt weights on validation (4 minutes on 2 cores) instead of keeping the recorded float score"
    )
    args = ap.parse_args()
    model, state = rebuild(args.model_dir)
    if args.score:
        from training.lib.preprocess import eval_tensor
        from training.lib.metrics import balanced_accuracy

        torch.set_num_threads(2)
        val = split_by_lesion(read_rows())["val"]
        x = eval_tensor(val, state["size"], sog_p=state["sog_p"])
        with torch.no_grad():
            pred = torch.cat([model(x[i : i + 256]).argmax(1) for i in range(0, len(x), 256)]).numpy()
        state["val_bacc"] = balanced_accuracy(np.array([r.label for r in val]), pred, len(LABELS))
    print(f"validation balanced accuracy {state['val_bacc']:.4f} ({'scored here' if args.score else 'recorded in metrics.json for the float weights'})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, args.out)
    print(f"{state['source']} -> {args.out}")


if __name__ == "__main__":
    main()
