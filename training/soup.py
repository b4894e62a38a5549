"""Model selection among checkpoints and their weight averages ("model soup", Wortsman et al. 2022) by
validation balanced accuracy. Writes the winner as a checkpoint.

Usage: python3 -m training.soup --out training/runs/selected.pt CKPT [CKPT ...]
Up to four checkpoints: every subset is tried. More (e.g. the last epochs of one run): each alone and the average
of all of them (a uniform soup, like stochastic weight averaging over the end of the schedule).
--greedy instead: the greedy soup of the paper: checkpoints sorted by their own validation score, each added to the
average only if that does not lower it. --uniform: only the average of all of them, chosen in advance rather than
by validation (single views and epochs differ by 1-4 points of validation noise: docs/results/tta-1.3.0-val.txt).
All checkpoints must share a starting point (one run, or runs started from the same checkpoint) and their
preprocessing (size, colour constancy).
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion, trained_on
from training.lib.paths import BACKBONE
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import LABELS
from training.lib.metrics import balanced_accuracy
from training.lib.model import SkinNet


def weight_average(models: list[dict]) -> dict:
    """The mean of state dicts (integer buffers averaged as floats)."""
    return {n: sum(m[n].float() for m in models) / len(models) for n in models[0]}


def merged_trained_on(states: list[dict]) -> list[str]:
    """Every collection any of the averaged checkpoints was trained on, in first-seen order."""
    return list(dict.fromkeys(d for s in states for d in trained_on(s)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    how = ap.add_mutually_exclusive_group()
    how.add_argument("--greedy", action="store_true", help="greedy soup (see above) instead of the subsets / uniform average")
    how.add_argument("--uniform", action="store_true", help="score and write only the average of all checkpoints")
    ap.add_argument(
        "--stored-scores",
        action="store_true",
        help=(
            "with --greedy: order by each checkpoint's recorded val_bacc (written by train.py / soup.py on this same validation split) instead of "
            "re-scoring each alone"
        ),
    )
    ap.add_argument("ckpts", type=Path, nargs="+")
    args = ap.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cpu":
        torch.set_num_threads(2)
    states = [torch.load(c, map_location="cpu", weights_only=False) for c in args.ckpts]
    if len({(s["size"], s.get("sog_p", 0)) for s in states}) > 1:
        sys.exit("checkpoints differ in input size or colour constancy; their weights cannot be averaged")
    val = split_by_lesion(read_rows())["val"]
    x = eval_tensor(val, states[0]["size"], sog_p=states[0].get("sog_p", 0))
    y = np.array([r.label for r in val])
    model = SkinNet(BACKBONE).eval().to(device)
    results = []

    def average(combo: tuple[int, ...]) -> dict:
        return weight_average([states[i]["model"] for i in combo])

    def score(combo: tuple[int, ...]) -> float:
        model.load_state_dict(average(combo))
        with torch.no_grad():
            pred = torch.cat([model(x[i : i + 256].to(device)).argmax(1).cpu() for i in range(0, len(x), 256)]).numpy()
        bacc = balanced_accuracy(y, pred, len(LABELS))
        names = " + ".join(f"{args.ckpts[i]} (epoch {states[i]['epoch']})" for i in combo)
        print(f"val balanced acc {bacc:.4f}: {names}", flush=True)
        results.append((bacc, combo))
        return bacc

    count = len(states)
    if args.greedy:
        alone = {i: float(states[i]["val_bacc"]) if args.stored_scores else score((i,)) for i in range(count)}
        if args.stored_scores:
            print("stored scores: " + ", ".join(f"{args.ckpts[i]} {alone[i]:.4f}" for i in range(count)), flush=True)
        order = sorted(alone, key=lambda i: -alone[i])
        combo, bacc = (order[0],), alone[order[0]]
        for i in order[1:]:
            b = score(combo + (i,))
            if b >= bacc:
                combo, bacc = combo + (i,), b
    else:
        candidates = (
            [tuple(range(count))]
            if args.uniform
            else [c for k in range(1, count + 1) for c in itertools.combinations(range(count), k)]
            if count <= 4
            else [(i,) for i in range(count)] + [tuple(range(count))]
        )
        for c in candidates:
            score(c)
        bacc, combo = max(results, key=lambda r: r[0])
    sd = average(combo)
    torch.save(
        {
            "model": sd,
            "epoch": states[combo[0]]["epoch"],
            "val_bacc": bacc,
            "size": states[0]["size"],
            "seed": states[0]["seed"],
            "sog_p": states[0].get("sog_p", 0),
            "sources": [str(args.ckpts[i]) for i in combo],
            "trained_on": merged_trained_on([states[i] for i in combo]),
        },
        args.out,
    )
    print(f"selected {[str(args.ckpts[i]) for i in combo]}: val balanced acc {bacc:.4f} -> {args.out}")


if __name__ == "__main__":
    main()
