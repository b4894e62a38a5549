"""Score checkpoints by the multi-source selection rule (docs/results/stage20-rule.md), on validation data only:
HAM10000 validation balanced accuracy (the default field-square view of the 200x150 frame, raw logits, as train.py
logs it) and melanoma-vs-nevus AUC on isic2017's val split (another clinic's photos, held out of training). A
candidate passes when its balanced accuracy is at least --floor and its AUC at least the reference's; of those that
pass, the one with the higher mean of the two scores is picked.

Usage: python3 -m training.select --reference training/runs/shipped/1.3.0.pt CANDIDATE.pt [...]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from training.lib.data import LABELS, eval_tensor, read_external, read_rows, split_by_lesion
from training.lib.metrics import balanced_accuracy, melanoma_vs_nevus_auc, softmax
from training.lib.model import load_checkpoint

MEL, NV = LABELS.index("mel"), LABELS.index("nv")


def validation_scores(ckpt: Path) -> dict:
    model, state = load_checkpoint(ckpt)
    size, sog = state["size"], state.get("sog_p", 0)
    scores = {}
    for name, rows in (("ham10000_val", split_by_lesion(read_rows())["val"]), ("isic2017_val", read_external("isic2017", ("val",)))):
        with torch.no_grad():
            x = eval_tensor(rows, size, sog_p=sog)
            z = torch.cat([model(x[i : i + 128]) for i in range(0, len(x), 128)]).numpy().astype(np.float64)
        y = np.array([r.label for r in rows])
        scores[name] = {"balanced_accuracy": balanced_accuracy(y, z.argmax(1), len(LABELS)),
                        "melanoma_vs_nevus_auc": melanoma_vs_nevus_auc(y, softmax(z), MEL, NV)}
    return {"checkpoint": str(ckpt), "bacc": scores["ham10000_val"]["balanced_accuracy"],
            "auc": scores["isic2017_val"]["melanoma_vs_nevus_auc"], "detail": scores}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", type=Path, required=True, help="the shipped model's checkpoint: its isic2017-val AUC is the AUC floor")
    ap.add_argument("--floor", type=float, default=0.70, help="HAM10000 validation balanced accuracy floor")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("candidates", type=Path, nargs="+")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    ref = validation_scores(args.reference)
    print(f"reference {ref['checkpoint']}: HAM10000 val balanced accuracy {ref['bacc']:.4f}, isic2017 val melanoma vs nevus AUC {ref['auc']:.4f}")
    rows = []
    for c in args.candidates:
        s = validation_scores(c)
        s["passes"] = s["bacc"] >= args.floor and s["auc"] >= ref["auc"]
        s["mean"] = (s["bacc"] + s["auc"]) / 2
        rows.append(s)
        print(f"candidate {c}: HAM10000 val balanced accuracy {s['bacc']:.4f} (floor {args.floor}), isic2017 val AUC {s['auc']:.4f} "
              f"(floor {ref['auc']:.4f}), mean {s['mean']:.4f}: {'passes' if s['passes'] else 'fails'}", flush=True)
    passing = [s for s in rows if s["passes"]]
    pick = max(passing, key=lambda s: s["mean"]) if passing else None
    print(f"picked: {pick['checkpoint'] if pick else 'none (the shipped model stays)'}")
    print(json.dumps({"reference": ref, "candidates": rows, "picked": pick["checkpoint"] if pick else None}, indent=1))


if __name__ == "__main__":
    main()
