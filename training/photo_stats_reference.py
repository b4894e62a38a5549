"""Writes test/fixtures/photo-stats-reference.json: photo_stats() of formula-defined inputs, for the TS parity test."""
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from photo_stats import NAMES, photo_stats  # noqa: E402

S = 40
y, x = np.meshgrid(np.arange(S), np.arange(S), indexing="ij")
FORMULAS = {
    "ramp": [((y * 31 + x * 17 + c * 7) % 256) for c in range(3)],
    "skin": [180 + (x * y) % 40, 120 + (x * 3) % 30, 90 + (y * 5) % 20],
    "grey-checker": [((x // 5 + y // 5) % 2) * 200 + 20 for c in range(3)],
}
out = {}
for name, chans in FORMULAS.items():
    px = np.stack([np.asarray(c, dtype=np.float64) for c in chans], 0)[None]
    t = torch.from_numpy((px - 128.0) / 128.0).float()
    out[name] = dict(zip(NAMES, map(float, photo_stats(t)[0])))
Path(__file__).resolve().parents[1].joinpath("test/fixtures/photo-stats-reference.json").write_text(json.dumps({"size": S, "stats": out}, indent=1))
