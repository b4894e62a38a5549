"""Conversion check data: export a checkpoint (or a smoke-trained model) to tfjs as float32 and as the shipped
encoding (1x1 kernels uint8 per output channel with GPTQ codes, calibrated here on the same images; other kernels
float16), and write 20 real internal-test inputs with the PyTorch outputs for the Node test to compare.

Usage: python3 -m training.checks.parity --out DIR [--ckpt training/runs/main/best.pt]
Without --ckpt it first runs the reproduction's first step with --smoke (`bash training/reproduce.sh --smoke`: a few
steps on a few images), so CI runs that step and fails when it breaks.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.paths import ROOT
from training.lib.preprocess import eval_tensor
from training.lib.tfjs_export import dequantized, write_tfjs
from training.lib.model import load_checkpoint
from training.lib.quantize import calibrated


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--ckpt", type=Path)
    ap.add_argument("-n", type=int, default=20)
    args = ap.parse_args()
    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)
    ckpt = args.ckpt
    if ckpt is None:
        runs = (args.out / "smoke-run").resolve()
        # At 160 px: the conversion does not depend on the size, and (224/160)^2 = 2x fewer pixels keep the Node side quick.
        subprocess.run(
            ["bash", str(ROOT / "training" / "reproduce.sh"), "--smoke", "--size", "160"],
            check=True,
            env={**os.environ, "RUNS": str(runs), "PYTHON": sys.executable},
        )
        ckpt = runs / "stage6" / "best.pt"
    model, state = load_checkpoint(ckpt)
    size = state["size"]
    test = split_by_lesion(read_rows())["test"]
    rows = test[:: max(1, len(test) // args.n)][: args.n]
    x = eval_tensor(rows, size, sog_p=state.get("sog_p", 0))
    rng = np.random.default_rng(0)
    proj_w = rng.standard_normal((1280, 8)).astype(np.float32) * 0.01
    proj_b = np.zeros(8, np.float32)
    mid = (rng.standard_normal((64, 5)).astype(np.float32) * 0.1, rng.standard_normal(5).astype(np.float32) * 0.1)
    write_tfjs(model, size, proj_w, proj_b, args.out / "float", quantize=False, mid=mid)
    qmodel, grids = calibrated(model, x)
    write_tfjs(qmodel, size, proj_w, proj_b, args.out / "quant", quantize=True, mid=mid, grids=grids)
    with torch.no_grad():
        lf, feats, mids = model(x, with_features=True)
        lq = dequantized(qmodel, proj_w, proj_b, mid, grids=grids).eval()(x)
    ood = np.concatenate([feats.numpy() @ proj_w + proj_b, mids.numpy() @ mid[0] + mid[1]], 1)
    x.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(args.out / "inputs.bin")
    ref = {
        "n": len(rows),
        "size": size,
        "images": [r.image_id for r in rows],
        "checkpoint": str(ckpt),
        "probs_float": torch.softmax(lf, 1).tolist(),
        "probs_quant": torch.softmax(lq, 1).tolist(),
        "ood_float": ood.tolist(),
    }
    (args.out / "reference.json").write_text(json.dumps(ref))
    print(f"wrote {args.out}: {len(rows)} images at {size} px")


if __name__ == "__main__":
    main()
