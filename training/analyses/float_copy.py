"""A copy of an exported model folder whose weights are the checkpoint's float32 ones: the reference the batch CLI
measures the shipped encoding against (`python3 -m training.measure.cross_clinic --model public/model --vs OUT`).
Everything else is the export's own: the head's bias with its prior correction and the out-of-scope projections are
read back from the folder, and metadata.json keeps every fitted value, with the new weight file's size and sha256.

Usage: python3 -m training.analyses.float_copy --ckpt training/runs/shipped/1.3.0.pt [--model public/model] --out DIR
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch

from training.lib.model import load_checkpoint
from training.lib.paths import MODEL
from training.lib.tfjs_export import write_tfjs
from training.lib.tfjs_graph import read_weights


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.out.resolve() == args.model.resolve():
        raise SystemExit("--out must be another folder")
    model, state = load_checkpoint(args.ckpt)
    w = read_weights(args.model)
    with torch.no_grad():
        model.head.bias.copy_(torch.from_numpy(w["logits/bias"]))
    shutil.copytree(args.model, args.out, dirs_exist_ok=True)
    meta = json.loads((args.model / "metadata.json").read_text())
    meta["weights"] = write_tfjs(
        model, state["size"], w["ood_proj/kernel"], w["ood_proj/bias"], args.out, quantize=False, mid=(w["ood_mid/kernel"], w["ood_mid/bias"])
    )
    meta["quantization"] = f"float32: the float weights of {args.ckpt} (the reference of {args.model}'s encoding)"
    (args.out / "metadata.json").write_text(json.dumps(meta, indent=1))
    print(f"wrote {args.out}: weights.bin {meta['weights'][0]['bytes']:,} bytes")


if __name__ == "__main__":
    main()
