"""Weight encoding against the float weights, on validation (docs/results/weight-encoding-rule.md): the size of
weights.bin, top-1 agreement and melanoma-vs-nevus AUC on HAM10000 val and isic2017 val. Attempt 1: every kernel
rounded to its channel's nearest uint8 code. Attempt 2 (what the export writes): the 1x1 kernels' codes chosen by
GPTQ on HAM10000 training images (lib/quantize.py calibrated), the stem float16.

Usage: python3 -m training.analyses.weight_encoding [--model public/model] [--attempt 1|2] [--limit N]
--model is the reference, decoded to float32. The recorded runs (docs/results/weight-encoding-attempt*.txt) used
1.3.1's folder, the weights 1.3.2 re-encodes (training/README.md says how to get it: `git archive 0ced903
public/model`); on public/model itself (1.3.2) this measures re-encoding weights that are already encoded.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_external, read_rows, split_by_lesion
from training.lib.metrics import malignant_vs_benign_auc, melanoma_vs_nevus_auc, softmax
from training.lib.model import from_export, run
from training.lib.paths import MODEL
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import MALIGNANT, MEL, NV
from training.lib.quantize import CALIBRATION_IMAGES, calibrated
from training.lib.tfjs_export import FLOAT16_KERNELS, dequantized, tfjs_model

LIMIT_BYTES = 2_600_000
MIN_AGREEMENT = 0.995
MAX_AUC_DIFF = 0.003


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--attempt", type=int, default=1, choices=(1, 2))
    ap.add_argument("--limit", type=int, default=0, help="every n-th image (a quick look; the rule uses all)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--calibration", type=int, default=CALIBRATION_IMAGES, help="HAM10000 training images for GPTQ's input statistics")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    say = lambda m: print(f"[{time.time() - t0:5.0f}s] {m}", flush=True)  # noqa: E731
    meta = json.loads((args.model / "metadata.json").read_text())
    size, fraction = meta["input"]["size"], meta["input"]["cropFraction"]
    model, w = from_export(args.model)
    proj = (w["ood_proj/kernel"], w["ood_proj/bias"], (w["ood_mid/kernel"], w["ood_mid/bias"]))
    sets = {"HAM10000 val": split_by_lesion(read_rows())["val"], "isic2017 val": read_external("isic2017", ("val",))}
    if args.limit:
        sets = {k: v[:: args.limit] for k, v in sets.items()}
    xs = {k: eval_tensor(v, size, fraction=fraction) for k, v in sets.items()}
    ys = {k: np.array([r.label for r in v]) for k, v in sets.items()}
    ref = {k: softmax(run(model, x)[0], 1.0) for k, x in xs.items()}
    say("reference (float32 weights) scored: " + ", ".join(f"{k} {len(v)} images" for k, v in sets.items()))

    float16 = FLOAT16_KERNELS
    if args.attempt == 1:
        # As committed: the stem rounded per channel too (it is float16 since attempt 2).
        float16 = tuple(k for k in FLOAT16_KERNELS if k != "MobilenetV2_Conv/kernel")
        grids, source = None, model
    else:
        train = split_by_lesion(read_rows())["train"]
        calib = train[:: max(1, len(train) // args.calibration)][: args.calibration]
        source, grids = calibrated(model, eval_tensor(calib, size, fraction=fraction))
        say(f"GPTQ on {len(calib)} HAM10000 training images")
    nbytes = len(tfjs_model(source, size, proj[0], proj[1], True, proj[2], grids, float16)[1])
    cand = dequantized(source, *proj, grids=grids, float16=float16)
    ok = nbytes <= LIMIT_BYTES
    print(f"\nattempt {args.attempt}: weights.bin {nbytes:,} bytes (limit {LIMIT_BYTES:,}) {'pass' if ok else 'FAIL'}")
    print(f"{'set':<14} {'images':>6} {'top-1 agreement':>16} {'AUC float':>10} {'AUC encoded':>12} {'diff':>8} {'max |dp|':>9}  verdict")
    enc = {k: softmax(run(cand, x)[0], 1.0) for k, x in xs.items()}
    for k, x in xs.items():
        p = enc[k]
        agree = float((p.argmax(1) == ref[k].argmax(1)).mean())
        a_ref = melanoma_vs_nevus_auc(ys[k], ref[k], MEL, NV)
        a_new = melanoma_vs_nevus_auc(ys[k], p, MEL, NV)
        good = agree >= MIN_AGREEMENT and abs(a_new - a_ref) <= MAX_AUC_DIFF
        ok = ok and good
        print(
            f"{k:<14} {len(x):>6} {agree:>16.4f} {a_ref:>10.4f} {a_new:>12.4f} {a_new - a_ref:>+8.4f} {np.abs(p - ref[k]).max():>9.4f}  "
            f"{'pass' if good else 'FAIL'}"
        )
    print(f"verdict: {'PASS' if ok else 'FAIL'}" + ("" if args.limit == 0 else " (a --limit run: not the rule's measure)"))

    # Beside the rule (which judges the melanoma-vs-nevus AUC above): the other two AUCs the batch CLI reports.
    print(f"\nnot part of the rule: {'set':<14} {'mal-vs-ben float':>17} {'encoded':>8} {'diff':>8} {'p(mel) alone float':>19} {'encoded':>8} {'diff':>8}")
    for k, p in enc.items():
        mal = np.isin(ys[k], MALIGNANT)
        m_ref, m_new = malignant_vs_benign_auc(mal, ref[k]), malignant_vs_benign_auc(mal, p)
        a_ref, a_new = melanoma_vs_nevus_auc(ys[k], ref[k], MEL, NV, True), melanoma_vs_nevus_auc(ys[k], p, MEL, NV, True)
        print(f"{'':<21} {k:<14} {m_ref:>17.4f} {m_new:>8.4f} {m_new - m_ref:>+8.4f} {a_ref:>19.4f} {a_new:>8.4f} {a_new - a_ref:>+8.4f}")


if __name__ == "__main__":
    main()
