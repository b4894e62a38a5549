"""Self-check of from_export.py: the rebuilt checkpoint, written back in tfjs layout with the prior correction
folded in again, reproduces every shipped weight (the export's layout transposes and the bias correction invert).
Needs ../shared (the backbone topology and labels.csv). Prints 'from_export check passed' or exits non-zero."""
from __future__ import annotations

import json
import sys

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.paths import ROOT
from training.lib.taxonomy import LABELS
from training.lib.tfjs_export import tfjs_arrays
from training.from_export import rebuild
from training.lib.tfjs_graph import read_weights


def main() -> None:
    model_dir = ROOT / "public" / "model"
    shipped = read_weights(model_dir)
    model, state = rebuild(model_dir)
    alpha = json.loads((model_dir / "metrics.json").read_text())["prior_correction"]["alpha"]
    train = split_by_lesion(read_rows())["train"]
    prior = np.bincount([r.label for r in train], minlength=len(LABELS)) / len(train)
    with torch.no_grad():
        model.head.bias.add_(torch.tensor(alpha * np.log(prior), dtype=torch.float32))
    mid = (shipped["ood_mid/kernel"], shipped["ood_mid/bias"]) if "ood_mid/kernel" in shipped else None
    back = dict(tfjs_arrays(model, shipped["ood_proj/kernel"], shipped["ood_proj/bias"], mid))
    failed = [n for n in shipped if n not in back or back[n].shape != shipped[n].shape or not np.allclose(back[n], shipped[n], rtol=0, atol=1e-6)]
    extra = sorted(set(back) - set(shipped))
    print(f"{len(shipped)} shipped weights, {len(failed)} differ, {len(extra)} not shipped; state keys {len(state['model'])}")
    if failed or extra:
        print(f"FAILED: differ {failed[:5]}, not shipped {extra[:5]}", file=sys.stderr)
        sys.exit(1)
    print("from_export check passed")


if __name__ == "__main__":
    main()
