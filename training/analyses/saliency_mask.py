"""Does the saliency map look at the lesion? training.lib.saliency's measure on validation photos, for one checkpoint
or two. With --vs, the paired differences with 95% intervals from a bootstrap over lesions.

Usage: python3 -m training.analyses.saliency_mask --ckpt training/runs/shipped/1.3.0.pt [--vs B.pt] [--n 400]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.paths import ROOT
from training.lib.metrics import cluster_bootstrap
from training.lib.model import load_checkpoint
from training.lib.saliency import lesion_views, scores

METADATA = ROOT / "public" / "model" / "metadata.json"


def main() -> None:
    meta = json.loads(METADATA.read_text())
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--vs", type=Path, help="a second checkpoint, compared photo by photo")
    ap.add_argument("--n", type=int, default=400, help="about this many validation photos, evenly spaced through the split (which is ordered by diagnosis)")
    ap.add_argument("--fraction", type=float, default=meta["input"]["cropFraction"])
    ap.add_argument("--temperature", type=float, default=meta["temperature"])
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    val = split_by_lesion(read_rows())["val"]
    rows = val[:: max(1, len(val) // args.n)]
    size = meta["input"]["size"]
    x, masks, groups, area = lesion_views(rows, size, args.fraction)
    print(
        f"{len(rows)} validation photos, {len(groups)} with the lesion covering 2-90% of the view "
        f"(mean {area.mean():.3f}); crop {args.fraction}, temperature {args.temperature:.3f}"
    )
    results = {}
    for path in [args.ckpt] + ([args.vs] if args.vs else []):
        model, _ = load_checkpoint(path)
        s = scores(model, x, masks, args.temperature)
        results[path] = s
        print(
            f"{path}: saliency on the lesion {s['share'].mean():.3f} (even spread: {area.mean():.3f}; "
            f"lift {np.mean(s['share'] / area):.2f}x), peak on the lesion {s['hit'].mean():.3f}"
        )
    if args.vs:
        a, b = results[args.ckpt], results[args.vs]
        for k, name in (("share", "saliency on the lesion"), ("hit", "peak on the lesion")):
            d = a[k] - b[k]
            lo, hi = cluster_bootstrap(groups, lambda i: d[i].mean())
            print(f"{name}: {args.ckpt.name} - {args.vs.name} = {d.mean():+.3f} (95% interval {lo:+.3f} to {hi:+.3f})")


if __name__ == "__main__":
    main()
