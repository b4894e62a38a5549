"""Convert a checkpoint (train.py / soup.py) to and from .npz: plain arrays plus a JSON header, readable by any
numpy and torch version (a checkpoint written by a GPU machine's newer torch need not load in Debian's).

Usage: python3 -m training.gpu.ckpt_npz IN.pt OUT.npz    or    IN.npz OUT.pt
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch


def to_npz(src: Path, dst: Path) -> None:
    state = torch.load(src, map_location="cpu", weights_only=False)
    meta = {k: v for k, v in state.items() if k != "model"}
    arrays = {f"model/{k}": v.float().numpy() for k, v in state["model"].items()}
    np.savez(dst, __meta__=np.array(json.dumps(meta, default=float)), **arrays)


def from_npz(src: Path, dst: Path) -> None:
    with np.load(src) as z:
        meta = json.loads(str(z["__meta__"]))
        model = {k[len("model/") :]: torch.from_numpy(z[k].copy()) for k in z.files if k.startswith("model/")}
    torch.save({"model": model, **meta}, dst)


if __name__ == "__main__":
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    (to_npz if a.suffix == ".pt" else from_npz)(a, b)
