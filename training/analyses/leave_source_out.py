"""Phone photos from a source left out of training: the malignant-vs-benign AUC (summed malignant probability, the
default view) of a checkpoint trained without pad_ufes20 on pad_ufes20's test split, beside the reference's, with
95% intervals over lesions. Stage 22's run nopad (docs/experiments.md); it picks nothing.

Usage: python3 -m training.analyses.leave_source_out CKPT [CKPT ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_external
from training.lib.preprocess import eval_tensor
from training.lib.metrics import cluster_bootstrap, malignant_vs_benign_auc, softmax
from training.lib.model import load_checkpoint


def main() -> None:
    torch.set_num_threads(2)
    rows = read_external("pad_ufes20", ("test",))
    y = np.array([r.is_malignant for r in rows])
    groups = np.array([r.lesion_id for r in rows])
    for ckpt in map(Path, sys.argv[1:]):
        model, state = load_checkpoint(ckpt)
        with torch.no_grad():
            p = softmax(model(eval_tensor(rows, state["size"], sog_p=state.get("sog_p", 0))).numpy().astype(np.float64))
        lo, hi = cluster_bootstrap(groups, lambda i: malignant_vs_benign_auc(y[i], p[i]))
        print(
            f"{ckpt} (trained on {', '.join(state.get('trained_on', ['ham10000']))}): pad_ufes20 test ({len(rows)} photos, "
            f"{int(y.sum())} malignant) malignant-vs-benign AUC {malignant_vs_benign_auc(y, p):.3f} (95% CI {lo:.3f}-{hi:.3f})"
        )


if __name__ == "__main__":
    main()
