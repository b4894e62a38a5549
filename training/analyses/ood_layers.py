"""The comparison behind model.MID_LAYER: for six block outputs, a single-Gaussian Mahalanobis distance on the
pooled activations (fitted on every 4th training image), thresholded at the 0.985 quantile of validation images
plus augmented validation images, and the share of lesions (half the internal test) and of non-lesions
(ood_natural + generated cases) it declines. The non-lesion images here are the same ones the export reports,
so the chosen layer's rate on them is optimistic; the export adds photos that took no part in the choice.

Usage: python3 -m training.analyses.ood_layers [--ckpt training/runs/selected.pt]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.paths import ROOT
from training.lib.preprocess import eval_tensor
from training.lib.fit import MidFit, augmented_views
from training.lib.metrics import SEED
from training.lib.model import load_checkpoint
from training.lib.ood_cases import generated_cases, natural_photos

LAYERS = [f"MobilenetV2_expanded_conv_{i}_add" for i in (2, 5, 9, 12, 15)] + ["MobilenetV2_expanded_conv_16_project"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, default=ROOT / "training" / "runs" / "selected.pt")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, state = load_checkpoint(args.ckpt)
    size = state["size"]
    sog = state.get("sog_p", 0)
    parts = split_by_lesion(read_rows())

    def pooled(x: torch.Tensor) -> dict[str, np.ndarray]:
        out: dict[str, list[torch.Tensor]] = {name: [] for name in LAYERS}
        with torch.no_grad():
            for i in range(0, len(x), 64):
                acts = model.backbone(x[i : i + 64], keep=tuple(LAYERS))
                for name in LAYERS:
                    out[name].append(acts[name].mean(dim=(2, 3)))
        return {k: torch.cat(v).numpy().astype(np.float64) for k, v in out.items()}

    sets = {
        "train": pooled(eval_tensor(parts["train"][::4], size, sog_p=sog)),
        "val": pooled(torch.cat([eval_tensor(parts["val"], size, sog_p=sog), augmented_views(parts["val"], size, SEED, sog)])),
        "test": pooled(eval_tensor(parts["test"][::2], size, sog_p=sog)),
        "natural": pooled(natural_photos(size, 1.0, sog)[1]),
        "generated": pooled(generated_cases(size, 1.0, sog)[1]),
    }
    print(f"{'layer':40s} {'dims':>5s} {'lesions declined':>17s} {'natural declined':>17s} {'generated declined':>19s}")
    for name in LAYERS:
        fit = MidFit(sets["train"][name])
        t = np.quantile(fit.scores(sets["val"][name]), 0.985)
        rate = {k: float((fit.scores(sets[k][name]) > t).mean()) for k in ("test", "natural", "generated")}
        print(f"{name:40s} {sets['train'][name].shape[1]:5d} {rate['test']:17.3f} {rate['natural']:17.3f} {rate['generated']:19.3f}")


if __name__ == "__main__":
    main()
